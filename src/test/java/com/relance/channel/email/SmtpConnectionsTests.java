package com.relance.channel.email;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

import static org.assertj.core.api.Assertions.assertThat;

/** Emails share SMTP connections, arrive once each with their own Message-ID, and survive a dropped connection. */
class SmtpConnectionsTests {

    private GreenMail server;
    private final JavaMailSenderImpl sender = new JavaMailSenderImpl();

    @BeforeEach
    void aMailServer() {
        server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        server.start();
        sender.setHost("127.0.0.1");
        sender.setPort(server.getSmtp().getPort());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void sixEmailsFromOneThreadGoOverThreeConnectionsOfTwoMessages() throws Exception {
        SmtpConnections connections = connections(2, Duration.ofSeconds(30));
        List<String> sentIds = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            MimeMessage message = email(i);
            sentIds.add(message.getMessageID());
            connections.send(message);
        }

        assertThat(connections.opened()).isEqualTo(3);
        assertThat(receivedIds()).containsExactlyInAnyOrderElementsOf(sentIds);
        connections.destroy();
    }

    @Test
    void aConnectionUnusedLongerThanTheIdleTimeIsNotReused() throws Exception {
        SmtpConnections connections = connections(20, Duration.ZERO);
        connections.send(email(1));
        connections.send(email(2));

        assertThat(connections.opened()).isEqualTo(2);
        assertThat(receivedIds()).hasSize(2);
        connections.destroy();
    }

    @Test
    void anEmailOnAConnectionTheServerDroppedIsSentOnceOnANewOne() throws Exception {
        SmtpConnections connections = connections(20, Duration.ofSeconds(30));
        connections.send(email(1));
        int port = server.getSmtp().getPort();
        server.stop();  // the kept connection is closed by the server
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();

        MimeMessage second = email(2);
        connections.send(second);

        assertThat(connections.opened()).isEqualTo(2);
        assertThat(receivedIds()).containsExactly(second.getMessageID());
        connections.destroy();
    }

    private SmtpConnections connections(int messagesPerConnection, Duration idle) {
        return new SmtpConnections(sender, new EmailProperties(null, messagesPerConnection, idle));
    }

    private MimeMessage email(int n) throws MessagingException {
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
        helper.setFrom("camille@relance.test");
        helper.setTo("prospect" + n + "@example.com");
        helper.setSubject("Hello " + n);
        helper.setText("Body " + n);
        message.setHeader("Message-ID", "<step-" + n + "-" + System.nanoTime() + "@relance.test>");
        return message;
    }

    private List<String> receivedIds() {
        return Arrays.stream(server.getReceivedMessages()).map(message -> {
            try {
                return message.getMessageID();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
