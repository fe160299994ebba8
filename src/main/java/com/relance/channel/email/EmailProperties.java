package com.relance.channel.email;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param unsubscribeSecret     key that signs unsubscribe links; when empty a random key is generated once
 *                              and kept in MongoDB (so every node of a cluster signs alike)
 * @param messagesPerConnection emails a sending thread sends over one SMTP connection before opening another
 *                              (20); 1 opens one per email
 * @param connectionIdle        an SMTP connection unused this long (30 s) is closed rather than reused, well
 *                              within the 5 minutes SMTP servers wait before dropping an idle client
 */
@ConfigurationProperties("relance.email")
public record EmailProperties(String unsubscribeSecret,
                              @DefaultValue("20") int messagesPerConnection,
                              @DefaultValue("30s") Duration connectionIdle) {
}
