package com.relance.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.relance.touch.Touch;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Where the figures live. Counters: one document per campaign and day ({@code <campaignId>|<day>}) and one
 * per campaign for all time ({@code <campaignId>|all}), each a map of {@link Figure} keys to counts,
 * incremented with {@code $inc} upserts. Every read and write goes by {@code _id}, so it costs the same
 * with a million touches as with ten, on the embedded server (which uses unique indexes only) as on MongoDB.
 * <p>
 * Counts are buffered in memory and written in bulk every {@code relance.monitoring.flush-interval}: a step
 * then costs no MongoDB round trip for its figures, and a wave of touches on one campaign turns into one
 * {@code $inc} per counter document instead of two per touch. Every read writes what is buffered first, so
 * this node's reads see all its counts. A crash loses at most one interval of counts (the touches themselves
 * are stored by then): {@code POST /api/stats/rebuild} recounts them. Stopping the application writes them.
 */
@Component
class StatsStore implements Tally, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StatsStore.class);

    static final String DAYS = "stats_days";
    static final String MARKS = "stats_marks";
    static final String LAST_TOUCHES = "stats_last_touches";
    private static final String ALL_TIME = "all";
    private static final int BATCH = 5000;
    private static final int DUPLICATE_KEY = 11000;

    private final MongoTemplate mongo;
    private final Duration flushInterval;
    private final Object buffering = new Object();
    private final Object flushing = new Object();
    private Buffer buffer = new Buffer();
    private volatile ScheduledExecutorService flusher;

    StatsStore(MongoTemplate mongo, MonitoringProperties properties) {
        this.mongo = mongo;
        this.flushInterval = properties.flushInterval();
    }

    /** Adds to a campaign's figures of one day and of all time. */
    @Override
    public void add(String campaignId, LocalDate day, Map<Figure, Long> amounts) {
        if (amounts.isEmpty()) {
            return;
        }
        synchronized (buffering) {
            buffer.add(campaignId, day, amounts);
        }
        flushUnlessScheduled();
    }

    /**
     * Marks that a prospect reached a funnel stage in a campaign and adds the amounts if the mark is new: the
     * mark's {@code _id} is unique, so a retry, a second signal or another node finds it and counts nothing.
     */
    @Override
    public void addOnFirstReach(String campaignId, String prospectId, FunnelStage stage, Instant at, LocalDate day,
                                Map<Figure, Long> amounts) {
        Document mark = markOf(campaignId, prospectId, stage, at);
        synchronized (buffering) {
            buffer.reaches.putIfAbsent(mark.getString("_id"), new Reach(mark, campaignId, day, Map.copyOf(amounts)));
        }
        flushUnlessScheduled();
    }

    /** Remembers the prospect's latest touch that reached them, for attributing what they do next. */
    @Override
    public void lastTouch(Touch touch) {
        Document document = documentOf(touch);
        synchronized (buffering) {
            buffer.lastTouches.put(document.getString("_id"), document);
        }
        flushUnlessScheduled();
    }

    @Override
    public LastTouch lastTouchOf(String prospectId) {
        flush();
        Document found = mongo.findById(lastTouchId(prospectId), Document.class, LAST_TOUCHES);
        return found == null ? null : new LastTouch(found.getString("campaignId"), found.getString("activityId"),
                found.getString("channel"), found.getString("variant"), found.getString("caller"));
    }

    /** Writes what is buffered: new marks first, then the counters (with the amounts of the marks that were new), then last touches. */
    void flush() {
        synchronized (flushing) {
            Buffer written;
            synchronized (buffering) {
                if (buffer.isEmpty()) {
                    return;
                }
                written = buffer;
                buffer = new Buffer();
            }
            written.reached(insertNew(written.reaches.values()));
            upsertCounters(written.counters);
            replace(written.lastTouches.values());
        }
    }

    /** The reaches whose mark was not there yet; the others were counted before. */
    private List<Reach> insertNew(Collection<Reach> reaches) {
        if (reaches.isEmpty()) {
            return List.of();
        }
        List<Reach> all = List.copyOf(reaches);
        Set<Integer> notNew = new HashSet<>();
        try {
            collection(MARKS).insertMany(all.stream().map(Reach::mark).toList(), new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            List<BulkWriteError> failed = e.getWriteErrors().stream().filter(error -> error.getCode() != DUPLICATE_KEY).toList();
            if (!failed.isEmpty()) {
                log.warn("{} funnel marks not written ({}); POST /api/stats/rebuild recounts them", failed.size(),
                        failed.get(0).getMessage());
            }
            e.getWriteErrors().forEach(error -> notNew.add(error.getIndex()));
        } catch (RuntimeException e) {
            log.warn("{} funnel marks not written; POST /api/stats/rebuild recounts them: {}", all.size(), e.toString());
            return List.of();
        }
        List<Reach> reached = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (!notNew.contains(i)) {
                reached.add(all.get(i));
            }
        }
        return reached;
    }

    private void upsertCounters(Map<String, Counter> counters) {
        if (counters.isEmpty()) {
            return;
        }
        List<UpdateOneModel<Document>> updates = counters.entrySet().stream().map(each -> {
            Counter counter = each.getValue();
            List<Bson> changes = new ArrayList<>(List.of(Updates.setOnInsert("campaignId", counter.campaignId()),
                    Updates.setOnInsert("day", counter.period())));
            counter.amounts().forEach((figure, amount) -> changes.add(Updates.inc("n." + figure.key(), amount)));
            return new UpdateOneModel<Document>(Filters.eq("_id", each.getKey()), Updates.combine(changes),
                    new UpdateOptions().upsert(true));
        }).toList();
        try {
            collection(DAYS).bulkWrite(updates, new BulkWriteOptions().ordered(false));
        } catch (RuntimeException e) {
            log.warn("{} counter documents not written; POST /api/stats/rebuild recounts them: {}", updates.size(), e.toString());
        }
    }

    private void replace(Collection<Document> lastTouches) {
        if (lastTouches.isEmpty()) {
            return;
        }
        List<ReplaceOneModel<Document>> replacements = lastTouches.stream()
                .map(document -> new ReplaceOneModel<>(Filters.eq("_id", document.get("_id")), document,
                        new ReplaceOptions().upsert(true)))
                .toList();
        try {
            collection(LAST_TOUCHES).bulkWrite(replacements, new BulkWriteOptions().ordered(false));
        } catch (RuntimeException e) {
            log.warn("{} last touches not written; POST /api/stats/rebuild recounts them: {}", replacements.size(), e.toString());
        }
    }

    /** Without the flusher running (before start, after stop), counts are written at once. */
    private void flushUnlessScheduled() {
        if (flusher == null) {
            flush();
        }
    }

    /** Writes what a rebuild counted in memory (after {@link #clear()}). */
    void insertAll(Map<String, Map<LocalDate, Map<Figure, Long>>> days, List<Document> marks, List<Touch> lastTouches) {
        Buffer counted = new Buffer();
        days.forEach((campaignId, byDay) -> byDay.forEach((day, amounts) -> counted.add(campaignId, day, amounts)));
        upsertCounters(counted.counters);
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
        flush();
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
        flush();
        Document document = mongo.findById(id(campaignId, ALL_TIME), Document.class, DAYS);
        return document == null ? Map.of() : counts(document);
    }

    /** Forgets every figure, mark and last touch (before a rebuild). */
    void clear() {
        flush();
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

    private MongoCollection<Document> collection(String name) {
        return mongo.getCollection(name);
    }

    @Override
    public void start() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "stats-flusher");
            thread.setDaemon(true);
            return thread;
        });
        long interval = flushInterval.toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                flush();
            } catch (RuntimeException e) {
                log.warn("Stats not written; POST /api/stats/rebuild recounts them", e);
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
        flusher = scheduler;
    }

    /** Stops the flusher and writes what is left; counts that come after are written at once. */
    @Override
    public void stop() {
        ScheduledExecutorService running = flusher;
        flusher = null;
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }

    @Override
    public boolean isRunning() {
        return flusher != null;
    }

    /** A first reach waiting for its mark to be written: its amounts count only if the mark is new. */
    private record Reach(Document mark, String campaignId, LocalDate day, Map<Figure, Long> amounts) {
    }

    /** The amounts to add to one counter document. */
    private record Counter(String campaignId, String period, Map<Figure, Long> amounts) {
    }

    /** What was counted since the last flush, counters merged by document. */
    private static final class Buffer {

        final Map<String, Counter> counters = new HashMap<>();
        final Map<String, Reach> reaches = new LinkedHashMap<>();
        final Map<Object, Document> lastTouches = new LinkedHashMap<>();

        void add(String campaignId, LocalDate day, Map<Figure, Long> amounts) {
            for (String period : List.of(day.toString(), ALL_TIME)) {
                Map<Figure, Long> counted = counters.computeIfAbsent(id(campaignId, period),
                        id -> new Counter(campaignId, period, new HashMap<>())).amounts();
                amounts.forEach((figure, amount) -> counted.merge(figure, amount, Long::sum));
            }
        }

        void reached(List<Reach> reached) {
            reached.forEach(reach -> add(reach.campaignId(), reach.day(), reach.amounts()));
        }

        boolean isEmpty() {
            return counters.isEmpty() && reaches.isEmpty() && lastTouches.isEmpty();
        }
    }
}
