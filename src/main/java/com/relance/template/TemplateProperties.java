package com.relance.template;

import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where message templates (email, LinkedIn, call scripts) are read from.
 *
 * @param location      a Spring resource location holding one folder per channel ({@code email/}, ...);
 *                      the jar carries the repo's {@code templates/} folder at {@code classpath:relance-templates/}
 * @param defaultLocale the last locale tried before the template without a locale suffix
 * @param cacheTtl      how long a parsed template is reused; {@code 0s} re-reads on every use (for editing)
 */
@ConfigurationProperties("relance.templates")
public record TemplateProperties(@DefaultValue("classpath:relance-templates/") String location,
                                 @DefaultValue("en") Locale defaultLocale,
                                 @DefaultValue("1m") Duration cacheTtl) {
}
