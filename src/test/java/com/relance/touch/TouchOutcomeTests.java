package com.relance.touch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.relance.test.RelanceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

import static org.assertj.core.api.Assertions.assertThat;

/** A person's outcome on a task touch changes it and counts for them once, however often it is recorded. */
@RelanceTest
@RecordApplicationEvents
class TouchOutcomeTests {

    @Autowired
    Touches touches;
    @Autowired
    ApplicationEvents events;

    @Test
    void theSameOutcomeRecordedAgainCountsOnceAndAnotherOutcomeCountsAgain() {
        String caller = "caller-" + UUID.randomUUID();
        String key = "outcome-" + UUID.randomUUID();
        Instant since = Instant.EPOCH; // read back as far as the counters go (two days), whatever the test clock says
        touches.begin(new TouchStart(key, "p-outcome", "c-outcome", "pi-outcome", "coldCall", Channel.CALL, "cold-call",
                null, null));

        // when a completion is recorded, then recorded again after a rollback, with a new note
        touches.outcome(key, TouchStatus.SENT, "NO_ANSWER", "first", caller);
        touches.outcome(key, TouchStatus.SENT, "NO_ANSWER", "again", caller);

        assertThat(touches.outcomesBy(caller, Channel.CALL, since)).isEqualTo(Map.of("NO_ANSWER", 1L));
        assertThat(changesOf(key)).containsExactly(TouchChanged.Change.SENT);
        assertThat(touches.find(key).orElseThrow().note()).isEqualTo("again");

        // and when the status changes alone, the touch changes without a count; a new outcome counts
        touches.outcome(key, TouchStatus.SKIPPED, "NO_ANSWER", null, caller);
        touches.outcome(key, TouchStatus.SENT, "MEETING_BOOKED", null, caller);

        assertThat(touches.outcomesBy(caller, Channel.CALL, since)).isEqualTo(Map.of("NO_ANSWER", 1L, "MEETING_BOOKED", 1L));
        assertThat(changesOf(key)).containsExactly(TouchChanged.Change.SENT, TouchChanged.Change.SKIPPED,
                TouchChanged.Change.SENT);
        assertThat(touches.find(key).orElseThrow().outcome()).isEqualTo("MEETING_BOOKED");
    }

    private List<TouchChanged.Change> changesOf(String key) {
        return events.stream(TouchChanged.class).filter(c -> c.touch().id().equals(key)).map(TouchChanged::change).toList();
    }
}
