package com.relance.sequence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Weighted variants such as {@code A:50,B:50}, and the deterministic choice of one per prospect: the
 * same prospect at the same step always gets the same variant, so a retry never changes the path.
 */
public record Variants(List<Weighted> weights) {

    private static final Pattern FORMAT = Pattern.compile("^([A-Za-z0-9]+:[0-9]+)(,[A-Za-z0-9]+:[0-9]+)*$");

    /** One variant and its weight (percent). */
    public record Weighted(String name, int weight) {
    }

    /** Parses {@code A:50,B:50}; the weights must add up to 100 and names must be distinct. */
    public static Variants parse(String spec) {
        String compact = spec == null ? "" : spec.replace(" ", "");
        if (!FORMAT.matcher(compact).matches()) {
            throw new IllegalArgumentException("weights '" + spec + "' must look like A:50,B:50");
        }
        List<Weighted> weights = new ArrayList<>();
        int total = 0;
        for (String part : compact.split(",")) {
            String[] nameAndWeight = part.split(":");
            Weighted weighted = new Weighted(nameAndWeight[0], Integer.parseInt(nameAndWeight[1]));
            if (weights.stream().anyMatch(w -> w.name().equalsIgnoreCase(weighted.name()))) {
                throw new IllegalArgumentException("weights '" + spec + "' name variant " + weighted.name() + " twice");
            }
            weights.add(weighted);
            total += weighted.weight();
        }
        if (total != 100) {
            throw new IllegalArgumentException("weights '" + spec + "' add up to " + total + ", not 100");
        }
        return new Variants(List.copyOf(weights));
    }

    /** The variant of this prospect at this step: a stable hash of both, spread over the weights. */
    public String choose(String prospectId, String stepId) {
        int bucket = bucket(prospectId + ":" + stepId);
        int upper = 0;
        for (Weighted weighted : weights) {
            upper += weighted.weight();
            if (bucket < upper) {
                return weighted.name();
            }
        }
        return weights.get(weights.size() - 1).name();
    }

    private static int bucket(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (hash[i] & 0xFF);
            }
            return (int) Math.floorMod(value, 100L);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
