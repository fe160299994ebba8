package com.relance.system;

import com.relance.test.RelanceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded engine database as application.yml sets it up. */
@RelanceTest
class EngineDatabaseDefaultsTests {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void eachConnectionKeepsMoreParsedStatementsThanAStepRuns() {
        assertThat(setting("QUERY_CACHE_SIZE")).as("H2's own default is 8").isEqualTo(128);
    }

    @Test
    void onlyChunksUnderHalfFullAreCompacted() {
        assertThat(setting("AUTO_COMPACT_FILL_RATE")).as("H2's own default is 90").isEqualTo(50);
    }

    private int setting(String name) {
        return Integer.parseInt(jdbc.queryForObject("select SETTING_VALUE from INFORMATION_SCHEMA.SETTINGS where SETTING_NAME = ?",
                String.class, name));
    }
}
