package com.relance.monitoring;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.relance.prospect.Prospect;
import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import com.relance.touch.Touch;
import com.relance.touch.TouchChanged;
import com.relance.touch.TouchStatus;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Recounts every figure from what is stored: enrollments, touches, prospects' current statuses. For data
 * recorded before monitoring existed, or after counters were lost. Everything is counted in memory, through
 * the same {@link StatsRecorder} as live events, then written at once. A status is attributed to the
 * prospect's latest touch that reached them, on the day the prospect last changed, and only the current
 * status counts (a prospect who replied and then booked a meeting counts as a meeting only). Run it when
 * the application is quiet: what happens during a rebuild may be missed.
 */
@Component
class StatsRebuild {

    private static final Logger log = LoggerFactory.getLogger(StatsRebuild.class);
    private static final int PROSPECT_BATCH = 1000;

    private final MongoTemplate mongo;
    private final StatsStore store;
    private final StatsRecorder recorder;
    private final Prospects prospects;

    StatsRebuild(MongoTemplate mongo, StatsStore store, StatsRecorder recorder, Prospects prospects) {
        this.mongo = mongo;
        this.store = store;
        this.recorder = recorder;
        this.prospects = prospects;
    }

    record Result(long enrollments, long touches, long statuses, long millis) {
    }

    synchronized Result rebuild() {
        long started = System.nanoTime();
        store.flush(); // what is still buffered would otherwise land on top of the recount
        MemoryTally tally = new MemoryTally();
        long enrollments = 0;
        // the campaign module's enrollments as stored: one document per (campaign, prospect)
        try (Stream<Document> stream = mongo.stream(new Query(), Document.class, "enrollments")) {
            for (Iterator<Document> each = stream.iterator(); each.hasNext(); ) {
                Document enrollment = each.next();
                Date createdAt = enrollment.getDate("createdAt");
                recorder.enrolled(enrollment.getString("campaignId"), enrollment.getString("prospectId"),
                        createdAt == null ? Instant.now() : createdAt.toInstant(), tally);
                enrollments++;
            }
        }
        long touches = 0;
        try (Stream<Touch> stream = mongo.stream(new Query(), Touch.class)) {
            for (Iterator<Touch> each = stream.iterator(); each.hasNext(); ) {
                Touch touch = each.next();
                touches++;
                if (touch.status() == TouchStatus.SENT) {
                    recorder.count(touch, TouchChanged.Change.SENT, tally);
                } else if (touch.status() == TouchStatus.SKIPPED) {
                    recorder.count(touch, TouchChanged.Change.SKIPPED, tally);
                }
                if (touch.durationSeconds() != null) {
                    recorder.count(touch, TouchChanged.Change.CALL_DURATION, tally);
                }
            }
        }
        long statuses = 0;
        List<String> ids = new ArrayList<>(tally.latest.keySet());
        for (int from = 0; from < ids.size(); from += PROSPECT_BATCH) {
            for (Prospect prospect : prospects.findAll(ids.subList(from, Math.min(ids.size(), from + PROSPECT_BATCH)))) {
                if (prospect.status() != ProspectStatus.ACTIVE) {
                    recorder.count(prospect.id(), prospect.status(),
                            prospect.updatedAt() != null ? prospect.updatedAt() : Instant.now(), tally);
                    statuses++;
                }
            }
        }
        store.clear();
        store.insertAll(tally.days, tally.marks, List.copyOf(tally.latest.values()));
        Result result = new Result(enrollments, touches, statuses, (System.nanoTime() - started) / 1_000_000);
        log.info("Stats rebuilt: {}", result);
        return result;
    }

    /** Counts in memory; a prospect's last touch is the one created last, whatever the order touches come in. */
    private static final class MemoryTally implements Tally {

        final Map<String, Map<LocalDate, Map<Figure, Long>>> days = new HashMap<>();
        final List<Document> marks = new ArrayList<>();
        final Set<String> marked = new HashSet<>();
        final Map<String, Touch> latest = new HashMap<>();

        @Override
        public void addOnFirstReach(String campaignId, String prospectId, FunnelStage stage, Instant at, LocalDate day,
                                    Map<Figure, Long> amounts) {
            Document mark = StatsStore.markOf(campaignId, prospectId, stage, at);
            if (marked.add(mark.getString("_id"))) {
                marks.add(mark);
                add(campaignId, day, amounts);
            }
        }

        @Override
        public void add(String campaignId, LocalDate day, Map<Figure, Long> amounts) {
            Map<Figure, Long> counted = days.computeIfAbsent(campaignId, c -> new HashMap<>())
                    .computeIfAbsent(day, d -> new HashMap<>());
            amounts.forEach((figure, amount) -> counted.merge(figure, amount, Long::sum));
        }

        @Override
        public void lastTouch(Touch touch) {
            latest.merge(touch.prospectId(), touch, (kept, other) -> createdAt(other).isAfter(createdAt(kept)) ? other : kept);
        }

        @Override
        public LastTouch lastTouchOf(String prospectId) {
            Touch touch = latest.get(prospectId);
            return touch == null ? null : LastTouch.of(touch);
        }

        private static Instant createdAt(Touch touch) {
            return touch.createdAt() == null ? Instant.MIN : touch.createdAt();
        }
    }
}
