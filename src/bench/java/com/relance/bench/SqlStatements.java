package com.relance.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * The engine's SQL statements during the waves, from H2's own statistics ({@code SET QUERY_STATISTICS}):
 * how many of each ran and the time H2 spent in them. What the job threads' database time goes to, by
 * statement, where a profile only shows H2's B-trees. H2 only, and only with {@code -Dbench.sql-stats=true}:
 * the statistics cost a little on every statement.
 */
final class SqlStatements {

    /** One statement: its text (as H2 normalised it), how often it ran, and H2's time in it. */
    record Figure(String sql, long count, double millis) {
    }

    private final DataSource dataSource;

    private SqlStatements(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Starts H2's statistics afresh; null when the database is not H2. */
    static SqlStatements start(DataSource dataSource, String databaseKind) throws SQLException {
        if (!databaseKind.equals("h2")) {
            return null;
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET QUERY_STATISTICS_MAX_ENTRIES 2000");
            statement.execute("SET QUERY_STATISTICS FALSE");
            statement.execute("SET QUERY_STATISTICS TRUE");
        }
        return new SqlStatements(dataSource);
    }

    /** Every statement since {@link #start}, the costliest first. */
    List<Figure> figures() throws SQLException {
        List<Figure> figures = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT SQL_STATEMENT, EXECUTION_COUNT, CUMULATIVE_EXECUTION_TIME"
                     + " FROM INFORMATION_SCHEMA.QUERY_STATISTICS ORDER BY CUMULATIVE_EXECUTION_TIME DESC")) {
            while (rows.next()) {
                String sql = rows.getString(1).replaceAll("\\s+", " ").trim();
                if (!sql.contains("QUERY_STATISTICS")) {
                    figures.add(new Figure(sql, rows.getLong(2), rows.getDouble(3)));
                }
            }
            statement.execute("SET QUERY_STATISTICS FALSE");
        }
        return figures;
    }
}
