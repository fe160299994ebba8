package com.relance.channel;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

import com.relance.test.RelanceTest;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sender's daily email cap across nodes (each node a {@link SenderQuotas} of its own on the same MongoDB): under a
 * large cap a node leases units in blocks, and the nodes together still send exactly the cap, never more.
 */
@RelanceTest
class SenderQuotaTests {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant MONDAY = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant TUESDAY = Instant.parse("2026-03-03T09:00:00Z");

    @Autowired
    MongoTemplate mongo;

    private String sender;

    @BeforeEach
    void aNewSender() {
        sender = "sender-" + UUID.randomUUID() + "@relance.test";
    }

    @Test
    void twoNodesSendingForOneMailboxGetExactlyItsCapBetweenThem() {
        SenderQuotas first = node(20);
        SenderQuotas second = node(20);

        int granted = 0;
        boolean firstHasRoom = true;
        boolean secondHasRoom = true;
        while (firstHasRoom || secondHasRoom) {
            if (firstHasRoom && (firstHasRoom = first.reserve("email", sender, 1_000, MONDAY))) {
                granted++;
            }
            if (secondHasRoom && (secondHasRoom = second.reserve("email", sender, 1_000, MONDAY))) {
                granted++;
            }
        }

        assertThat(granted).isEqualTo(1_000);
        assertThat(used(MONDAY)).isEqualTo(1_000);
    }

    @Test
    void underALargeCapANodeTakesABlockAndGivesBackWhatItDidNotUseWhenItStops() {
        SenderQuotas node = node(20);

        for (int i = 0; i < 101; i++) {
            assertThat(node.reserve("email", sender, 1_000, MONDAY)).isTrue();
        }
        assertThat(used(MONDAY)).as("six blocks of 20 taken for 101 emails").isEqualTo(120);

        node.returnLeases();
        assertThat(used(MONDAY)).isEqualTo(101);
    }

    @Test
    void aUnitGivenBackForAFailedSendIsUsedAgainByTheSameNode() {
        SenderQuotas node = node(20);
        node.reserve("email", sender, 1_000, MONDAY);

        node.release("email", sender, MONDAY);
        for (int i = 0; i < 20; i++) {
            assertThat(node.reserve("email", sender, 1_000, MONDAY)).isTrue();
        }

        assertThat(used(MONDAY)).isEqualTo(20);
        node.reserve("email", sender, 1_000, MONDAY);
        assertThat(used(MONDAY)).isEqualTo(40);
    }

    @Test
    void aNewDaysLeaseReturnsWhatWasLeftOfThePreviousDay() {
        SenderQuotas node = node(20);
        node.reserve("email", sender, 1_000, MONDAY);
        assertThat(used(MONDAY)).isEqualTo(20);

        node.reserve("email", sender, 1_000, TUESDAY);

        assertThat(used(MONDAY)).isEqualTo(1);
        assertThat(used(TUESDAY)).isEqualTo(20);
    }

    @Test
    void theDefaultCapOf50IsCountedUnitByUnitAndStopsAtTheCap() {
        SenderQuotas node = node(20);

        for (int i = 0; i < 50; i++) {
            assertThat(node.reserve("email", sender, 50, MONDAY)).isTrue();
            assertThat(used(MONDAY)).isEqualTo(i + 1);
        }

        assertThat(node.reserve("email", sender, 50, MONDAY)).isFalse();
        assertThat(used(MONDAY)).isEqualTo(50);
    }

    private SenderQuotas node(int lease) {
        return new SenderQuotas(mongo, new ThrottleProperties(50, 100, 80, PARIS, lease));
    }

    private long used(Instant day) {
        Document quota = mongo.findById("email:" + sender + ":" + day.atZone(PARIS).toLocalDate(), Document.class, "quotas");
        return quota == null ? 0 : quota.get("used", Number.class).longValue();
    }
}
