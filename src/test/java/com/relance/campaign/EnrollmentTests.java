package com.relance.campaign;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.relance.prospect.ProspectFilter;
import com.relance.prospect.ProspectImport;
import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import com.relance.test.Api;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.SimulatedFailures;
import com.relance.test.TestUsers;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One process instance per (campaign, prospect), never two; big enrollments run as jobs. */
@RelanceTest
class EnrollmentTests {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;
    @Autowired
    IdentityService identity;
    @Autowired
    Prospects prospects;
    @Autowired
    ProspectImport prospectImport;
    @Autowired
    RepositoryService repository;
    @Autowired
    Campaigns campaigns;
    @Autowired
    Enrollments enrollments;
    @Autowired
    EnrollmentJobs jobs;
    @Autowired
    org.springframework.data.mongodb.core.MongoTemplate mongo;

    @BeforeEach
    void users() {
        TestUsers.ensure(identity);
    }

    @Test
    void enrollingTwiceIsANoOpAndStopStatusesAreSkipped() {
        String active = Fixtures.createProspect(rest, "Active", Fixtures.uniqueEmail("active"), "fr");
        String unsubscribed = Fixtures.createProspect(rest, "Gone", Fixtures.uniqueEmail("gone"), "fr");
        prospects.changeStatus(unsubscribed, ProspectStatus.UNSUBSCRIBED, "test");
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");

        Map<String, Object> first = Fixtures.enroll(rest, campaignId, List.of(active, unsubscribed, "000000000000000000000000"));
        Map<String, Object> second = Fixtures.enroll(rest, campaignId, List.of(active));

        assertThat(first).containsEntry("enrolled", 1);
        assertThat(first.get("skipped")).isEqualTo(List.of(
                Map.of("prospectId", unsubscribed, "reason", "prospect is UNSUBSCRIBED"),
                Map.of("prospectId", "000000000000000000000000", "reason", "no prospect with this id")));
        assertThat(second).containsEntry("enrolled", 0)
                .containsEntry("skipped", List.of(Map.of("prospectId", active, "reason", "already enrolled")));
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(campaignId + ":" + active).count())
                .isEqualTo(1);
        assertThat(runtime.createProcessInstanceQuery().variableValueEquals("prospectId", unsubscribed).count()).isZero();
    }

    @Test
    void aSequenceThatCannotStartForOneProspectStillStartsForTheOthersOfItsTransaction() {
        // given a sequence whose start fails for one prospect, and three prospects started in one transaction
        repository.createDeployment().addModelInstance("refusing-start.bpmn", Bpmn.createExecutableProcess("refusingStart")
                        .camundaHistoryTimeToLive(1)
                        .startEvent().camundaExecutionListenerDelegateExpression("start", "${refuseStart}")
                        .userTask("waitHere").endEvent().done())
                .enableDuplicateFiltering(true).deploy();
        List<String> ids = List.of(
                Fixtures.createProspect(rest, "First", Fixtures.uniqueEmail("first"), "fr"),
                Fixtures.createProspect(rest, "Refused", Fixtures.uniqueEmail("refused"), "fr"),
                Fixtures.createProspect(rest, "Third", Fixtures.uniqueEmail("third"), "fr"));
        SimulatedFailures.REFUSED_STARTS.add(ids.get(1));
        String campaignId = Fixtures.createCampaign(rest, "refusingStart");

        // when they are enrolled
        Map<String, Object> outcome = Fixtures.enroll(rest, campaignId, ids);

        // then the two others run, and the refused one is reported and may be enrolled again later
        assertThat(outcome).containsEntry("enrolled", 2).containsEntry("skipped", List.of(Map.of("prospectId", ids.get(1),
                "reason", "sequence could not start: Simulated start failure")));
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("refusingStart").list())
                .extracting(ProcessInstance::getBusinessKey)
                .containsExactlyInAnyOrder(campaignId + ":" + ids.get(0), campaignId + ":" + ids.get(2));

        SimulatedFailures.REFUSED_STARTS.remove(ids.get(1));
        assertThat(Fixtures.enroll(rest, campaignId, ids)).containsEntry("enrolled", 1);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(campaignId + ":" + ids.get(1)).count())
                .isEqualTo(1);
    }

    @Test
    void moreThanAThousandIdsRunAsABackgroundJobWithProgress() {
        String tag = "bulk" + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder("email,tags\n");
        for (int i = 0; i < 1_050; i++) {
            csv.append(tag).append('.').append(i).append("@example.com,").append(tag).append('\n');
        }
        prospectImport.importCsv(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
        List<String> ids = prospects.idsAfter(new ProspectFilter(null, null, tag, null), null, 2_000);
        assertThat(ids).hasSize(1_050);
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");

        ResponseEntity<Map<String, Object>> accepted = Api.as(rest, TestUsers.MARKETER).exchange(
                "/api/campaigns/" + campaignId + "/enrollments", HttpMethod.POST,
                new HttpEntity<>(Map.of("prospectIds", ids)), Fixtures.JSON);

        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String location = accepted.getHeaders().getLocation().toString();
        assertThat(location).startsWith("/api/campaigns/" + campaignId + "/enrollments/");
        Map<String, Object> done = await().atMost(java.time.Duration.ofMinutes(2))
                .until(() -> Api.as(rest, TestUsers.MANAGER).exchange(location, HttpMethod.GET, null, Fixtures.JSON).getBody(),
                        job -> !"RUNNING".equals(job.get("status")));
        assertThat(done).containsEntry("status", "DONE").containsEntry("total", 1050)
                .containsEntry("processed", 1050).containsEntry("enrolled", 1050).containsEntry("skippedCount", 0);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKeyLike(campaignId + ":%").count())
                .isEqualTo(1_050);
    }

    @Test
    void aFilterEnrollsEveryMatchingProspectInTheBackground() {
        String tag = "filter" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("f" + i), "tags", List.of(tag)));
        }
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");

        ResponseEntity<Map<String, Object>> accepted = Api.as(rest, TestUsers.MARKETER).exchange(
                "/api/campaigns/" + campaignId + "/enrollments", HttpMethod.POST,
                new HttpEntity<>(Map.of("filter", Map.of("tag", tag, "status", "ACTIVE"))), Fixtures.JSON);

        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        Map<String, Object> done = await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> Api.as(rest, TestUsers.MARKETER).exchange(accepted.getHeaders().getLocation(), HttpMethod.GET,
                        null, Fixtures.JSON).getBody(), job -> "DONE".equals(job.get("status")));
        assertThat(done).containsEntry("enrolled", 3).containsEntry("total", 3);
    }

    @Test
    void aFilterEnrollmentStoppedMidwayResumesAfterTheLastProspectItEnrolled() {
        String tag = "resume" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("r" + i), "tags", List.of(tag)));
        }
        List<String> ids = prospects.idsAfter(new ProspectFilter(null, null, tag, null), null, 10);
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");
        Campaign campaign = campaigns.findById(campaignId).orElseThrow();
        // as a stop leaves it: the first two enrolled, progress saved, still RUNNING
        enrollments.enroll(campaign, ids.subList(0, 2));
        String jobId = UUID.randomUUID().toString();
        mongo.insert(new EnrollmentJob(jobId, campaignId, null, new EnrollmentFilter(null, null, tag),
                EnrollmentJob.Status.RUNNING, 5, 2, 2, 0, List.of(), ids.get(1), null, java.time.Instant.now(), null));

        jobs.resumeInterrupted();

        EnrollmentJob done = await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> mongo.findById(jobId, EnrollmentJob.class), job -> job.status() != EnrollmentJob.Status.RUNNING);
        assertThat(done.status()).isEqualTo(EnrollmentJob.Status.DONE);
        assertThat(done.processed()).isEqualTo(5);
        assertThat(done.enrolled()).as("none enrolled twice, none skipped as already enrolled").isEqualTo(5);
        assertThat(done.skippedCount()).isZero();
        assertThat(done.lastProspectId()).isEqualTo(ids.get(4));
        for (String id : ids) {
            assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(campaignId + ":" + id).count())
                    .as(id).isEqualTo(1);
        }
    }

    @Test
    void pausingSuspendsTheCampaignsInstancesAndResumingActivatesThem() {
        String prospectId = Fixtures.createProspect(rest, "Pause", Fixtures.uniqueEmail("pause"), "fr");
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");
        Fixtures.enroll(rest, campaignId, List.of(prospectId));

        Map<String, Object> paused = Api.as(rest, TestUsers.MARKETER).exchange("/api/campaigns/" + campaignId + "/pause",
                HttpMethod.POST, null, Fixtures.JSON).getBody();
        assertThat(paused).containsEntry("status", "PAUSED");
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKeyLike(campaignId + ":%").suspended().count())
                .isEqualTo(1);
        ResponseEntity<Map<String, Object>> whilePaused = Api.as(rest, TestUsers.MARKETER).exchange(
                "/api/campaigns/" + campaignId + "/enrollments", HttpMethod.POST,
                new HttpEntity<>(Map.of("prospectIds", List.of(prospectId))), Fixtures.JSON);
        assertThat(whilePaused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

        Map<String, Object> resumed = Api.as(rest, TestUsers.MARKETER).exchange("/api/campaigns/" + campaignId + "/resume",
                HttpMethod.POST, null, Fixtures.JSON).getBody();
        assertThat(resumed).containsEntry("status", "ACTIVE");
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKeyLike(campaignId + ":%").active().count())
                .isEqualTo(1);
    }

    @Test
    void campaignsAreListedWithPageMetadata() {
        String campaignId = Fixtures.createCampaign(rest, "firstTouch");
        Map<String, Object> page = Api.as(rest, TestUsers.CALLER)
                .exchange("/api/campaigns?size=100&sort=createdAt,desc", HttpMethod.GET, null, Fixtures.JSON).getBody();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> content = (List<Map<String, Object>>) page.get("content");
        assertThat(content).extracting(c -> c.get("id")).contains(campaignId);
        assertThat(content.get(0)).containsKeys("name", "sequence", "sender", "callerGroup", "status");
        assertThat((Map<String, Object>) page.get("page")).containsKeys("size", "number", "totalElements", "totalPages");
        assertThat(Api.as(rest, TestUsers.CALLER).getForEntity("/api/campaigns/nope", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }
}
