package com.relance.embedded;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * Settings of the servers Relance runs itself when no external one is configured.
 *
 * @param mongo    the embedded MongoDB-wire-protocol server, started when {@code spring.data.mongodb.uri} is empty
 * @param mailSink the local SMTP + IMAP sink, started when {@code spring.mail.host} is empty
 */
@ConfigurationProperties("relance.embedded")
public record EmbeddedProperties(@DefaultValue Mongo mongo, @DefaultValue MailSink mailSink) {

    /**
     * @param port        loopback port of the embedded server; 0 picks a free one (logged at start-up)
     * @param database    database name the application uses
     * @param commitDelay how often the store is flushed to disk; a crash (not a clean stop) can lose this much
     * @param cacheSize   the store's page cache, as the store estimates it (about twice the documents' BSON size;
     *                    the heap they take is several times that); whole megabytes, at least one
     * @param keysPerPage how many entries (documents, index keys) a page of the store holds before it is split
     *                    (pages are also split beyond 16 kB of estimated size): each write has the store's writer
     *                    encode its whole page again, each page read back from the file decodes all of its
     *                    documents; at least 4. 12 rather than the store's own 48: a step's touch update
     *                    then re-encodes a quarter as many documents (docs/performance-log.md, ninth pass)
     * @param autoCompactFillRate the store's writer rewrites the live pages of the file's chunks that hold less
     *                    live data than this percentage, to free them (0: never): 50, not the store's own 90,
     *                    which had it rewrite pages without pause under steady updates
     *                    (docs/performance-log.md, eleventh pass); the file may then hold up to about twice its
     *                    live data
     */
    public record Mongo(@DefaultValue("27018") int port,
                        @DefaultValue("relance") String database,
                        @DefaultValue("200ms") Duration commitDelay,
                        @DefaultValue("16MB") @DataSizeUnit(DataUnit.MEGABYTES) DataSize cacheSize,
                        @DefaultValue("12") int keysPerPage,
                        @DefaultValue("50") int autoCompactFillRate) {

        public Mongo {
            if (cacheSize.toMegabytes() < 1) {
                throw new IllegalArgumentException("relance.embedded.mongo.cache-size must be at least 1MB, not " + cacheSize);
            }
            if (keysPerPage < 4) {
                throw new IllegalArgumentException("relance.embedded.mongo.keys-per-page must be at least 4, not " + keysPerPage);
            }
            if (autoCompactFillRate < 0 || autoCompactFillRate > 100) {
                throw new IllegalArgumentException("relance.embedded.mongo.auto-compact-fill-rate is a percentage from 0 to 100, not "
                        + autoCompactFillRate);
            }
        }
    }

    /**
     * @param smtpPort loopback SMTP port the application sends to; 0 picks a free one
     * @param imapPort loopback IMAP port to read what was sent (login: the recipient address, any password)
     */
    public record MailSink(@DefaultValue("3025") int smtpPort, @DefaultValue("3143") int imapPort) {
    }
}
