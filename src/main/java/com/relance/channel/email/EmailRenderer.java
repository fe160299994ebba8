package com.relance.channel.email;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.relance.campaign.Campaign;
import com.relance.prospect.Prospect;
import com.relance.template.MessageTemplates;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * Renders {@code templates/email/<name>(.<locale>).html}: the {@code <title>} is the subject, the
 * body the HTML part; {@code <name>.txt} (optional) the plain-text part, else derived from the HTML.
 * Templates see {@code prospect}, {@code campaign}, {@code sender} and {@code unsubscribeUrl}.
 */
@Component
class EmailRenderer {

    static final String FOLDER = "email";
    private static final Pattern TITLE = Pattern.compile("<title[^>]*>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern BLOCK_END = Pattern.compile("(?i)<br\\s*/?>|</p>|</div>|</h[1-6]>|</li>|</tr>");
    private static final Pattern TAG = Pattern.compile("<[^>]+>");
    private static final Pattern HEAD = Pattern.compile("(?is)<head.*?</head>");
    private static final Pattern LINK = Pattern.compile("(?is)<a\\s[^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>");

    private final MessageTemplates templates;

    EmailRenderer(MessageTemplates templates) {
        this.templates = templates;
    }

    EmailMessage render(String template, Prospect prospect, Campaign campaign, String unsubscribeUrl) {
        Locale locale = prospect.locale() == null ? Locale.ROOT : Locale.forLanguageTag(prospect.locale());
        Map<String, Object> model = Map.of("prospect", prospect, "campaign", campaign, "sender", campaign.sender(),
                "unsubscribeUrl", unsubscribeUrl);
        String html = templates.renderHtml(FOLDER, template, locale, model);
        Matcher title = TITLE.matcher(html);
        if (!title.find() || title.group(1).isBlank()) {
            throw new IllegalStateException("Email template '" + template + "' has no <title>: the title is the subject");
        }
        String subject = HtmlUtils.htmlUnescape(title.group(1)).replaceAll("\\s+", " ").trim();
        String text = templates.renderText(FOLDER, template, locale, model).orElseGet(() -> plainText(html));
        return new EmailMessage(subject, html, text);
    }

    private static String plainText(String html) {
        String body = HEAD.matcher(html).replaceAll("");
        body = LINK.matcher(body).replaceAll("$2 ($1)");
        body = BLOCK_END.matcher(body).replaceAll("\n");
        body = TAG.matcher(body).replaceAll("");
        return HtmlUtils.htmlUnescape(body)
                .replaceAll("[ \\t]+", " ")
                .replaceAll("(?m)^ | $", "")
                .replaceAll("\\n{3,}", "\n\n")
                .trim();
    }
}
