package com.relance.embedded;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * A local SMTP + IMAP server that keeps every message the application sends, so sequences run out of
 * the box without a real mail server. Messages live in memory only.
 */
public class MailSink implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MailSink.class);

    private final GreenMail greenMail;

    MailSink(EmbeddedProperties.MailSink settings) {
        ServerSetup smtp = new ServerSetup(settings.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        ServerSetup imap = new ServerSetup(settings.imapPort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
        this.greenMail = new GreenMail(new ServerSetup[] {
                settings.smtpPort() == 0 ? smtp.dynamicPort() : smtp,
                settings.imapPort() == 0 ? imap.dynamicPort() : imap});
        greenMail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        log.info("Mail sink: SMTP on 127.0.0.1:{}, IMAP on 127.0.0.1:{} (login = recipient address, any password); "
                + "set spring.mail.host to send real email", smtpPort(), imapPort());
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public int imapPort() {
        return greenMail.getImap().getPort();
    }

    /** Every message received since start, oldest first. */
    public List<SinkMessage> messages() {
        return Arrays.stream(greenMail.getReceivedMessages()).map(MailSink::toSinkMessage).toList();
    }

    private static SinkMessage toSinkMessage(MimeMessage message) {
        try {
            return new SinkMessage(message.getMessageID(),
                    addresses(message.getFrom()),
                    addresses(message.getAllRecipients()),
                    message.getSubject(),
                    message.getSentDate() == null ? null : message.getSentDate().toInstant(),
                    GreenMailUtil.getBody(message));
        } catch (MessagingException e) {
            throw new IllegalStateException("Unreadable message in the mail sink", e);
        }
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses).map(Address::toString).toList();
    }

    @Override
    public void destroy() {
        greenMail.stop();
    }

    /** A message as the sink received it; {@code body} is the raw MIME body. */
    public record SinkMessage(String messageId, List<String> from, List<String> to, String subject,
                              Instant sentAt, String body) {
    }
}
