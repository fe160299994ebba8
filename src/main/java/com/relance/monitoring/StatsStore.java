package com.relance.monitoring;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.relance.touch.Touch;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Where the figures live. Counters: one document per campaign and day ({@code <campaignId>|<day>}) and one
 * per campaign for all time ({@code <campaignId>|all}), each a map of {@link Figure} keys to counts,
 * incremented with {@code $inc} upserts. Every read and write goes by {@code _id}, so it costs the same
 * with a million touches as with ten, on the embedded server (which uses unique indexes only) as on MongoDB.
 */
@Component
class StatsStore implements Tally {

    static final String DAYS = "stats_days";
    static final String MARKS = "stats_marks";
    static final String LAST_TOUCHES = "stats_last_touches";
    private static final String ALL_TIME = "all";
    private static final int BATCH = 5000;

    private final MongoTemplate mongo;

    StatsStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Adds to a campaign's figures of one day and of all time. */
    @Override
    public void add(String campaignId, LocalDate day, Map<Figure, Long> amounts) {
        if (amounts.isEmpty()) {
            return;
        }
        for (String period : List.of(day.toString(), ALL_TIME)) {
            Update update = new Update().setOnInsert("campaignId", campaignId).setOnInsert("day", period);
            amounts.forEach((figure, amount) -> update.inc("n." + figure.key(), amount));
            mongo.upsert(Query.query(where("_id").is(id(campaignId, period))), update, DAYS);
        }
    }

    /**
     * Marks that a prospect reached a funnel stage in a campaign; true the first time only (a unique
     * {@code _id}: a retry or a second signal finds the mark and counts nothing).
     */
    @Override
    public boolean mark(String campaignId, String prospectId, FunnelStage stage, Instant at) {
        try {
            mongo.insert(markOf(campaignId, prospectId, stage, at), MARKS);
            return true;
        } catch (DuplicateKeyException already) {
            return false;
        }
    }

    /** Remembers the prospect's latest touch that reached them, for attributing what they do next. */
    @Override
    public void lastTouch(Touch touch) {
        mongo.save(documentOf(touch), LAST_TOUCHES);
    }

    @Override
    public LastTouch lastTouchOf(String prospectId) {
        Document found = mongo.findById(lastTouchId(prospectId), Document.class, LAST_TOUCHES);
        return found == null ? null : new LastTouch(found.getString("campaignId"), found.getString("activityId"),
                found.getString("channel"), found.getString("variant"), found.getString("caller"));
    }

    /** Writes what a rebuild counted in memory (after {@link #clear()}). */
    void insertAll(Map<String, Map<LocalDate, Map<Figure, Long>>> days, List<Document> marks, List<Touch> lastTouches) {
        days.forEach((campaignId, byDay) -> byDay.forEach((day, amounts) -> add(campaignId, day, amounts)));
        for (int from = 0; from < marks.size(); from += BATCH) {
            mongo.insert(marks.subList(from, Math.min(marks.size(), from + BATCH)), MARKS);
        }
        List<Document> touches = lastTouches.stream().map(StatsStore::documentOf).toList();
        for (int from = 0; from < touches.size(); from += BATCH) {
            mongo.insert(touches.subList(from, Math.min(touches.size(), from + BATCH)), LAST_TOUCHES);
        }
    }

    static Document markOf(String campaignId, String prospectId, FunnelStage stage, Instant at) {
        return new Document("_id", campaignId + "|" + prospectId + "|" + stage.name())
                .append("campaignId", campaignId).append("at", Date.from(at));
    }

    private static Document documentOf(Touch touch) {
        return new Document("_id", lastTouchId(touch.prospectId())).append("campaignId", touch.campaignId())
                .append("activityId", touch.activityId()).append("channel", touch.channel().name())
                .append("variant", touch.variant()).append("caller", touch.caller());
    }

    /** The counters of these campaigns on each day of the range that has any, campaigns added together. */
    SortedMap<LocalDate, Map<Figure, Long>> days(Collection<String> campaignIds, LocalDate from, LocalDate to) {
        List<String> ids = new ArrayList<>();
        for (String campaignId : campaignIds) {
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                ids.add(id(campaignId, day.toString()));
            }
        }
        SortedMap<LocalDate, Map<Figure, Long>> days = new TreeMap<>();
        for (Document document : mongo.find(Query.query(where("_id").in(ids)), Document.class, DAYS)) {
            Map<Figure, Long> day = days.computeIfAbsent(LocalDate.parse(document.getString("day")), d -> new HashMap<>());
            counts(document).forEach((figure, count) -> day.merge(figure, count, Long::sum));
        }
        return days;
    }

    /** A campaign's counters of all time. */
    Map<Figure, Long> allTime(String campaignId) {
        Document document = mongo.findById(id(campaignId, ALL_TIME), Document.class, DAYS);
        return document == null ? Map.of() : counts(document);
    }

    /** Forgets every figure, mark and last touch (before a rebuild). */
    void clear() {
        for (String collection : List.of(DAYS, MARKS, LAST_TOUCHES)) {
            mongo.remove(new Query(), collection);
        }
    }

    private static Map<Figure, Long> counts(Document document) {
        Document counters = document.get("n", Document.class);
        Map<Figure, Long> counts = new HashMap<>();
        if (counters != null) {
            counters.forEach((key, value) -> counts.merge(Figure.parse(key), ((Number) value).longValue(), Long::sum));
        }
        return counts;
    }

    /** Not the bare prospect id: an ObjectId-like string would be queried as an ObjectId. */
    private static String lastTouchId(String prospectId) {
        return "prospect:" + prospectId;
    }

    private static String id(String campaignId, String period) {
        return campaignId + "|" + period;
    }
}
