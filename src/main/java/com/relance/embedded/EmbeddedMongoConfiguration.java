package com.relance.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.mongodb.ConnectionString;
import com.relance.system.RelanceProperties;
import de.bwaldvogel.mongo.MongoServer;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a MongoDB-wire-protocol server on loopback, persisted under the data dir, when no
 * {@code spring.data.mongodb.uri} is configured. The application reaches it through the ordinary
 * MongoDB driver, so the same code runs against a real MongoDB.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.data.mongodb.uri:}' == ''")
class EmbeddedMongoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoConfiguration.class);

    @Bean(destroyMethod = "shutdown")
    MongoServer embeddedMongoServer(RelanceProperties relance, EmbeddedProperties embedded) {
        Path file = relance.dataDir().resolve("mongo.mv").toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + file.getParent(), e);
        }
        MongoServer server = new MongoServer(new EmbeddedH2Backend(openStore(file, embedded.mongo())));
        server.bind("127.0.0.1", embedded.mongo().port());
        log.info("Embedded MongoDB server listening on {} (store {}); set spring.data.mongodb.uri to use a real MongoDB",
                server.getConnectionString(), file);
        return server;
    }

    /** The server's store file, with its commit delay, page cache, page fill and compaction as configured. */
    static MVStore openStore(Path file, EmbeddedProperties.Mongo settings) {
        MVStore store = new MVStore.Builder().fileName(file.toString())
                .cacheSize((int) Math.min(Integer.MAX_VALUE, settings.cacheSize().toMegabytes()))
                .keysPerPage(settings.keysPerPage())
                .autoCompactFillRate(settings.autoCompactFillRate())
                .open();
        store.setAutoCommitDelay((int) settings.commitDelay().toMillis());
        return store;
    }

    @Bean
    MongoConnectionDetails mongoConnectionDetails(MongoServer server, EmbeddedProperties embedded) {
        ConnectionString uri = new ConnectionString(server.getConnectionString() + "/" + embedded.mongo().database());
        return () -> uri;
    }
}
