package com.relance.inbox;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

import com.relance.test.TestMailServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** Raw messages as mail clients and servers write them, and their delivery to the sender's mailbox. */
final class Mails {

    private static final Session SESSION = Session.getInstance(utf8());

    private Mails() {
    }

    private static Properties utf8() {
        Properties properties = new Properties();
        properties.put("mail.mime.allowutf8", "true");
        return properties;
    }

    /** Builds a message from its raw text; {@code headers} are extra header lines, each ending with CRLF. */
    static String raw(String from, String subject, String headers, String body) {
        return "Message-ID: <" + UUID.randomUUID() + "@mail.client.test>\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT).format(ZonedDateTime.now()) + "\r\n"
                + "From: " + from + "\r\n"
                + "To: " + TestMailServer.SENDER + "\r\n"
                + "Subject: " + subject + "\r\n"
                + headers
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "\r\n"
                + body.replace("\n", "\r\n") + "\r\n";
    }

    /** A reply answering {@code messageId} with proper threading headers. */
    static String reply(String from, String subject, String messageId, String body) {
        return raw(from, subject, "In-Reply-To: " + messageId + "\r\nReferences: " + messageId + "\r\n", body);
    }

    /** A delivery status notification (RFC 3464) for a message that {@code recipient} did not get. */
    static String deliveryReport(String recipient, String status, String originalMessageId) {
        String boundary = "dsn-" + UUID.randomUUID();
        return "Message-ID: <" + UUID.randomUUID() + "@mx.relance.test>\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT).format(ZonedDateTime.now()) + "\r\n"
                + "From: Mail Delivery System <MAILER-DAEMON@mx.relance.test>\r\n"
                + "To: " + TestMailServer.SENDER + "\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n"
                + "Auto-Submitted: auto-replied\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"" + boundary + "\"\r\n"
                + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n"
                + "I'm sorry to have to inform you that your message could not be delivered.\r\n"
                + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Type: message/delivery-status\r\n"
                + "\r\n"
                + "Reporting-MTA: dns; mx.relance.test\r\n"
                + "Arrival-Date: Thu, 26 Nov 2026 08:00:00 +0100\r\n"
                + "\r\n"
                + "Final-Recipient: rfc822; " + recipient + "\r\n"
                + "Original-Recipient: rfc822;" + recipient + "\r\n"
                + "Action: " + (status.startsWith("5") ? "failed" : "delayed") + "\r\n"
                + "Status: " + status + "\r\n"
                + "Remote-MTA: dns; mx.example.com\r\n"
                + "Diagnostic-Code: smtp; 550 " + status + " <" + recipient + ">: Recipient address rejected: User unknown\r\n"
                + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Type: text/rfc822-headers\r\n"
                + "\r\n"
                + "From: Camille Martin <" + TestMailServer.SENDER + ">\r\n"
                + "To: " + recipient + "\r\n"
                + "Subject: Bonjour\r\n"
                + "Message-ID: " + originalMessageId + "\r\n"
                + "\r\n"
                + "--" + boundary + "--\r\n";
    }

    /**
     * The message with no date for IMAP APPEND, so that the server stamps its own arrival time: GreenMail
     * 2.1 reads an APPEND date on a 12-hour clock, which puts a message filed between 12:00 and 12:59 twelve
     * hours in the past (before the email it answers).
     */
    private static MimeMessage undated(String raw) {
        try {
            return new MimeMessage(SESSION, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))) {
                @Override
                public Date getReceivedDate() {
                    return null;
                }

                @Override
                public Date getSentDate() {
                    return null;
                }
            };
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static MimeMessage parse(String raw) {
        try {
            return new MimeMessage(SESSION, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the raw message over SMTP to the sender's mailbox (its INBOX), as the Internet would. */
    static void deliver(String raw) {
        try {
            MimeMessage message = parse(raw);
            try (Transport transport = SESSION.getTransport("smtp")) {
                transport.connect("127.0.0.1", TestMailServer.smtpPort(), null, null);
                transport.sendMessage(message, new InternetAddress[] {new InternetAddress(TestMailServer.SENDER)});
            }
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Files the raw message straight into a folder of the sender's mailbox over IMAP, as a mail client's rule would. */
    static void file(String folderName, String raw) {
        try {
            Store store = SESSION.getStore("imap");
            store.connect("127.0.0.1", TestMailServer.imapPort(), TestMailServer.SENDER, TestMailServer.SENDER_PASSWORD);
            try {
                Folder folder = store.getFolder(folderName);
                if (!folder.exists()) {
                    folder.create(Folder.HOLDS_MESSAGES);
                }
                folder.appendMessages(new Message[] {undated(raw)});
            } finally {
                store.close();
            }
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
