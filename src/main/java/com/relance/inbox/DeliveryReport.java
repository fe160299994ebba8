package com.relance.inbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;

/**
 * What a delivery status notification (RFC 3464, {@code multipart/report; report-type=delivery-status})
 * says about the recipient that failed worst.
 *
 * @param status            the enhanced status code, e.g. {@code 5.1.1}
 * @param finalRecipient    the address the message could not reach
 * @param originalMessageId the Message-ID of the message that failed, when the report gives it
 * @param diagnostic        the remote server's words, if any
 */
record DeliveryReport(String status, String finalRecipient, String originalMessageId, String diagnostic) {

    private static final Pattern STATUS = Pattern.compile("([245])\\.\\d{1,3}\\.\\d{1,3}");

    /** A permanent failure (5.x.x): the address will not work. */
    boolean permanent() {
        return status != null && status.startsWith("5");
    }

    /** A temporary failure (4.x.x): the server may accept it later. */
    boolean temporary() {
        return status != null && status.startsWith("4");
    }

    DeliveryReport withOriginalMessageId(String messageId) {
        return originalMessageId != null || messageId == null ? this
                : new DeliveryReport(status, finalRecipient, messageId, diagnostic);
    }

    /** Reads the {@code message/delivery-status} part: one block of per-message fields, then one per recipient. */
    static DeliveryReport parse(InputStream content) throws IOException, MessagingException {
        String text = new String(content.readAllBytes(), StandardCharsets.UTF_8);
        String[] blocks = text.split("\\r?\\n\\s*\\r?\\n");
        String originalMessageId = null;
        DeliveryReport worst = null;
        for (String block : blocks) {
            if (block.isBlank()) {
                continue;
            }
            InternetHeaders fields = new InternetHeaders(new ByteArrayInputStream(
                    (block.strip() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8)));
            if (originalMessageId == null) {
                originalMessageId = first(fields, "Original-Message-ID", "X-Original-Message-ID");
            }
            String status = first(fields, "Status");
            if (status == null) {
                continue;
            }
            Matcher code = STATUS.matcher(status);
            DeliveryReport recipient = new DeliveryReport(code.find() ? code.group() : status.trim(),
                    address(first(fields, "Final-Recipient", "Original-Recipient")), null,
                    first(fields, "Diagnostic-Code"));
            if (worst == null || rank(recipient) > rank(worst)) {
                worst = recipient;
            }
        }
        if (worst == null) {
            return null;
        }
        return worst.withOriginalMessageId(originalMessageId == null ? null : originalMessageId.trim());
    }

    private static int rank(DeliveryReport report) {
        return report.permanent() ? 2 : report.temporary() ? 1 : 0;
    }

    private static String first(InternetHeaders fields, String... names) {
        for (String name : names) {
            String value = fields.getHeader(name, null);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /** {@code rfc822; someone@example.com} → {@code someone@example.com}. */
    private static String address(String field) {
        if (field == null) {
            return null;
        }
        int semicolon = field.indexOf(';');
        String address = (semicolon < 0 ? field : field.substring(semicolon + 1)).trim();
        if (address.startsWith("<") && address.endsWith(">")) {
            address = address.substring(1, address.length() - 1);
        }
        return address.toLowerCase(Locale.ROOT);
    }
}
