package com.relance.channel;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bson.Document;
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
 */
@Component
public class SenderQuotas {

    private final MongoTemplate mongo;
    private final ThrottleProperties properties;

    SenderQuotas(MongoTemplate mongo, ThrottleProperties properties) {
        this.mongo = mongo;
        this.properties = properties;
    }

    /** Takes one unit of today's quota; false when the cap is reached. */
    public boolean reserve(String kind, String sender, int cap, Instant now) {
        String id = key(kind, sender, now);
        try {
            Object updated = mongo.findAndModify(Query.query(where("_id").is(id).and("used").lt(cap)),
                    new Update().inc("used", 1).setOnInsert("sender", sender).setOnInsert("kind", kind),
                    FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, "quotas");
            return updated != null;
        } catch (DuplicateKeyException full) {
            // the day's document exists and is at its cap: the upsert tried to create a second one
            return false;
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

    /** Gives back a unit reserved for a send that did not happen. */
    public void release(String kind, String sender, Instant now) {
        mongo.updateFirst(Query.query(where("_id").is(key(kind, sender, now)).and("used").gt(0)),
                new Update().inc("used", -1), "quotas");
    }

    /** The start of the sender's next day, when the quota refills. */
    public Instant nextDay(Instant now) {
        return LocalDate.ofInstant(now, properties.timeZone()).plusDays(1).atStartOfDay(properties.timeZone()).toInstant();
    }

    private String key(String kind, String sender, Instant now) {
        return key(kind, sender, LocalDate.ofInstant(now, properties.timeZone()));
    }

    private static String key(String kind, String sender, LocalDate day) {
        return kind + ":" + sender.toLowerCase(Locale.ROOT) + ":" + day;
    }
}
