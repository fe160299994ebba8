package com.relance.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this process by thread, from {@code /proc/self/task}: where a phase's processor time went (job
 * threads, the embedded MongoDB server, the SMTP sink, garbage collection, the JIT). Both phases run in this
 * JVM on the same two cores, so what the product's other threads take is what its job threads cannot have.
 * Threads are grouped by name without their numbers; time of threads that ended during the phase is only in
 * the process total ({@code ended threads}). Empty where {@code /proc} is not there.
 */
final class ThreadCpu {

    /** Linux's USER_HZ: {@code utime} and {@code stime} are in these ticks on every common kernel. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Path TASKS = Path.of("/proc/self/task");

    record Snapshot(Map<String, Long> ticksByThread, Map<String, String> groupOfThread, long processTicks) {
    }

    static Snapshot take() {
        Map<String, Long> ticks = new HashMap<>();
        Map<String, String> groups = new HashMap<>();
        if (!Files.isDirectory(TASKS)) {
            return new Snapshot(ticks, groups, 0);
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = Files.readString(task.resolve("comm")).trim();
                    String id = task.getFileName().toString();
                    ticks.put(id, ticksOf(stat));
                    groups.put(id, name.replaceAll("[-#:_ ]*\\d+$", "").replaceAll("\\d+", "N"));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while listed
                }
            });
        } catch (IOException e) {
            return new Snapshot(ticks, groups, 0);
        }
        long process;
        try {
            process = ticksOf(Files.readString(Path.of("/proc/self/stat")));
        } catch (IOException e) {
            process = 0;
        }
        return new Snapshot(ticks, groups, process);
    }

    /** {@code utime + stime} of a stat line; the name in parentheses may hold spaces, so fields count from its end. */
    private static long ticksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** CPU seconds by thread group between two snapshots, largest first, then the process total. */
    static Map<String, Double> since(Snapshot before, Snapshot after) {
        Map<String, Long> byGroup = new HashMap<>();
        long threads = 0;
        for (Map.Entry<String, Long> thread : after.ticksByThread().entrySet()) {
            long spent = thread.getValue() - before.ticksByThread().getOrDefault(thread.getKey(), 0L);
            if (spent > 0) {
                byGroup.merge(after.groupOfThread().get(thread.getKey()), spent, Long::sum);
                threads += spent;
            }
        }
        long process = after.processTicks() - before.processTicks();
        Map<String, Double> seconds = new LinkedHashMap<>();
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> seconds.put(e.getKey(), e.getValue() / TICKS_PER_SECOND));
        if (process > threads) {
            seconds.put("ended threads", (process - threads) / TICKS_PER_SECOND);
        }
        seconds.put("process", process / TICKS_PER_SECOND);
        return seconds;
    }

    /** {@code total} less {@code part}, thread group by thread group (never below 0), largest first, then the process. */
    static Map<String, Double> minus(Map<String, Double> total, Map<String, Double> part) {
        Map<String, Double> rest = new LinkedHashMap<>();
        total.entrySet().stream().filter(e -> !e.getKey().equals("process"))
                .map(e -> Map.entry(e.getKey(), Math.max(0, e.getValue() - part.getOrDefault(e.getKey(), 0.0))))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> rest.put(e.getKey(), e.getValue()));
        rest.put("process", Math.max(0, total.getOrDefault("process", 0.0) - part.getOrDefault("process", 0.0)));
        return rest;
    }
}
