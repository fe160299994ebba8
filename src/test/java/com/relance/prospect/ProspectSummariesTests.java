package com.relance.prospect;

import java.util.Arrays;
import java.util.List;
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

import static org.assertj.core.api.Assertions.assertThat;

/** A list of tasks shows each prospect's summary, read without the rest of the prospect. */
@RelanceTest
class ProspectSummariesTests {

    @Autowired
    Prospects prospects;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;

    @BeforeEach
    void given() {
        TestUsers.ensure(identity);
    }

    @Test
    void summariesCarryWhoTheProspectIsAndLeaveOutUnknownIds() {
        String ada = Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("ada"), "firstName", "Ada",
                "lastName", "Lovelace", "company", "Engines", "title", "CTO", "phone", "+44 20 7946 0958",
                "locale", "en-GB", "tags", List.of("vip"), "customFields", Map.of("budget", "high")));
        String bare = Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("bare")));
        prospects.changeStatus(bare, ProspectStatus.REPLIED, "replied");

        List<ProspectSummary> summaries = prospects.summaries(List.of(ada, bare, new ObjectId().toHexString(), "not-an-id"));

        Prospect whole = prospects.find(ada).orElseThrow();
        Prospect replied = prospects.find(bare).orElseThrow();
        assertThat(summaries).containsExactlyInAnyOrder(
                new ProspectSummary(ada, "Ada", "Lovelace", whole.email(), "+442079460958", "Engines", "CTO",
                        whole.timeZone(), "en-GB", ProspectStatus.ACTIVE),
                new ProspectSummary(bare, null, null, replied.email(), null, null, null, replied.timeZone(),
                        replied.locale(), ProspectStatus.REPLIED));
        assertThat(whole.timeZone()).isEqualTo("Europe/London");
        assertThat(summaries).filteredOn(summary -> summary.id().equals(ada)).singleElement()
                .satisfies(summary -> assertThat(summary.fullName()).isEqualTo("Ada Lovelace"));
        assertThat(prospects.summaries(List.of("not-an-id"))).isEmpty();
    }

    @Test
    void aSummaryReadsTheProspectFieldsOfItsOwnNames() {
        List<String> components = Arrays.stream(ProspectSummary.class.getRecordComponents()).map(c -> c.getName())
                .filter(name -> !name.equals("id")).toList();
        List<String> prospectFields = Arrays.stream(Prospect.class.getRecordComponents()).map(c -> c.getName()).toList();

        assertThat(ProspectSummary.FIELDS).containsExactlyElementsOf(components);
        assertThat(prospectFields).containsAll(components);
    }
}
