package com.relance.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Waits for this JVM to go quiet: its processor time over a sliding window below a share of one core. After a
 * wave the engine's database and the embedded MongoDB store keep writing and compacting for seconds to minutes
 * (the wave packs hours of due timers into one burst), and the garbage collector catches up; a measurement
 * taken then charges that work to whatever it measures.
 */
final class Quiet {

    private static final long STEP_MILLIS = 250;

    private Quiet() {
    }

    /** What the wait found: how long it took, and whether the JVM went quiet before the limit. */
    record Wait(double seconds, boolean quiet) {
    }

    /** Waits until the last {@code window} used less than {@code coreShare} of one core, or {@code limit} passed. */
    static Wait await(double coreShare, Duration window, Duration limit) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int slots = (int) Math.max(1, window.toMillis() / STEP_MILLIS);
        long[] cpu = new long[slots + 1];
        long[] wall = new long[slots + 1];
        long start = System.nanoTime();
        for (int i = 0; ; i++) {
            cpu[i % cpu.length] = os.getProcessCpuTime();
            wall[i % wall.length] = System.nanoTime();
            if (i >= slots) {
                int oldest = (i - slots) % cpu.length;
                int newest = i % cpu.length;
                double share = (double) (cpu[newest] - cpu[oldest]) / (wall[newest] - wall[oldest]);
                if (share < coreShare) {
                    return new Wait((System.nanoTime() - start) / 1e9, true);
                }
            }
            if (System.nanoTime() - start > limit.toNanos()) {
                return new Wait((System.nanoTime() - start) / 1e9, false);
            }
            Thread.sleep(STEP_MILLIS);
        }
    }
}
