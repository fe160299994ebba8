package com.relance.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Camunda's database for one phase, fresh each time: an H2 file in the run's temp dir (default), or a
 * schema of its own on a PostgreSQL server (created here, dropped at the end). Any other JDBC URL is used
 * as given, and must then point at an empty database.
 */
final class Database implements AutoCloseable {

    private final String kind;
    private final String url;
    private final String user;
    private final String password;
    private final String schema;
    private final String serverUrl;

    private Database(String kind, String url, String user, String password, String schema, String serverUrl) {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = schema;
        this.serverUrl = serverUrl;
    }

    static Database fresh(String spec, String user, String password, Path dir, String phase) throws SQLException {
        if (spec == null || spec.isBlank() || spec.equals("h2")) {
            // the product's default H2 settings (application.yml), for both phases
            return new Database("h2", "jdbc:h2:file:" + dir.resolve(phase).resolve("camunda")
                    + ";DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=128;AUTO_COMPACT_FILL_RATE=50", "sa", "", null, null);
        }
        if (spec.startsWith("jdbc:postgresql:")) {
            String u = user == null || user.isBlank() ? "postgres" : user;
            String p = password == null ? "" : password;
            String schema = "bench_" + phase + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            try (Connection connection = DriverManager.getConnection(spec, u, p);
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
            }
            String url = spec + (spec.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            return new Database("postgresql", url, u, p, schema, spec);
        }
        return new Database("other", spec, user == null ? "" : user, password == null ? "" : password, null, null);
    }

    String kind() {
        return kind;
    }

    /** The phase's own schema on a PostgreSQL server; null otherwise. */
    String schema() {
        return schema;
    }

    /** A connection to the PostgreSQL server as given, outside the phase's schema. */
    Connection serverConnection() throws SQLException {
        return DriverManager.getConnection(serverUrl, user, password);
    }

    /** Spring Boot arguments pointing Camunda at this database. */
    List<String> springArgs() {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password));
        if (schema != null) {
            args.add("--camunda.bpm.database.schema-name=" + schema);
            args.add("--camunda.bpm.database.table-prefix=" + schema + ".");
        }
        return args;
    }

    @Override
    public void close() throws SQLException {
        if (schema != null) {
            try (Connection connection = serverConnection(); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
