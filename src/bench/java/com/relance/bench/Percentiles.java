package com.relance.bench;

import java.util.Arrays;

/** Percentiles of a growing list of millisecond durations, kept as primitives (100,000s of them). */
final class Percentiles {

    private long[] values = new long[1024];
    private int size;

    synchronized void add(long millis) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = millis;
    }

    synchronized void addAll(Percentiles other) {
        long[] theirs = other.snapshot();
        for (long value : theirs) {
            add(value);
        }
    }

    synchronized int size() {
        return size;
    }

    synchronized long[] snapshot() {
        return Arrays.copyOf(values, size);
    }

    /** Nearest-rank percentile; -1 when empty. */
    long percentile(double p) {
        long[] sorted = snapshot();
        if (sorted.length == 0) {
            return -1;
        }
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    long max() {
        return percentile(100);
    }
}
