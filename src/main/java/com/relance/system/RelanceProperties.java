package com.relance.system;

import java.net.URI;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Application-wide settings.
 *
 * @param dataDir   where the embedded defaults keep their files (Camunda's H2 database, the embedded MongoDB store)
 * @param publicUrl the address prospects and webhooks reach this application at; used in unsubscribe links and
 *                  in the addresses Twilio calls back (TwiML, status callbacks), whose signatures cover it
 */
@ConfigurationProperties("relance")
public record RelanceProperties(@DefaultValue("./data") Path dataDir,
                                @DefaultValue("http://localhost:8080") URI publicUrl) {
}
