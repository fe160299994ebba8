package com.relance.prospect;

import java.util.Map;

import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestUsers;
import org.bson.types.ObjectId;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

import static org.assertj.core.api.Assertions.assertThat;

/** A prospect's status changes once: the modules that stop sequences and count replies hear of it once. */
@RelanceTest
@RecordApplicationEvents
class ProspectStatusTests {

    @Autowired
    Prospects prospects;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;
    @Autowired
    ApplicationEvents events;

    @BeforeEach
    void given() {
        TestUsers.ensure(identity);
    }

    @Test
    void aSecondChangeToTheSameStatusIsRefusedAndKeepsTheFirstReason() {
        String id = Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("status")));

        assertThat(prospects.changeStatus(id, ProspectStatus.REPLIED, "first reply")).isTrue();
        assertThat(prospects.changeStatus(id, ProspectStatus.REPLIED, "second reply")).isFalse();

        assertThat(prospects.find(id).orElseThrow().statusReason()).isEqualTo("first reply");
        assertThat(events.stream(ProspectStatusChanged.class).filter(e -> e.prospectId().equals(id)))
                .containsExactly(new ProspectStatusChanged(id, ProspectStatus.ACTIVE, ProspectStatus.REPLIED, "first reply"));
    }

    @Test
    void anUnknownProspectChangesNothing() {
        assertThat(prospects.changeStatus("not-an-id", ProspectStatus.REPLIED, "reply")).isFalse();
        assertThat(prospects.changeStatus(new ObjectId().toHexString(), ProspectStatus.REPLIED, "reply")).isFalse();
        assertThat(events.stream(ProspectStatusChanged.class)).isEmpty();
    }
}
