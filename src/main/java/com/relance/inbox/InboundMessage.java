package com.relance.inbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import org.springframework.web.util.HtmlUtils;

/**
 * A message found in a sender's mailbox, reduced to what the watcher decides on.
 *
 * @param messageId   its Message-ID (a digest of its headers when it has none), the key that makes it processed once
 * @param from        the sender's address, lower case; null when unreadable
 * @param threadIds   the Message-IDs it answers: In-Reply-To first, then References newest first
 * @param headers     the headers that mark automatic messages ({@code Auto-Submitted}, {@code X-Autoreply},
 *                    {@code Precedence}...), names in lower case
 * @param text        what the sender wrote, without the quoted message they answer
 * @param delivery    the delivery status report, for a bounce
 */
record InboundMessage(String messageId, String from, String subject, Instant receivedAt, List<String> threadIds,
                      Map<String, String> headers, String text, DeliveryReport delivery) {

    static final int SNIPPET_LENGTH = 200;

    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
    private static final List<String> AUTOMATIC_HEADERS = List.of("Auto-Submitted", "X-Autoreply", "X-Autorespond",
            "X-Auto-Reply", "Precedence", "X-Precedence");
    /** Where the quoted message starts in a reply: "On ... wrote:", "Le ... a écrit :", Outlook's header block. */
    private static final Pattern QUOTE_START = Pattern.compile(
            "^(On\\s.*wrote:?|Le\\s.*a\\s+écrit\\s*:?|-{2,}\\s*(Original Message|Message d'origine|Message original|Forwarded message|Message transféré)\\s*-*"
                    + "|_{10,}|(From|De)\\s*:\\s.*)\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** The start of what the sender wrote, on one line. */
    String snippet() {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= SNIPPET_LENGTH ? flat : flat.substring(0, SNIPPET_LENGTH - 1).strip() + "…";
    }

    static InboundMessage read(MimeMessage message, Instant receivedAt) throws MessagingException, IOException {
        String messageId = firstId(message.getHeader("Message-ID", null));
        if (messageId == null) {
            messageId = digestId(message);
        }
        List<String> threadIds = new ArrayList<>(ids(message.getHeader("In-Reply-To", null)));
        List<String> references = ids(message.getHeader("References", null));
        Collections.reverse(references);
        references.stream().filter(id -> !threadIds.contains(id)).forEach(threadIds::add);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : AUTOMATIC_HEADERS) {
            String value = message.getHeader(name, null);
            if (value != null) {
                headers.put(name.toLowerCase(Locale.ROOT), value.trim());
            }
        }
        Body body = new Body();
        body.read(message);
        String text = body.plain != null ? body.plain : body.html != null ? fromHtml(body.html) : "";
        return new InboundMessage(messageId, from(message), message.getSubject() == null ? "" : message.getSubject(),
                receivedAt, List.copyOf(threadIds), Map.copyOf(headers), ownWords(text),
                body.delivery == null ? null : body.delivery.withOriginalMessageId(body.originalMessageId));
    }

    /** The Message-IDs in a header, in order. */
    static List<String> ids(String header) {
        List<String> ids = new ArrayList<>();
        if (header != null) {
            Matcher matcher = MESSAGE_ID.matcher(header);
            while (matcher.find()) {
                ids.add(matcher.group());
            }
        }
        return ids;
    }

    private static String firstId(String header) {
        List<String> ids = ids(header);
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** The lines the sender wrote: quoted lines and everything from the quoted message's header on are left out. */
    static String ownWords(String text) {
        StringBuilder own = new StringBuilder();
        for (String line : text.split("\\r?\\n")) {
            String trimmed = line.strip();
            if (QUOTE_START.matcher(trimmed).matches()) {
                break;
            }
            if (!trimmed.startsWith(">")) {
                own.append(line).append('\n');
            }
        }
        return own.toString().strip();
    }

    private static String from(MimeMessage message) throws MessagingException {
        Address[] from;
        try {
            from = message.getFrom();
        } catch (AddressException e) {
            String raw = message.getHeader("From", null);
            from = raw == null ? null : InternetAddress.parseHeader(raw, false);
        }
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress address) || address.getAddress() == null) {
            return null;
        }
        return address.getAddress().toLowerCase(Locale.ROOT);
    }

    private static String fromHtml(String html) {
        String text = html.replaceAll("(?is)<(script|style|head)[^>]*>.*?</\\1>", " ")
                .replaceAll("(?i)<br\\s*/?>|</p>|</div>|</tr>|<blockquote", "\n$0")
                .replaceAll("(?is)<blockquote.*", "")
                .replaceAll("<[^>]+>", " ");
        return HtmlUtils.htmlUnescape(text).replace('\u00a0', ' ');
    }

    private static String digestId(MimeMessage message) throws MessagingException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Enumeration<String> lines = message.getAllHeaderLines();
            while (lines.hasMoreElements()) {
                sha.update(lines.nextElement().getBytes(StandardCharsets.UTF_8));
            }
            return "<" + HexFormat.of().formatHex(sha.digest()) + "@no-message-id.relance>";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Walks the MIME tree once: the first text parts, and the delivery report of a bounce. */
    private static final class Body {
        String plain;
        String html;
        DeliveryReport delivery;
        String originalMessageId;

        void read(Part part) throws MessagingException, IOException {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    read(child);
                }
            } else if (part.isMimeType("message/delivery-status")) {
                delivery = DeliveryReport.parse(part.getInputStream());
            } else if (part.isMimeType("text/rfc822-headers")) {
                originalMessageId = firstId(new InternetHeaders(part.getInputStream()).getHeader("Message-ID", null));
            } else if (part.isMimeType("message/rfc822")) {
                // the message a bounce returns: only its Message-ID matters, never its text
                Object content = part.getContent();
                if (content instanceof MimeMessage original) {
                    originalMessageId = firstId(original.getHeader("Message-ID", null));
                }
            } else if (!Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                if (plain == null && part.isMimeType("text/plain")) {
                    plain = String.valueOf(part.getContent());
                } else if (html == null && part.isMimeType("text/html")) {
                    html = String.valueOf(part.getContent());
                }
            }
        }
    }
}
