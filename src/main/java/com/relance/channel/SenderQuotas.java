package com.relance.channel;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Daily quotas per sender, counted atomically in MongoDB so that several nodes sending for the same
 * mailbox never exceed its cap together: a send reserves one unit first and gives it back if it fails.
 *
 * <p>Under a large daily cap a node takes several units in one round trip (a lease, at most
 * {@code relance.throttles.quota-lease}, and no more than a fiftieth of the cap) and hands them out from memory:
 * the nodes together still never exceed the cap. Units a node has not used go back when it stops; a crashed
 * node's are lost for that day, so the sender sends a little less, never more.
 */
@Component
public class SenderQuotas {

    private static final Logger log = LoggerFactory.getLogger(SenderQuotas.class);

    /** A lease is at most this fraction of the cap: a cap of 50 (the default) is counted unit by unit. */
    private static final int CAP_PER_LEASED_UNIT = 50;

    private final MongoTemplate mongo;
    private final ThrottleProperties properties;
    /** Units taken from MongoDB and not handed out yet, by quota document id. */
    private final Map<String, AtomicInteger> leased = new ConcurrentHashMap<>();

    SenderQuotas(MongoTemplate mongo, ThrottleProperties properties) {
        this.mongo = mongo;
        this.properties = properties;
    }

    /** Takes one unit of today's quota; false when the cap is reached. */
    public boolean reserve(String kind, String sender, int cap, Instant now) {
        String id = key(kind, sender, now);
        int lease = Math.min(properties.quotaLease(), cap / CAP_PER_LEASED_UNIT);
        if (lease > 1) {
            AtomicInteger units = leased.get(id);
            if (units != null && takeOne(units)) {
                return true;
            }
            if (take(id, kind, sender, cap, lease)) {
                if (units == null) {
                    returnOtherDays(kind, sender, id);
                }
                leased.computeIfAbsent(id, any -> new AtomicInteger()).addAndGet(lease - 1);
                return true;
            }
            // fewer than a lease's units left today: one at a time, as the other nodes do
        }
        return take(id, kind, sender, cap, 1);
    }

    /** Takes {@code units} of the day's quota in MongoDB if they all fit under the cap. */
    private boolean take(String id, String kind, String sender, int cap, int units) {
        try {
            Object updated = mongo.findAndModify(Query.query(where("_id").is(id).and("used").lte(cap - units)),
                    new Update().inc("used", units).setOnInsert("sender", sender).setOnInsert("kind", kind),
                    FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, "quotas");
            return updated != null;
        } catch (DuplicateKeyException full) {
            // the day's document exists and has no room: the upsert tried to create a second one
            return false;
        }
    }

    private static boolean takeOne(AtomicInteger units) {
        for (int left = units.get(); left > 0; left = units.get()) {
            if (units.compareAndSet(left, left - 1)) {
                return true;
            }
        }
        return false;
    }

    /** A new day's lease: what is left of the sender's earlier days' leases goes back to their documents. */
    private void returnOtherDays(String kind, String sender, String id) {
        String days = keyPrefix(kind, sender);
        leased.keySet().stream().filter(other -> other.startsWith(days) && !other.equals(id)).toList()
                .forEach(this::giveBack);
    }

    private void giveBack(String id) {
        AtomicInteger units = leased.remove(id);
        int left = units == null ? 0 : units.getAndSet(0);
        if (left > 0) {
            mongo.updateFirst(Query.query(where("_id").is(id).and("used").gte(left)), new Update().inc("used", -left), "quotas");
        }
    }

    /** Units leased and not used go back, so a restart does not cost the sender part of their day. */
    @PreDestroy
    void returnLeases() {
        for (String id : List.copyOf(leased.keySet())) {
            try {
                giveBack(id);
            } catch (RuntimeException e) {
                log.warn("Leased units of quota {} not given back (the sender sends that many fewer that day): {}", id, e.toString());
            }
        }
    }

    /**
     * Takes one unit on the first day, from {@code from}'s day on, whose last {@code days} days (that day
     * included) used less than {@code cap}: {@code days = 1} is a daily cap, {@code 7} a rolling week.
     * Returns that day's start, or {@code from} itself when it is today. Not atomic across days: nodes racing
     * for the last unit of a rolling window may exceed it by a unit or two, which pacing tolerates.
     */
    public Instant reserveFirstFreeDay(String kind, String sender, int cap, int days, Instant from) {
        LocalDate first = LocalDate.ofInstant(from, properties.timeZone());
        for (LocalDate day = first; day.isBefore(first.plusDays(366)); day = day.plusDays(1)) {
            if (reserveOn(kind, sender, cap, days, day)) {
                return day.equals(first) ? from : day.atStartOfDay(properties.timeZone()).toInstant();
            }
        }
        throw new IllegalStateException("No room in the " + kind + " quota of " + sender + " within a year (cap " + cap + ")");
    }

    /**
     * Takes one unit today if the last {@code days} days (today included) used less than {@code cap}; false
     * otherwise, for a step to defer itself and ask again. Not atomic across days, as above.
     */
    public boolean reserveToday(String kind, String sender, int cap, int days, Instant now) {
        return reserveOn(kind, sender, cap, days, LocalDate.ofInstant(now, properties.timeZone()));
    }

    private boolean reserveOn(String kind, String sender, int cap, int days, LocalDate day) {
        List<String> window = new ArrayList<>();
        for (int back = 0; back < days; back++) {
            window.add(key(kind, sender, day.minusDays(back)));
        }
        long used = mongo.find(Query.query(where("_id").in(window)), Document.class, "quotas").stream()
                .mapToLong(document -> document.get("used", Number.class).longValue()).sum();
        if (used >= cap) {
            return false;
        }
        mongo.upsert(Query.query(where("_id").is(key(kind, sender, day))),
                new Update().inc("used", 1).setOnInsert("sender", sender).setOnInsert("kind", kind), "quotas");
        return true;
    }

    /** Gives back a unit reserved for a send that did not happen (to this node's lease when it holds one). */
    public void release(String kind, String sender, Instant now) {
        String id = key(kind, sender, now);
        AtomicInteger units = leased.get(id);
        if (units != null) {
            units.incrementAndGet();
            return;
        }
        mongo.updateFirst(Query.query(where("_id").is(id).and("used").gt(0)), new Update().inc("used", -1), "quotas");
    }

    /** The start of the sender's next day, when the quota refills. */
    public Instant nextDay(Instant now) {
        return LocalDate.ofInstant(now, properties.timeZone()).plusDays(1).atStartOfDay(properties.timeZone()).toInstant();
    }

    private String key(String kind, String sender, Instant now) {
        return key(kind, sender, LocalDate.ofInstant(now, properties.timeZone()));
    }

    private static String key(String kind, String sender, LocalDate day) {
        return keyPrefix(kind, sender) + day;
    }

    /** What the ids of one sender's quota of one kind start with, whatever the day. */
    private static String keyPrefix(String kind, String sender) {
        return kind + ":" + sender.toLowerCase(Locale.ROOT) + ":";
    }
}
