package com.relance.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

/**
 * The engine's H2 store during the waves, from H2's own counters ({@code INFORMATION_SCHEMA.SETTINGS},
 * {@code info.*}): pages read back from the file (by any thread: those the page cache no longer held, and the
 * compaction's), the cache's hit ratio and size, the file's size. Counts, not timings: they compare two settings on a machine whose speed varies from run to run.
 */
final class H2Store {

    /** The counters at one moment. */
    record Snapshot(Map<String, String> info) {

        long number(String name) {
            try {
                return Long.parseLong(info.getOrDefault(name, "0").trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    private H2Store() {
    }

    /** The store's counters now; null when the database is not H2. */
    static Snapshot take(DataSource dataSource, String databaseKind) throws SQLException {
        if (!databaseKind.equals("h2")) {
            return null;
        }
        Map<String, String> info = new HashMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME LIKE 'info.%'")) {
            while (rows.next()) {
                info.put(rows.getString(1), rows.getString(2));
            }
        }
        return new Snapshot(info);
    }
}
