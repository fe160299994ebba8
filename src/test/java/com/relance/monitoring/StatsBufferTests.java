package com.relance.monitoring;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.relance.test.RelanceTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Counts are buffered and written in bulk ({@link StatsStore}); what is counted must be what a direct write would give. */
@RelanceTest
class StatsBufferTests {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);
    private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");
    private static final Figure EMAILED = Figure.stage(FunnelStage.EMAILED);

    @Autowired
    StatsStore store;
    @Autowired
    MongoTemplate mongo;

    @Test
    void aProspectReachingAStageTwiceCountsOnceWhetherTheRepeatIsInTheSameBatchOrALaterOne() {
        String campaign = "buffer-" + System.nanoTime();

        store.addOnFirstReach(campaign, "p1", FunnelStage.EMAILED, AT, DAY, Map.of(EMAILED, 1L));
        store.addOnFirstReach(campaign, "p1", FunnelStage.EMAILED, AT, DAY, Map.of(EMAILED, 1L));
        store.addOnFirstReach(campaign, "p2", FunnelStage.EMAILED, AT, DAY, Map.of(EMAILED, 1L));
        store.flush();
        store.addOnFirstReach(campaign, "p1", FunnelStage.EMAILED, AT, DAY, Map.of(EMAILED, 1L));
        store.addOnFirstReach(campaign, "p3", FunnelStage.EMAILED, AT, DAY, Map.of(EMAILED, 1L));
        store.add(campaign, DAY, Map.of(new Figure(Figure.SENT, "introEmail", "EMAIL", "A", null), 4L));

        assertThat(store.allTime(campaign)).containsEntry(EMAILED, 3L)
                .containsEntry(new Figure(Figure.SENT, "introEmail", "EMAIL", "A", null), 4L);
        assertThat(store.days(List.of(campaign), DAY, DAY).get(DAY)).containsEntry(EMAILED, 3L);
        assertThat(mongo.count(Query.query(where("campaignId").is(campaign)), StatsStore.MARKS)).isEqualTo(3);
    }

    @Test
    void stoppingWritesWhatIsBufferedAndCountsAfterThatAreWrittenAtOnce() {
        String campaign = "buffer-stop-" + System.nanoTime();
        Figure sent = new Figure(Figure.SENT, "introEmail", "EMAIL", "A", null);
        try {
            store.add(campaign, DAY, Map.of(sent, 2L));
            store.stop();
            assertThat(storedCount(campaign, sent)).isEqualTo(2L);

            store.add(campaign, DAY, Map.of(sent, 1L));
            assertThat(storedCount(campaign, sent)).isEqualTo(3L);
        } finally {
            store.start();
        }
    }

    /** Read straight from MongoDB, not through the store (whose reads write the buffer first). */
    private Long storedCount(String campaign, Figure figure) {
        Document counters = mongo.findById(campaign + "|all", Document.class, StatsStore.DAYS);
        return counters == null ? null : ((Number) counters.get("n", Document.class).get(figure.key())).longValue();
    }
}
