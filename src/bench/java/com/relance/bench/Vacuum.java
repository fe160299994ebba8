package com.relance.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for PostgreSQL's autovacuum when the server runs without it: every few seconds it vacuums and
 * analyses the phase's tables that autovacuum's default thresholds would pick (dead rows above 50 plus a fifth of
 * the live ones; changes since the last analysis above 50 plus a tenth). Without it the engine's job table fills
 * with dead rows and the job acquisition query, not the steps, sets both phases' pace. Nothing on H2, nor when
 * the server vacuums by itself.
 */
final class Vacuum implements AutoCloseable {

    private static final long PERIOD_SECONDS = 5;

    private final ScheduledExecutorService scheduler;
    private final AtomicLong vacuums = new AtomicLong();
    private final AtomicLong analyses = new AtomicLong();

    private Vacuum(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Starts vacuuming for {@code database} where the server does not; {@code null} where it is not needed. */
    static Vacuum startIfNeeded(Database database) throws SQLException {
        if (!database.kind().equals("postgresql") || serverVacuums(database)) {
            return null;
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "bench-vacuum");
            thread.setDaemon(true);
            return thread;
        });
        Vacuum vacuum = new Vacuum(scheduler);
        scheduler.scheduleWithFixedDelay(() -> vacuum.pass(database), PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
        return vacuum;
    }

    private static boolean serverVacuums(Database database) throws SQLException {
        try (Connection connection = database.serverConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SHOW autovacuum")) {
            return row.next() && row.getString(1).equals("on");
        }
    }

    private void pass(Database database) {
        try (Connection connection = database.serverConnection();
             PreparedStatement tables = connection.prepareStatement("SELECT relname, n_dead_tup > 50 + 0.2 * n_live_tup,"
                     + " n_mod_since_analyze > 50 + 0.1 * n_live_tup FROM pg_stat_user_tables WHERE schemaname = ?")) {
            tables.setString(1, database.schema());
            List<String> vacuumed = new ArrayList<>();
            List<String> analysed = new ArrayList<>();
            try (ResultSet rows = tables.executeQuery()) {
                while (rows.next()) {
                    String table = database.schema() + "." + rows.getString(1);
                    if (rows.getBoolean(2)) {
                        vacuumed.add(table);
                    } else if (rows.getBoolean(3)) {
                        analysed.add(table);
                    }
                }
            }
            // counted once done, so a pass cut short by the phase's end does not count what it did not do
            try (Statement statement = connection.createStatement()) {
                for (String table : vacuumed) {
                    statement.execute("VACUUM (ANALYZE) " + table);
                    vacuums.incrementAndGet();
                }
                for (String table : analysed) {
                    statement.execute("ANALYZE " + table);
                    analyses.incrementAndGet();
                }
            }
        } catch (SQLException e) {
            // the phase may be closing its schema; the next pass tries again
            System.err.println("bench-vacuum: " + e.getMessage());
        }
    }

    /** Tables vacuumed (with an analysis) so far. */
    long vacuums() {
        return vacuums.get();
    }

    /** Tables analysed alone so far. */
    long analyses() {
        return analyses.get();
    }

    @Override
    public void close() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(1, TimeUnit.MINUTES);
    }
}
