package com.relance.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The benchmark's options, from system properties (the Maven profile passes {@code -Dbench.*} through). */
record Options(int prospects, String db, String dbUser, String dbPassword, int workers, List<String> phases,
               long statsTouches, List<String> extraArgs, Path out, boolean keep, long stallSeconds,
               String until, boolean sqlStats, String emailSteps) {

    static Options fromSystemProperties() {
        String args = System.getProperty("bench.args", "").trim();
        return new Options(
                Integer.parseInt(System.getProperty("bench.prospects", "10000").replace("_", "")),
                System.getProperty("bench.db", "h2").trim(),
                System.getProperty("bench.db.user", ""),
                System.getProperty("bench.db.password", ""),
                Integer.parseInt(System.getProperty("bench.workers", "2")),
                Arrays.stream(System.getProperty("bench.phases", "relance,baseline").split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList(),
                Long.parseLong(System.getProperty("bench.stats-touches", "0").replace("_", "")),
                args.isEmpty() ? List.of() : Arrays.asList(args.split("\\s+")),
                Path.of(System.getProperty("bench.out", "target/bench")),
                Boolean.parseBoolean(System.getProperty("bench.keep", "false")),
                Long.parseLong(System.getProperty("bench.stall-seconds", "180")),
                System.getProperty("bench.until", "end").trim(),
                Boolean.parseBoolean(System.getProperty("bench.sql-stats", "false")),
                emailSteps(System.getProperty("bench.email-steps", "send").trim()));
    }

    private static String emailSteps(String value) {
        if (!value.equals("send") && !value.equals("none")) {
            throw new IllegalArgumentException("bench.email-steps is 'send' (the default) or 'none', not '" + value + "'");
        }
        return value;
    }

    /** {@code bench.email-steps=none}: Relance's email steps do nothing (what any other way of sending could save at most). */
    boolean emailsWithoutEffects() {
        return emailSteps.equals("none");
    }

    /** {@code enrollment}: the Relance phase stops after enrolling (import and enrollment figures at scale). */
    boolean stopsAfterEnrollment() {
        return until.equals("enrollment");
    }

    /** {@code queue}: the waves stop once the caller queue is measured (the queue at scale, without the later waves). */
    boolean stopsAfterQueue() {
        return until.equals("queue");
    }

    boolean runs(String phase) {
        return phases.contains(phase);
    }

    /** Settings both engines share: simulated time needs a job executor that notices a moved clock quickly. */
    static List<String> engineArgs() {
        return List.of(
                "--camunda.bpm.job-execution.wait-time-in-millis=100",
                "--camunda.bpm.job-execution.max-wait=500",
                "--spring.main.banner-mode=off",
                "--logging.threshold.console=WARN");
    }
}
