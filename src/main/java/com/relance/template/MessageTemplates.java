package com.relance.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.ApplicationContext;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.spring6.templateresolver.SpringResourceTemplateResolver;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * Renders message templates with Thymeleaf, the one place that does for every channel. Prospect values
 * are escaped in HTML templates ({@code th:text}, {@code [[...]]}).
 *
 * <p>A template may exist per locale: for a prospect in {@code fr-CA}, {@code intro} is looked up as
 * {@code intro.fr-CA}, then {@code intro.fr}, then the default locale ({@code intro.en}), then {@code intro}.
 */
@Component
public class MessageTemplates {

    private final TemplateProperties properties;
    private final ResourcePatternResolver resources;
    private final TemplateEngine html;
    private final TemplateEngine text;
    private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

    MessageTemplates(TemplateProperties properties, ResourcePatternResolver resources, ApplicationContext context) {
        this.properties = properties;
        this.resources = resources;
        this.html = engine(TemplateMode.HTML, context);
        this.text = engine(TemplateMode.TEXT, context);
    }

    /** Whether {@code folder/name} exists in at least one locale (or without one), as HTML or text. */
    public boolean exists(String folder, String name) {
        try {
            return resources.getResources(properties.location() + folder + "/" + name + ".*").length > 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Renders {@code folder/name(.locale).html}; fails when no locale variant exists. */
    public String renderHtml(String folder, String name, Locale locale, Map<String, Object> model) {
        return render(html, folder, name, "html", locale, model)
                .orElseThrow(() -> notFound(folder, name, "html", locale));
    }

    /** Renders {@code folder/name(.locale).txt} when one exists. */
    public Optional<String> renderText(String folder, String name, Locale locale, Map<String, Object> model) {
        return render(text, folder, name, "txt", locale, model);
    }

    private Optional<String> render(TemplateEngine engine, String folder, String name, String extension,
                                    Locale locale, Map<String, Object> model) {
        return resolve(folder, name, extension, locale).map(path -> engine.process(path, new Context(locale, model)));
    }

    /**
     * The first locale variant that exists. Kept as long as a parsed template is ({@code cache-ttl}): a
     * classpath lookup per candidate and per message cost more than the rendering itself.
     */
    private Optional<String> resolve(String folder, String name, String extension, Locale locale) {
        String key = folder + "/" + name + "." + extension + "|" + (locale == null ? "" : locale.toLanguageTag());
        long now = System.nanoTime();
        Resolved found = resolved.get(key);
        if (found == null || now - found.at() > properties.cacheTtl().toNanos()) {
            found = new Resolved(candidates(name, extension, locale).stream()
                    .map(file -> folder + "/" + file)
                    .filter(path -> resources.getResource(properties.location() + path).exists())
                    .findFirst(), now);
            if (!properties.cacheTtl().isZero()) {
                resolved.put(key, found);
            }
        }
        return found.path();
    }

    private record Resolved(Optional<String> path, long at) {
    }

    private TemplateNotFoundException notFound(String folder, String name, String extension, Locale locale) {
        return new TemplateNotFoundException(folder, name, candidates(name, extension, locale), properties.location());
    }

    private List<String> candidates(String name, String extension, Locale locale) {
        List<String> files = new ArrayList<>();
        if (locale != null && !locale.getCountry().isEmpty()) {
            files.add(name + "." + locale.toLanguageTag() + "." + extension);
        }
        if (locale != null && !locale.getLanguage().isEmpty()) {
            files.add(name + "." + locale.getLanguage() + "." + extension);
        }
        String fallback = name + "." + properties.defaultLocale().toLanguageTag() + "." + extension;
        if (!files.contains(fallback)) {
            files.add(fallback);
        }
        files.add(name + "." + extension);
        return files;
    }

    private TemplateEngine engine(TemplateMode mode, ApplicationContext context) {
        SpringResourceTemplateResolver resolver = new SpringResourceTemplateResolver();
        resolver.setApplicationContext(context);
        resolver.setPrefix(properties.location());
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(!properties.cacheTtl().isZero());
        if (!properties.cacheTtl().isZero()) {
            resolver.setCacheTTLMs(properties.cacheTtl().toMillis());
        }
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }
}
