package com.relance.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs each phase in a JVM of its own, one after the other, and merges their figures. In one JVM the second
 * phase would start with the engine, H2 and MyBatis code already compiled by the first (the baseline
 * spent 5 s in the JIT compilers against Relance's 115 s at 10,000 prospects), and with the first phase's
 * heap and metaspace around it: the comparison would favour whichever runs second.
 */
final class PhaseJvms {

    private static final String PHASE_JVM = "bench.phase-jvm";
    /** Figures both phases report that describe the run, not an engine setting. */
    private static final Set<String> RUN_KEYS = Set.of("prospects", "db", "workers", "java", "cores", "heap_max_mb", "until");

    private final Options options;
    private final ObjectMapper json = new ObjectMapper();

    PhaseJvms(Options options) {
        this.options = options;
    }

    static boolean isPhaseJvm() {
        return Boolean.getBoolean(PHASE_JVM);
    }

    /** Runs the phases, puts the merged figures into {@code result}; the exit status: 0 when every phase succeeded. */
    int run(Map<String, Object> result) throws IOException, InterruptedException {
        Map<String, Map<String, Object>> byPhase = new LinkedHashMap<>();
        int status = 0;
        for (String phase : options.phases()) {
            System.out.println("-- phase " + phase + " in a JVM of its own");
            Phase run = runPhase(phase);
            if (run.figures() != null) {
                byPhase.put(phase, run.figures());
            }
            if (run.exitStatus() != 0) {
                status = run.exitStatus();
                result.put("error", "phase " + phase + " exited with " + run.exitStatus()
                        + (run.figures() != null && run.figures().get("error") != null ? ": " + run.figures().get("error") : ""));
                break;
            }
        }
        merge(byPhase, result);
        return status;
    }

    private record Phase(int exitStatus, Map<String, Object> figures) {
    }

    private Phase runPhase(String phase) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!argument.startsWith("-Dbench.phases=")) {
                command.add(argument);
            }
        }
        command.add("-Dbench.phases=" + phase);
        command.add("-D" + PHASE_JVM + "=true");
        command.add("-classpath");
        command.add(System.getProperty("java.class.path"));
        command.add(Benchmark.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String last = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                // the phase's JSON line is merged and printed once at the end
                if (line.startsWith("{")) {
                    last = line;
                } else {
                    System.out.println(line);
                }
            }
        }
        int exit = process.waitFor();
        Map<String, Object> figures = last == null ? null : json.readValue(last, new TypeReference<LinkedHashMap<String, Object>>() {
        });
        return new Phase(exit, figures);
    }

    /** Relance's figures, the baseline's {@code baseline_*} ones, the ratio, and any engine setting that differed. */
    private static void merge(Map<String, Map<String, Object>> byPhase, Map<String, Object> result) {
        Map<String, Object> relance = byPhase.getOrDefault("relance", Map.of());
        Map<String, Object> baseline = byPhase.getOrDefault("baseline", Map.of());
        result.putAll(relance);
        Map<String, Object> differ = new LinkedHashMap<>();
        baseline.forEach((key, value) -> {
            if (key.startsWith("baseline_") || !result.containsKey(key)) {
                result.put(key, value);
            } else if (!RUN_KEYS.contains(key) && !value.equals(result.get(key))) {
                differ.put(key, value);
            }
        });
        if (!differ.isEmpty()) {
            result.put("baseline_engine_settings_differ", differ);
        }
        Benchmark.putRatios(result);
        result.put("phase_jvms", "one JVM per phase, one after the other");
    }
}
