package com.relance.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A fresh data dir per test context, the shared mail server's ports, the watched sender mailbox and the
 * LinkedIn provider's address.
 */
public class TestEnvironment implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(
                "relance.data-dir=" + newDataDir(),
                "spring.mail.port=" + TestMailServer.smtpPort(),
                "relance.inbox.mailboxes[0].host=127.0.0.1",
                "relance.inbox.mailboxes[0].port=" + TestMailServer.imapPort(),
                "relance.inbox.mailboxes[0].ssl=false",
                "relance.inbox.mailboxes[0].username=" + TestMailServer.SENDER,
                "relance.inbox.mailboxes[0].password=" + TestMailServer.SENDER_PASSWORD,
                "relance.linkedin.provider-url=" + TestLinkedInProvider.url(),
                "relance.linkedin.api-token=" + TestLinkedInProvider.API_TOKEN,
                "relance.linkedin.webhook-secret=" + TestLinkedInProvider.LINKEDIN_WEBHOOK_SECRET,
                "relance.meetings.webhook-secret=" + TestLinkedInProvider.MEETINGS_WEBHOOK_SECRET
        ).applyTo(context);
    }

    public static Path newDataDir() {
        try {
            return Files.createTempDirectory("relance-test-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
