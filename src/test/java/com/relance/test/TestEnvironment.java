package com.relance.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** A fresh data dir per test context and the shared SMTP server's port. */
public class TestEnvironment implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(
                "relance.data-dir=" + newDataDir(),
                "spring.mail.port=" + TestMailServer.smtpPort()
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
