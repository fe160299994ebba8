package com.relance.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Peak memory of one phase: the heap right before each collection (GC notifications) and sampled every
 * 50 ms (MemoryMXBean), the heap left after each collection (the live set, an upper bound), and the
 * process's peak resident memory (VmHWM of /proc/self/status, reset at the start of the phase where the
 * kernel allows it).
 */
final class Memory implements AutoCloseable {

    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final List<Runnable> unsubscribe = new ArrayList<>();
    private final Thread sampler;
    private final boolean rssReset;
    private volatile boolean running = true;

    Memory() {
        rssReset = resetPeakRss();
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                NotificationListener listener = this::onGc;
                emitter.addNotificationListener(listener, null, null);
                unsubscribe.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (Exception ignored) {
                        // already gone
                    }
                });
            }
        }
        sampler = new Thread(() -> {
            while (running) {
                max(peakUsed, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void onGc(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
        max(peakUsed, heapOnly(info.getMemoryUsageBeforeGc()));
        max(peakAfterGc, heapOnly(info.getMemoryUsageAfterGc()));
    }

    private static long heapOnly(Map<String, MemoryUsage> pools) {
        long used = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pools.containsKey(pool.getName())) {
                used += pools.get(pool.getName()).getUsed();
            }
        }
        return used;
    }

    private static void max(AtomicLong peak, long value) {
        peak.accumulateAndGet(value, Math::max);
    }

    long peakHeapMb() {
        return peakUsed.get() / (1024 * 1024);
    }

    long peakHeapAfterGcMb() {
        return peakAfterGc.get() / (1024 * 1024);
    }

    static long maxHeapMb() {
        return Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }

    /** Peak resident memory of the whole process, in MiB; -1 when /proc is not there. */
    static long peakRssMb() {
        return procStatusKb("VmHWM") / 1024;
    }

    boolean rssReset() {
        return rssReset;
    }

    private static long procStatusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1024;
    }

    /** Writing 5 to clear_refs resets VmHWM (Linux 4.0+). */
    private static boolean resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        unsubscribe.forEach(Runnable::run);
    }
}
