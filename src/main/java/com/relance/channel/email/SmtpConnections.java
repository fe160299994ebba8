package com.relance.channel.email;

import java.io.IOException;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Sends the steps' emails over SMTP connections kept open by each sending thread, for up to
 * {@code relance.email.messages-per-connection} messages and while used at least every
 * {@code relance.email.connection-idle}. Spring's sender opens a connection for each message (TCP, greeting,
 * EHLO, QUIT: most of the cost of a short email on a local relay).
 *
 * <p>A reused connection the server has meanwhile closed fails before the server can have accepted the
 * message: that one message is sent again once, on a fresh connection. Any other failure (a refused address,
 * a server error) closes the connection and is thrown, so the step fails and is retried as before. With a mail sender that
 * is not Spring's SMTP sender, or {@code messages-per-connection} of 1, every message goes through
 * {@link JavaMailSender#send(MimeMessage)}.
 */
@Component
class SmtpConnections implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SmtpConnections.class);
    // Angus Mail's message when writing a command to the server fails
    private static final String COMMAND_NOT_WRITTEN = "Can't send command to SMTP host";

    private final JavaMailSender mailSender;
    private final int messagesPerConnection;
    private final long idleNanos;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong opened = new AtomicLong();

    SmtpConnections(JavaMailSender mailSender, EmailProperties properties) {
        this.mailSender = mailSender;
        this.messagesPerConnection = properties.messagesPerConnection();
        this.idleNanos = properties.connectionIdle().toNanos();
    }

    /** Sends the message, keeping its Message-ID (a retried step must send the same one). */
    void send(MimeMessage message) {
        if (!(mailSender instanceof JavaMailSenderImpl smtp) || messagesPerConnection <= 1) {
            mailSender.send(message);
            return;
        }
        try {
            prepare(message);
            Connection connection = connection(smtp);
            try {
                sendOn(connection, message);
            } catch (MessagingException e) {
                if (connection.sent == 0 || !connectionLost(e)) {
                    throw e;
                }
                log.debug("SMTP connection closed by the server after {} message(s); sending on a new one", connection.sent);
                sendOn(connection(smtp), message);
            }
        } catch (MessagingException e) {
            throw new MailSendException("Could not send the message: " + e.getMessage(), e);
        }
    }

    // a connection that failed is not used again
    private void sendOn(Connection connection, MimeMessage message) throws MessagingException {
        try {
            connection.send(message);
        } catch (MessagingException e) {
            close(connection);
            throw e;
        }
    }

    /** How many SMTP connections were opened since start. */
    long opened() {
        return opened.get();
    }

    @Override
    public void destroy() {
        open.forEach(this::close);
    }

    // as JavaMailSenderImpl does: saveChanges() writes a new Message-ID, so the step's one is set back
    private static void prepare(MimeMessage message) throws MessagingException {
        if (message.getSentDate() == null) {
            message.setSentDate(new Date());
        }
        String messageId = message.getMessageID();
        message.saveChanges();
        if (messageId != null) {
            message.setHeader("Message-ID", messageId);
        }
    }

    private Connection connection(JavaMailSenderImpl smtp) throws MessagingException {
        Connection connection = current.get();
        if (connection != null && (connection.sent >= messagesPerConnection
                || System.nanoTime() - connection.lastUsed > idleNanos)) {
            close(connection);
            connection = null;
        }
        if (connection == null) {
            String protocol = smtp.getProtocol() != null ? smtp.getProtocol()
                    : smtp.getSession().getProperty("mail.transport.protocol");
            Transport transport = smtp.getSession().getTransport(protocol != null ? protocol : "smtp");
            String username = smtp.getUsername() == null || smtp.getUsername().isEmpty() ? null : smtp.getUsername();
            String password = username == null && "".equals(smtp.getPassword()) ? null : smtp.getPassword();
            transport.connect(smtp.getHost(), smtp.getPort(), username, password);
            connection = new Connection(transport);
            opened.incrementAndGet();
            open.add(connection);
            current.set(connection);
        }
        return connection;
    }

    private void close(Connection connection) {
        open.remove(connection);
        if (current.get() == connection) {
            current.remove();
        }
        try {
            connection.transport.close();
        } catch (MessagingException | RuntimeException e) {
            log.debug("Closing an SMTP connection: {}", e.getMessage());
        }
    }

    /**
     * Whether the server cannot have accepted the message, so sending it again cannot deliver it twice: a
     * command could not be written to the closed connection (a server accepts a message only once it has read
     * its final "." command), or the message's first command met the end of the stream or a 421 (closing).
     * A failure while reading the answer to the final "." is not one of them.
     */
    private static boolean connectionLost(MessagingException e) {
        if (e instanceof SMTPSendFailedException failed) {
            return failed.getCommand() != null && failed.getCommand().startsWith("MAIL FROM")
                    && (failed.getReturnCode() == -1 || failed.getReturnCode() == 421);
        }
        return e.getCause() instanceof IOException && COMMAND_NOT_WRITTEN.equals(e.getMessage());
    }

    private static final class Connection {
        final Transport transport;
        int sent;
        long lastUsed = System.nanoTime();

        Connection(Transport transport) {
            this.transport = transport;
        }

        void send(MimeMessage message) throws MessagingException {
            Address[] recipients = message.getAllRecipients();
            transport.sendMessage(message, recipients != null ? recipients : new Address[0]);
            sent++;
            lastUsed = System.nanoTime();
        }
    }
}
