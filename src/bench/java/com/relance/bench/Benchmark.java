package com.relance.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import org.slf4j.LoggerFactory;

/**
 * {@code mvn -Pbench verify}: imports synthetic prospects, enrolls them in one campaign on an 8-step
 * sequence and runs every sequence to its end in simulated time, then does the same with no-op steps on
 * bare Camunda. Prints a summary and, as its last line, one JSON object with the figures.
 */
public final class Benchmark {

    private final Options options;
    private final Map<String, Object> result = new LinkedHashMap<>();
    private final List<String> summary = new ArrayList<>();

    private Benchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        Options options = Options.fromSystemProperties();
        Benchmark benchmark = new Benchmark(options);
        int status = 0;
        try {
            if (options.phases().size() > 1 && !PhaseJvms.isPhaseJvm()) {
                status = new PhaseJvms(options).run(benchmark.result);
            } else {
                benchmark.run();
            }
        } catch (Throwable e) {
            status = 1;
            e.printStackTrace(System.out);
            benchmark.result.put("error", String.valueOf(e));
        }
        benchmark.print(!PhaseJvms.isPhaseJvm());
        System.exit(status);
    }

    private void run() throws Exception {
        Path dir = Files.createTempDirectory("relance-bench-");
        int jitLevel = tieredStopAtLevel();
        say("Relance benchmark: " + options.prospects() + " prospects, database " + options.db() + ", phases "
                + options.phases() + ", " + options.workers() + " simulated people, heap max " + Memory.maxHeapMb()
                + " MiB, " + Runtime.getRuntime().availableProcessors() + " cores, JIT "
                + (jitLevel == 1 ? "C1 only" : "with C2") + "; files in " + dir);
        result.put("prospects", options.prospects());
        result.put("db", options.db().startsWith("jdbc:postgresql:") ? "postgresql" : options.db());
        try {
            Map<String, Object> relanceSettings = null;
            Map<String, Object> bareSettings = null;
            double relanceSteps = -1;
            if (options.runs("relance")) {
                relanceSettings = relance(dir);
                if (!options.stopsAfterEnrollment()) {
                    relanceSteps = ((Number) result.get("steps_per_s")).doubleValue();
                }
            }
            if (options.runs("baseline")) {
                bareSettings = baseline(dir);
                if (relanceSteps > 0) {
                    putRatios(result);
                }
            }
            Map<String, Object> settings = relanceSettings != null ? relanceSettings : bareSettings;
            if (settings != null) {
                result.putAll(settings);
            }
            if (relanceSettings != null && bareSettings != null && !sameEngineSettings(relanceSettings, bareSettings)) {
                result.put("baseline_engine_settings_differ", bareSettings);
            }
            result.put("workers", options.workers());
            result.put("java", System.getProperty("java.version"));
            result.put("cores", Runtime.getRuntime().availableProcessors());
            result.put("heap_max_mb", Memory.maxHeapMb());
            result.put("jvm_tiered_stop_at_level", jitLevel);
        } finally {
            if (!options.keep()) {
                deleteTree(dir);
            }
        }
    }

    /** The phases' JIT: 4 is the JVM's own (C1, then C2), 1 is C1 alone (as {@code mvn spring-boot:run} starts the product). */
    private static int tieredStopAtLevel() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue())
                ? Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) : 4;
    }

    /** Whether every engine setting of the baseline ({@code b}) is the same in Relance ({@code a}). */
    private static boolean sameEngineSettings(Map<String, Object> a, Map<String, Object> b) {
        return b.entrySet().stream().allMatch(e -> e.getValue().equals(a.get(e.getKey())));
    }

    // ------------------------------------------------------------------ Relance

    private Map<String, Object> relance(Path dir) throws Exception {
        say("");
        say("== Relance ==");
        Map<String, Object> settings = new LinkedHashMap<>();
        try (Database database = Database.fresh(options.db(), options.dbUser(), options.dbPassword(), dir, "relance");
             Vacuum vacuum = Vacuum.startIfNeeded(database);
             MailSink mail = new MailSink();
             Memory memory = new Memory();
             RelancePhase relance = new RelancePhase(options, dir)) {
            long t = System.nanoTime();
            relance.start(database, mail.port());
            say(String.format("started in %.1f s (Camunda on %s, MongoDB embedded, SMTP sink on 127.0.0.1:%d)",
                    (System.nanoTime() - t) / 1e9, database.kind(), mail.port()));
            Engine.freezeClock();
            result.put("email_steps", options.emailSteps());
            if (options.emailsWithoutEffects()) {
                say("email steps do nothing (bench.email-steps=none): no rendering, no SMTP, no touch");
            }

            ThreadCpu.Snapshot cpuBeforeImport = ThreadCpu.take();
            RelancePhase.ImportFigures imported = relance.importProspects(options.prospects());
            ThreadCpu.Snapshot cpuBeforeEnrollment = ThreadCpu.take();
            double importRate = imported.rows() / imported.seconds();
            say(String.format("import: %d rows (%.1f MB CSV) through POST /api/prospects/import in %.1f s: %.0f rows/s; %d imported, %d rejected",
                    imported.rows(), imported.csvBytes() / 1e6, imported.seconds(), importRate, imported.imported(), imported.rejected()));
            if (imported.imported() != imported.rows()) {
                throw new IllegalStateException("Only " + imported.imported() + " of " + imported.rows() + " rows imported");
            }
            result.put("import_rows_per_s", round(importRate, 1));
            result.put("import_s", round(imported.seconds(), 2));
            reportPhaseCpu("import", ThreadCpu.since(cpuBeforeImport, cpuBeforeEnrollment));

            RelancePhase.EnrollFigures enrolled = relance.enroll();
            ThreadCpu.Snapshot cpuAfterEnrollment = ThreadCpu.take();
            double enrollRate = enrolled.enrolled() / enrolled.seconds();
            say(String.format("enrollment: %d instances started by the enrollment job in %.1f s: %.0f/s (%d skipped; job executor paused)",
                    enrolled.enrolled(), enrolled.seconds(), enrollRate, enrolled.skipped()));
            result.put("enroll_per_s", round(enrollRate, 1));
            result.put("enroll_s", round(enrolled.seconds(), 2));
            reportPhaseCpu("enroll", ThreadCpu.since(cpuBeforeEnrollment, cpuAfterEnrollment));
            if (options.stopsAfterEnrollment()) {
                result.put("until", "enrollment");
                result.put("peak_heap_mb", memory.peakHeapMb());
                result.put("heap_after_gc_max_mb", memory.peakHeapAfterGcMb());
                result.put("peak_rss_mb", Memory.peakRssMb());
                say(String.format("memory: peak heap %d MiB (max %d), heap after GC at most %d MiB, peak resident %d MiB",
                        memory.peakHeapMb(), Memory.maxHeapMb(), memory.peakHeapAfterGcMb(), Memory.peakRssMb()));
                RelancePhase.MongoSize size = relance.mongoSize();
                result.put("mongo_bytes_per_prospect", size.bytes() / Math.max(1, options.prospects()));
                settings.putAll(relance.engine().settings());
                settings.putAll(relance.batchSettings());
                if (options.statsTouches() > 0) {
                    // every prospect's sequence running, and the campaign's touches: the stats at scale in minutes
                    measureStats(relance);
                }
                say("stopping after enrollment (bench.until=enrollment)");
                return settings;
            }

            Map<String, Long> commandsBefore = relance.mongoCommands().snapshot();
            SqlStatements sql = sqlStatements(relance.engine(), database);
            H2Store.Snapshot storeBefore = h2Store(relance.engine(), database);
            Map<String, Long> failuresBefore = relance.probe().jobFailures();
            ThreadCpu.Snapshot cpuBefore = ThreadCpu.take();
            Waves.Result waves = new Waves(options.workers(), options.stallSeconds() * 1000, options.stopsAfterQueue(), this::say)
                    .run(relance);
            reportCpu("", ThreadCpu.since(cpuBefore, ThreadCpu.take()), waves);
            result.put("job_threads_at_most", relance.engine().jobThreadsAtMost());
            reportSql("", sql, waves);
            reportStore("", storeBefore, h2Store(relance.engine(), database), waves);
            reportVacuum("", vacuum);
            reportJobFailures("", failuresBefore, relance.probe().jobFailures());
            reportMongoCommands(MongoCommands.since(commandsBefore, relance.mongoCommands().snapshot()), waves, enrolled.enrolled());
            if (options.stopsAfterQueue()) {
                result.put("until", "queue");
                say("waves stopped after the caller queue (bench.until=queue): the step figures cover waves 1 to 4 only");
            }
            report("", waves);
            result.put("steps", waves.activities());
            result.put("steps_s", round(waves.seconds(), 2));
            result.put("steps_per_s", round(waves.stepsPerSecond(), 1));
            result.put("sequence_steps_per_s", round(waves.sequenceSteps() / waves.seconds(), 1));
            result.put("jobs_per_s", round(waves.jobs() / waves.seconds(), 1));
            result.put("replies", waves.replies());
            result.put("reply_p95_ms", waves.replyMillis().percentile(95));
            result.put("reply_errors", relance.replyErrors());
            if (relance.replyErrors() > 0) {
                say("replies that threw from Prospects.changeStatus: " + relance.replyErrors() + ", first: " + relance.firstReplyError());
            }
            result.put("sequences_finished", waves.finished());
            result.put("emails_received", mail.received());
            result.put("incidents", relance.engine().openIncidents());

            result.put("peak_heap_mb", memory.peakHeapMb());
            result.put("heap_after_gc_max_mb", memory.peakHeapAfterGcMb());
            result.put("peak_rss_mb", Memory.peakRssMb());
            result.put("peak_rss_scope", memory.rssReset() ? "relance phase" : "process (VmHWM could not be reset)");
            say(String.format("memory: peak heap %d MiB (max %d), heap after GC at most %d MiB, peak resident %d MiB",
                    memory.peakHeapMb(), Memory.maxHeapMb(), memory.peakHeapAfterGcMb(), Memory.peakRssMb()));
            say(String.format("emails received by the SMTP sink: %d; LinkedIn actions received by the provider stub: %d; incidents: %d",
                    mail.received(), relance.linkedinActions(), relance.engine().openIncidents()));
            result.put("linkedin_actions", relance.linkedinActions());

            // printed first: it is measured during the waves, and the later steps read large collections
            result.put("open_call_tasks", relance.openCallTasks());
            Quiet.Wait settle = relance.queueSettle();
            result.put("queue_p50_ms", relance.queueMillis().percentile(50));
            result.put("queue_p95_ms", relance.queueMillis().percentile(95));
            result.put("queue_quiet_after_s", round(settle.seconds(), 1));
            result.put("queue_quiet", settle.quiet());
            result.put("queue_after_wave_p50_ms", relance.queueAfterWaveMillis().percentile(50));
            result.put("queue_after_wave_p95_ms", relance.queueAfterWaveMillis().percentile(95));
            result.put("queue_engine_p95_ms", relance.engineQueueMillis().percentile(95));
            say(String.format("caller queue, %d open call tasks: GET /api/console/queue p50 %d ms, p95 %d ms %s;"
                            + " right after the wave that opened them p50 %d ms, p95 %d ms;"
                            + " the engine's task query alone (first page of 50) p50 %d ms, p95 %d ms",
                    relance.openCallTasks(), relance.queueMillis().percentile(50), relance.queueMillis().percentile(95),
                    settle.quiet() ? String.format("(once the JVM went quiet, %.1f s after the wave's burst)", settle.seconds())
                            : String.format("(the JVM was still busy %.0f s after the wave's burst)", settle.seconds()),
                    relance.queueAfterWaveMillis().percentile(50), relance.queueAfterWaveMillis().percentile(95),
                    relance.engineQueueMillis().percentile(50), relance.engineQueueMillis().percentile(95)));

            Map<String, Percentiles> latencies = relance.latencies(waves.dueAt());
            Percentiles all = new Percentiles();
            Map<String, Object> byStep = new LinkedHashMap<>();
            latencies.forEach((step, p) -> {
                all.addAll(p);
                byStep.put(step, Map.of("p50_ms", p.percentile(50), "p95_ms", p.percentile(95), "n", p.size()));
                say(String.format("  latency %-18s p50 %6d ms  p95 %6d ms  max %6d ms  (%d)", step, p.percentile(50),
                        p.percentile(95), p.max(), p.size()));
            });
            result.put("step_latency_p50_ms", all.percentile(50));
            result.put("step_latency_p95_ms", all.percentile(95));
            result.put("step_latency_by_step", byStep);

            RelancePhase.MongoSize size = relance.mongoSize();
            result.put("mongo_bytes_per_prospect", size.bytes() / Math.max(1, options.prospects()));
            result.put("mongo_bytes", size.bytes());
            result.put("mongo_size_method", size.method());
            result.put("mongo_documents", size.documents());
            say(String.format("MongoDB: %.1f MB, %d bytes per prospect (%s); documents %s", size.bytes() / 1e6,
                    size.bytes() / Math.max(1, options.prospects()), size.method(), size.documents()));

            measureStats(relance);

            settings.putAll(relance.engine().settings());
            settings.putAll(relance.batchSettings());
            settings.put("csv_import", "POST /api/prospects/import");
        } finally {
            Engine.resetClock();
        }
        return settings;
    }

    // ------------------------------------------------------------------ baseline

    private Map<String, Object> baseline(Path dir) throws Exception {
        say("");
        say("== Baseline: the same shape on bare Camunda, no-op steps ==");
        try (Database database = Database.fresh(options.db(), options.dbUser(), options.dbPassword(), dir, "baseline");
             Vacuum vacuum = Vacuum.startIfNeeded(database);
             Memory memory = new Memory();
             BarePhase bare = new BarePhase(options, dir)) {
            bare.start(database);
            Engine.freezeClock();
            double seconds = bare.startInstances(options.prospects());
            say(String.format("start: %d instances from one thread in %.1f s: %.0f/s", options.prospects(), seconds,
                    options.prospects() / seconds));
            result.put("baseline_start_per_s", round(options.prospects() / seconds, 1));
            if (options.stopsAfterEnrollment()) {
                result.put("baseline_peak_heap_mb", memory.peakHeapMb());
                say("baseline stopping after its starts (bench.until=enrollment)");
                return bare.engine().settings();
            }
            SqlStatements sql = sqlStatements(bare.engine(), database);
            H2Store.Snapshot storeBefore = h2Store(bare.engine(), database);
            Map<String, Long> failuresBefore = bare.probe().jobFailures();
            ThreadCpu.Snapshot cpuBefore = ThreadCpu.take();
            Waves.Result waves = new Waves(options.workers(), options.stallSeconds() * 1000, options.stopsAfterQueue(), this::say)
                    .run(bare);
            reportCpu("baseline_", ThreadCpu.since(cpuBefore, ThreadCpu.take()), waves);
            result.put("baseline_job_threads_at_most", bare.engine().jobThreadsAtMost());
            reportSql("baseline_", sql, waves);
            reportStore("baseline_", storeBefore, h2Store(bare.engine(), database), waves);
            reportVacuum("baseline_", vacuum);
            reportJobFailures("baseline_", failuresBefore, bare.probe().jobFailures());
            report("baseline ", waves);
            result.put("baseline_steps", waves.activities());
            result.put("baseline_steps_s", round(waves.seconds(), 2));
            result.put("baseline_steps_per_s", round(waves.stepsPerSecond(), 1));
            result.put("baseline_sequence_steps_per_s", round(waves.sequenceSteps() / waves.seconds(), 1));
            result.put("baseline_jobs_per_s", round(waves.jobs() / waves.seconds(), 1));
            result.put("baseline_queue_p95_ms", bare.queueMillis().percentile(95));
            result.put("baseline_peak_heap_mb", memory.peakHeapMb());
            return bare.engine().settings();
        } finally {
            Engine.resetClock();
        }
    }

    /** A figure key's prefix as the summary's lines begin: {@code "baseline_"} reads {@code "baseline "}. */
    private static String label(String prefix) {
        return prefix.replace('_', ' ');
    }

    /** How often the harness stood in for a PostgreSQL server's missing autovacuum, if it had to. */
    private void reportVacuum(String prefix, Vacuum vacuum) {
        if (vacuum != null) {
            result.put(prefix + "db_vacuums", vacuum.vacuums());
            result.put(prefix + "db_analyses", vacuum.analyses());
            say(String.format("%sPostgreSQL runs without autovacuum: the harness vacuumed %d tables and analysed %d more",
                    label(prefix), vacuum.vacuums(), vacuum.analyses()));
        }
    }

    /** Where the processor time of the waves went, by thread group, and per activity instance. */
    private void reportCpu(String prefix, Map<String, Double> wavesAndBetween, Waves.Result waves) {
        Map<String, Double> seconds = ThreadCpu.minus(wavesAndBetween, waves.cpuBetweenWaves());
        double process = seconds.getOrDefault("process", 0.0);
        result.put(prefix + "cpu_ms_per_step", round(process * 1000 / Math.max(1, waves.activities()), 3));
        Map<String, Object> top = significant(seconds);
        result.put(prefix + "cpu_s_by_thread", top);
        say(String.format("%sCPU during the waves (not the caller queue's measurement between two of them): %.1f s, %.3f ms per activity instance;"
                        + " by thread (s): %s",
                label(prefix), process, process * 1000 / Math.max(1, waves.activities()), top));
    }

    /** Where the processor time of the import or the enrollment went, by thread group. */
    private void reportPhaseCpu(String phase, Map<String, Double> seconds) {
        Map<String, Object> top = significant(seconds);
        result.put(phase + "_cpu_s_by_thread", top);
        say(String.format("  %s's CPU: %.1f s; by thread (s): %s", phase, seconds.getOrDefault("process", 0.0), top));
    }

    /** The thread groups that took half a second or more, and the process total, rounded. */
    private static Map<String, Object> significant(Map<String, Double> seconds) {
        Map<String, Object> top = new LinkedHashMap<>();
        seconds.entrySet().stream().filter(e -> e.getValue() >= 0.5 || e.getKey().equals("process"))
                .forEach(e -> top.put(e.getKey(), round(e.getValue(), 1)));
        return top;
    }

    /** Job attempts rolled back and done again: work the throughput figures do not count. */
    private void reportJobFailures(String prefix, Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> failures = new LinkedHashMap<>();
        after.forEach((name, count) -> failures.put(name, count - before.getOrDefault(name, 0L)));
        result.put(prefix + "job_attempts_rolled_back", failures);
        say(String.format("%sjob attempts rolled back (by exception): %s", label(prefix), failures));
    }

    private SqlStatements sqlStatements(Engine engine, Database database) throws java.sql.SQLException {
        return options.sqlStats() ? SqlStatements.start(engine.configuration().getDataSource(), database.kind()) : null;
    }

    /** With {@code bench.sql-stats}: the engine's statements per activity instance, and the costliest ones. */
    private void reportSql(String prefix, SqlStatements sql, Waves.Result waves) throws java.sql.SQLException {
        if (sql == null) {
            return;
        }
        List<SqlStatements.Figure> figures = sql.figures();
        double steps = Math.max(1, waves.activities());
        long count = figures.stream().mapToLong(SqlStatements.Figure::count).sum();
        double millis = figures.stream().mapToDouble(SqlStatements.Figure::millis).sum();
        result.put(prefix + "sql_statements_per_step", round(count / steps, 2));
        result.put(prefix + "sql_ms_per_step", round(millis / steps, 3));
        List<Object> top = new ArrayList<>();
        say(String.format("%sSQL during the waves: %d statements, %.2f per activity instance, %.3f ms of H2 per activity instance; costliest:",
                label(prefix), count, count / steps, millis / steps));
        figures.stream().limit(25).forEach(f -> {
            String text = f.sql().length() > 160 ? f.sql().substring(0, 160) + "…" : f.sql();
            top.add(Map.of("sql", text, "per_step", round(f.count() / steps, 3), "ms_per_step", round(f.millis() / steps, 4)));
            say(String.format("  %7.3f ms  %6.3f x  %s", f.millis() / steps, f.count() / steps, text));
        });
        result.put(prefix + "sql_top", top);
    }

    private static H2Store.Snapshot h2Store(Engine engine, Database database) throws java.sql.SQLException {
        return H2Store.take(engine.configuration().getDataSource(), database.kind());
    }

    /** H2: the engine's store during the waves (pages read back from the file, the page cache) and at their end. */
    private void reportStore(String prefix, H2Store.Snapshot before, H2Store.Snapshot after, Waves.Result waves) {
        if (before == null || after == null) {
            return;
        }
        double readsPerStep = (after.number("info.FILE_READ") - before.number("info.FILE_READ"))
                / (double) Math.max(1, waves.activities());
        String hitRatio = after.info().get("info.CACHE_HIT_RATIO");
        long cacheMb = after.number("info.CACHE_MAX_SIZE");
        long fileMb = after.number("info.FILE_SIZE") / (1024 * 1024);
        result.put(prefix + "h2_page_reads_per_step", round(readsPerStep, 2));
        result.put(prefix + "h2_cache_hit_ratio", hitRatio);
        result.put(prefix + "h2_cache_mb", cacheMb);
        result.put(prefix + "h2_file_mb", fileMb);
        say(String.format("%sH2 store during the waves: %.2f pages read from the file per activity instance, cache hit ratio %s%%"
                + " (cache %d MB), file %d MB", label(prefix), readsPerStep, hitRatio, cacheMb, fileMb));
    }

    /** The MongoDB round trips of the waves, per activity instance and, by command, per prospect. */
    private void reportMongoCommands(Map<String, Long> commands, Waves.Result waves, long prospects) {
        long total = MongoCommands.total(commands);
        result.put("mongo_commands_per_step", round((double) total / Math.max(1, waves.activities()), 2));
        Map<String, Object> perProspect = new LinkedHashMap<>();
        commands.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> perProspect.put(e.getKey(), round((double) e.getValue() / Math.max(1, prospects), 2)));
        result.put("mongo_commands_per_prospect", perProspect);
        say(String.format("MongoDB commands during the waves: %d, %.2f per activity instance; per prospect: %s", total,
                (double) total / Math.max(1, waves.activities()), perProspect));
    }

    private void report(String prefix, Waves.Result waves) {
        say(String.format("%ssteps: %d activity instances completed (%d sequence steps, %d jobs) in %.1f s of waves: "
                        + "%.0f steps/s, %.0f sequence steps/s, %.0f jobs/s; after the first wave %.0f steps/s", prefix,
                waves.activities(), waves.sequenceSteps(), waves.jobs(), waves.seconds(), waves.stepsPerSecond(),
                waves.sequenceSteps() / waves.seconds(), waves.jobs() / waves.seconds(), waves.stepsPerSecondAfterFirstWave()));
        result.put(prefix.isBlank() ? "steps_per_s_after_first_wave" : prefix.trim() + "_steps_per_s_after_first_wave",
                round(waves.stepsPerSecondAfterFirstWave(), 1));
        say(String.format("%swaves (ms): %s; replies: %d, p95 %d ms; sequences finished: %d", prefix, waves.waveMillis(),
                waves.replies(), waves.replyMillis().percentile(95), waves.finished()));
    }

    // ------------------------------------------------------------------ output

    /** Relance's steps per second over the baseline's, end to end and after the first wave, where both phases ran. */
    static void putRatios(Map<String, Object> result) {
        for (String suffix : List.of("", "_after_first_wave")) {
            if (result.get("steps_per_s" + suffix) instanceof Number steps
                    && result.get("baseline_steps_per_s" + suffix) instanceof Number bare && bare.doubleValue() > 0) {
                result.put("ratio_to_baseline" + suffix, round(steps.doubleValue() / bare.doubleValue(), 3));
            }
        }
    }

    private void say(String line) {
        summary.add(line);
        System.out.println(line);
        System.out.flush();
    }

    /** The JSON line last; {@code toFile}: also in a file (a phase's own JVM leaves that to the run that started it). */
    private void print(boolean toFile) {
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(result);
        } catch (IOException e) {
            json = "{\"error\": \"" + e + "\"}";
        }
        if (toFile) {
            writeFile(json);
        }
        System.out.println(json);
        System.out.flush();
    }

    private void writeFile(String json) {
        try {
            Files.createDirectories(options.out());
            Path file = options.out().resolve("bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
            Files.writeString(file, json + "\n");
            System.out.println();
            System.out.println("(figures also in " + file + ")");
        } catch (IOException e) {
            System.out.println("(could not write the JSON file: " + e + ")");
        }
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void measureStats(RelancePhase relance) throws IOException, InterruptedException {
        RelancePhase.StatsFigures stats = relance.stats(options.statsTouches());
        result.put("stats_touches", stats.touches());
        result.put("stats_p50_ms", stats.millis().percentile(50));
        result.put("stats_p95_ms", stats.millis().percentile(95));
        say(String.format("campaign stats (GET /api/campaigns/{id}/stats, %d touches in the campaign): p50 %d ms, p95 %d ms",
                stats.touches(), stats.millis().percentile(50), stats.millis().percentile(95)));
    }
}
