package com.relance.campaign;

import com.relance.prospect.Prospect;
import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import com.relance.sequence.Sequences;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestUsers;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * A step's prospect is read once per transaction (one job), yet a status change in it is seen at once; its
 * campaign is kept across jobs.
 */
@RelanceTest
class StepSubjectsTests {

    @Autowired
    StepSubjects subjects;
    @Autowired
    Prospects prospects;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    CampaignRuns runs;

    private String prospectId;
    private VariableScope step;

    @BeforeEach
    void givenAProspectAndAStepWorkingForThem() {
        TestUsers.ensure(identity);
        prospectId = Fixtures.createProspect(rest, "Once", Fixtures.uniqueEmail("once"), "fr");
        step = mock(VariableScope.class);
        when(step.getVariable(Sequences.PROSPECT_ID)).thenReturn(prospectId);
    }

    @Test
    void withinOneTransactionTheProspectIsReadOnceAndAStatusChangeIsSeenAtOnce() {
        new TransactionTemplate(transactions).executeWithoutResult(transaction -> {
            Prospect first = subjects.prospect(step);
            rename("Renamed behind the job's back");

            assertThat(subjects.prospect(step)).isSameAs(first);

            prospects.changeStatus(prospectId, ProspectStatus.REPLIED, "test");
            Prospect afterReply = subjects.prospect(step);
            assertThat(afterReply.status()).isEqualTo(ProspectStatus.REPLIED);
            assertThat(afterReply.firstName()).isEqualTo("Renamed behind the job's back");
        });

        // the next transaction reads again
        rename("Renamed between jobs");
        String read = new TransactionTemplate(transactions).execute(transaction -> subjects.prospect(step).firstName());
        assertThat(read).isEqualTo("Renamed between jobs");
    }

    @Test
    void outsideATransactionEveryCallReads() {
        subjects.prospect(step);
        rename("Renamed");

        assertThat(subjects.prospect(step).firstName()).isEqualTo("Renamed");
    }

    @Test
    void aCampaignIsKeptAcrossJobsAndReadAgainOnceThisNodePausesIt() {
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");
        when(step.getVariable(Sequences.CAMPAIGN_ID)).thenReturn(campaignId);
        Campaign first = new TransactionTemplate(transactions).execute(transaction -> subjects.campaign(step));
        mongo.updateFirst(Query.query(where("_id").is(campaignId)), Update.update("name", "Renamed behind the steps' back"),
                Campaign.class);

        Campaign nextJob = new TransactionTemplate(transactions).execute(transaction -> subjects.campaign(step));
        assertThat(nextJob).isSameAs(first);

        runs.pause(campaignId);
        Campaign afterPause = subjects.campaign(step);
        assertThat(afterPause.status()).isEqualTo(Campaign.CampaignStatus.PAUSED);
        assertThat(afterPause.name()).isEqualTo("Renamed behind the steps' back");
    }

    private void rename(String firstName) {
        mongo.updateFirst(Query.query(where("_id").is(prospectId)), Update.update("firstName", firstName), Prospect.class);
    }
}
