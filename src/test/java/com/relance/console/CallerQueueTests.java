package com.relance.console;

import java.util.Date;
import java.util.List;
import java.util.Map;

import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import com.relance.test.CallSequences;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestUsers;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The callers' queue table follows every change to a call task, whoever makes it (the console, Tasklist,
 * {@code /engine-rest}, a stopped sequence), and a database from before the table gets it filled.
 */
@RelanceTest
class CallerQueueTests {

    @Autowired
    CallDesk desk;
    @Autowired
    CallerQueue callerQueue;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    IdentityService identity;
    @Autowired
    Prospects prospects;
    @Autowired
    ProcessEngine engine;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    com.relance.campaign.Campaigns campaigns;
    @Autowired
    com.relance.touch.Touches touches;
    @Autowired
    com.relance.meeting.Meetings meetings;
    @Autowired
    com.relance.meeting.MeetingInvitations invitations;

    private String group;
    private String alice;
    private String bob;
    private String campaignId;

    @BeforeEach
    void given() {
        TestUsers.ensure(identity);
        CallSequences.deploy(repository);
        group = "queue" + Long.toString(System.nanoTime(), 36);
        alice = TestUsers.newCaller(identity, group);
        bob = TestUsers.newCaller(identity, group);
        campaignId = Fixtures.createCampaign(rest, CallSequences.KEY, group);
    }

    @Test
    void aGroupCallMovesToWhoeverClaimsItInTasklistAndBackWhenReleased() {
        String taskId = callFor(prospect("claimed"));
        assertThat(dueNow(alice)).containsExactly(taskId);
        assertThat(dueNow(bob)).containsExactly(taskId);

        tasks.claim(taskId, bob);

        assertThat(dueNow(alice)).isEmpty();
        assertThat(dueNow(bob)).containsExactly(taskId);

        tasks.setAssignee(taskId, null);

        assertThat(dueNow(alice)).containsExactly(taskId);
        assertThat(dueNow(bob)).containsExactly(taskId);
    }

    @Test
    void callsAreListedSoonestDueFirstAndADueDateChangedInTasklistReordersThem() {
        String first = callFor(prospect("first"));
        String second = callFor(prospect("second"));
        Task earlier = tasks.createTaskQuery().taskId(second).singleResult();
        earlier.setDueDate(new Date(tasks.createTaskQuery().taskId(first).singleResult().getDueDate().getTime() - 60_000));

        tasks.saveTask(earlier);

        assertThat(dueNow(alice)).containsExactly(second, first);
        assertThat(desk.queue(alice).dueNow().get(0).prospect().firstName()).isEqualTo("second");
    }

    @Test
    void aQueueListsAtMostItsSizeOfCallsSoonestFirstAndSaysWhenMoreWait() {
        CallDesk twoCalls = new CallDesk(tasks, runtime, identity, callerQueue, prospects, campaigns, touches, meetings,
                invitations, java.time.Clock.systemUTC(), new ConsoleProperties(java.time.ZoneId.of("Europe/Paris"), 2));
        // a caller of this campaign's group only: the shared "callers" group holds other tests' calls
        String carol = "carol" + Long.toString(System.nanoTime(), 36);
        identity.saveUser(identity.newUser(carol));
        identity.createMembership(carol, group);
        String first = callFor(prospect("one"));
        String second = callFor(prospect("two"));
        assertThat(twoCalls.queue(carol).moreCalls()).isFalse();

        String third = callFor(prospect("three"));

        CallDesk.Queue queue = twoCalls.queue(carol);
        assertThat(queue.dueNow()).extracting(DeskTask::id).containsExactly(first, second).doesNotContain(third);
        assertThat(queue.moreCalls()).isTrue();
        assertThat(desk.queue(carol).moreCalls()).as("the default size, 100").isFalse();
        assertThat(desk.queue(carol).dueNow()).extracting(DeskTask::id).containsExactly(first, second, third);
    }

    @Test
    void aCallCompletedOutsideTheConsoleOrEndedByAReplyLeavesTheQueue() {
        String completed = callFor(prospect("completed"));
        String repliedProspect = prospect("replied");
        String ended = callFor(repliedProspect);
        assertThat(dueNow(alice)).containsExactlyInAnyOrder(completed, ended);

        tasks.complete(completed, Map.of("callOutcome", "NOT_INTERESTED"));
        prospects.changeStatus(repliedProspect, ProspectStatus.REPLIED, "replied to the intro email");

        assertThat(dueNow(alice)).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from " + CallerQueue.TABLE + " where TASK_ID_ in (?, ?)", Integer.class,
                completed, ended)).isZero();
    }

    @Test
    void aDatabaseFromBeforeTheQueueTableGetsItFilledWithTheOpenCalls() {
        String open = callFor(prospect("before"));
        String claimed = callFor(prospect("claimedBefore"));
        tasks.claim(claimed, bob);
        jdbc.execute("drop table " + CallerQueue.TABLE);

        callerQueue.postProcessEngineBuild(engine);

        assertThat(dueNow(alice)).containsExactly(open);
        assertThat(dueNow(bob)).containsExactlyInAnyOrder(open, claimed);
        assertThat(desk.queue(bob).dueNow()).allSatisfy(task -> {
            assertThat(task.prospect()).isNotNull();
            assertThat(task.campaignName()).isNotNull();
        });
    }

    private String prospect(String name) {
        return Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail(name), "firstName", name,
                "company", "Queue " + name, "phone", "06 12 34 56 78", "locale", "fr"));
    }

    private String callFor(String prospectId) {
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(campaignId + ":" + prospectId)
                .singleResult().getId();
        return tasks.createTaskQuery().processInstanceId(instance).singleResult().getId();
    }

    private List<String> dueNow(String caller) {
        return desk.queue(caller).dueNow().stream().map(DeskTask::id).toList();
    }
}
