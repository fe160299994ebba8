package com.relance.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonValue;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;

/**
 * Counts the commands Relance sends to MongoDB, by command and collection ({@code update touches}): how many
 * round trips a step costs, the first thing to look at when the steps are slow. Registered on the driver
 * through Spring Boot's client settings customizer, so it sees exactly what the product sends.
 */
final class MongoCommands implements CommandListener, MongoClientSettingsBuilderCustomizer {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void customize(com.mongodb.MongoClientSettings.Builder settings) {
        settings.addCommandListener(this);
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        String name = event.getCommandName();
        BsonValue target = event.getCommand().get(name);
        String key = target != null && target.isString() ? name + " " + target.asString().getValue() : name;
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** The counts so far, sorted by key. */
    Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((key, count) -> copy.put(key, count.sum()));
        return copy;
    }

    /** What {@code after} counted beyond {@code before}, without the keys that did not move. */
    static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> difference = new TreeMap<>();
        after.forEach((key, count) -> {
            long moved = count - before.getOrDefault(key, 0L);
            if (moved > 0) {
                difference.put(key, moved);
            }
        });
        return difference;
    }

    static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
