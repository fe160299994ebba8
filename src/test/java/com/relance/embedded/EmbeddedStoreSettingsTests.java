package com.relance.embedded;

import java.nio.file.Path;
import java.util.Map;

import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded store is opened with the commit delay, page cache and page fill that {@code relance.embedded.mongo.*} give. */
class EmbeddedStoreSettingsTests {

    @Test
    void withoutSettingsTheStoreGetsTheDocumentedDefaults(@TempDir Path dir) {
        EmbeddedProperties.Mongo settings = bind(Map.of()).mongo();

        MVStore store = EmbeddedMongoConfiguration.openStore(dir.resolve("mongo.mv"), settings);
        try {
            assertThat(store.getCacheSize()).isEqualTo(16);
            assertThat(store.getAutoCommitDelay()).isEqualTo(200);
            assertThat(store.getKeysPerPage()).isEqualTo(12);
        } finally {
            store.close();
        }
    }

    @Test
    void sizesInTheirDefaultUnitOrWithOneSetTheStoresCacheAndPages(@TempDir Path dir) {
        EmbeddedProperties.Mongo plain = bind(Map.of("relance.embedded.mongo.cache-size", "48",
                "relance.embedded.mongo.keys-per-page", "8")).mongo();
        EmbeddedProperties.Mongo withUnit = bind(Map.of("relance.embedded.mongo.cache-size", "1GB",
                "relance.embedded.mongo.commit-delay", "1s")).mongo();

        MVStore first = EmbeddedMongoConfiguration.openStore(dir.resolve("first.mv"), plain);
        MVStore second = EmbeddedMongoConfiguration.openStore(dir.resolve("second.mv"), withUnit);
        try {
            assertThat(first.getCacheSize()).isEqualTo(48);
            assertThat(first.getKeysPerPage()).isEqualTo(8);
            assertThat(second.getCacheSize()).isEqualTo(1024);
            assertThat(second.getAutoCommitDelay()).isEqualTo(1000);
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void aCacheUnderOneMegabyteOrPagesOfFewerThanFourKeysAreRefusedWithThePropertyNamed() {
        assertThatThrownBy(() -> bind(Map.of("relance.embedded.mongo.cache-size", "512KB")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("relance.embedded.mongo.cache-size must be at least 1MB");
        assertThatThrownBy(() -> bind(Map.of("relance.embedded.mongo.keys-per-page", "2")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("relance.embedded.mongo.keys-per-page must be at least 4");
    }

    private static EmbeddedProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("relance.embedded", EmbeddedProperties.class);
    }
}
