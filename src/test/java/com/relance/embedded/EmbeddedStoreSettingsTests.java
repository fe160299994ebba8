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

/** The embedded store is opened with the commit delay, page cache, page fill and compaction that {@code relance.embedded.mongo.*} give. */
class EmbeddedStoreSettingsTests {

    @Test
    void withoutSettingsTheStoreGetsTheDocumentedDefaults(@TempDir Path dir) {
        EmbeddedProperties.Mongo settings = bind(Map.of()).mongo();

        MVStore store = EmbeddedMongoConfiguration.openStore(dir.resolve("mongo.mv"), settings);
        try {
            assertThat(store.getCacheSize()).isEqualTo(16);
            assertThat(store.getAutoCommitDelay()).isEqualTo(200);
            assertThat(store.getKeysPerPage()).isEqualTo(12);
            assertThat(autoCompactFillRate(store)).isEqualTo(50);
        } finally {
            store.close();
        }
    }

    @Test
    void sizesInTheirDefaultUnitOrWithOneSetTheStoresCacheAndPages(@TempDir Path dir) {
        EmbeddedProperties.Mongo plain = bind(Map.of("relance.embedded.mongo.cache-size", "48",
                "relance.embedded.mongo.keys-per-page", "8", "relance.embedded.mongo.auto-compact-fill-rate", "0")).mongo();
        EmbeddedProperties.Mongo withUnit = bind(Map.of("relance.embedded.mongo.cache-size", "1GB",
                "relance.embedded.mongo.commit-delay", "1s")).mongo();

        MVStore first = EmbeddedMongoConfiguration.openStore(dir.resolve("first.mv"), plain);
        MVStore second = EmbeddedMongoConfiguration.openStore(dir.resolve("second.mv"), withUnit);
        try {
            assertThat(first.getCacheSize()).isEqualTo(48);
            assertThat(first.getKeysPerPage()).isEqualTo(8);
            assertThat(autoCompactFillRate(first)).as("never").isZero();
            assertThat(second.getCacheSize()).isEqualTo(1024);
            assertThat(second.getAutoCommitDelay()).isEqualTo(1000);
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void aCacheUnderOneMegabytePagesOfFewerThanFourKeysOrAFillRateOver100AreRefusedWithThePropertyNamed() {
        assertThatThrownBy(() -> bind(Map.of("relance.embedded.mongo.cache-size", "512KB")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("relance.embedded.mongo.cache-size must be at least 1MB");
        assertThatThrownBy(() -> bind(Map.of("relance.embedded.mongo.keys-per-page", "2")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("relance.embedded.mongo.keys-per-page must be at least 4");
        assertThatThrownBy(() -> bind(Map.of("relance.embedded.mongo.auto-compact-fill-rate", "120")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("relance.embedded.mongo.auto-compact-fill-rate is a percentage from 0 to 100, not 120");
    }

    /** The store keeps it in its file store, which shows it only to subclasses. */
    private static int autoCompactFillRate(MVStore store) {
        try {
            java.lang.reflect.Method getter = org.h2.mvstore.FileStore.class.getDeclaredMethod("getAutoCompactFillRate");
            getter.setAccessible(true);
            return (int) getter.invoke(store.getFileStore());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("H2's FileStore no longer has getAutoCompactFillRate()", e);
        }
    }

    private static EmbeddedProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("relance.embedded", EmbeddedProperties.class);
    }
}
