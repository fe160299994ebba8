package com.relance.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.relance.campaign.Campaigns;
import com.relance.prospect.Prospect;
import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import com.relance.test.Api;
import com.relance.test.CallSequences;
import com.relance.test.Engine;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestMailServer;
import com.relance.test.TestUsers;
import com.relance.touch.Touch;
import com.relance.touch.Touch.Reply.Kind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The inbox watcher reads the sender's real mailbox (GreenMail, over IMAP): replies stop sequences,
 * out-of-office answers postpone them, bounces end them, and every message counts once.
 */
@RelanceTest
class InboxWatcherTests {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    IdentityService identity;
    @Autowired
    Prospects prospects;
    @Autowired
    Campaigns campaigns;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    InboxWatcher watcher;
    @Autowired
    InboundMessages inbound;
    @Autowired
    InboxProperties properties;
    @Autowired
    Clock clock;
    @Autowired
    RepositoryService repository;
    @Autowired
    TaskService tasks;
    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void given() {
        TestUsers.ensure(identity);
        // messages other tests left in the mailbox are behind us
        watcher.pollOnce();
    }

    @AfterEach
    void resetClock() {
        Engine.resetClock();
    }

    @Test
    void aReplyWithItsThreadingHeadersStopsTheSequenceAndIsShownOnTheTouch() {
        Emailed ana = emailed("ana", "firstTouch");
        double repliesBefore = meters.counter("relance.inbox.messages", "outcome", "REPLY").count();

        Mails.deliver(Mails.reply("Ana Costa <" + ana.email + ">", "Re: " + ana.touch().subject(), ana.touch().providerReference(),
                "Bonjour Camille, oui, appelons-nous mardi.\n\nLe lun. 1 mars 2027, Camille Martin a écrit :\n> Bonjour Ana"));
        InboxWatcher.PollReport report = watcher.pollOnce();

        assertThat(report).isEqualTo(new InboxWatcher.PollReport(1, 0));
        assertThat(prospect(ana).status()).isEqualTo(ProspectStatus.REPLIED);
        assertThat(instance(ana)).as("firstTouch does not model replies: it ends").isNull();
        Touch.Reply reply = onlyReply(ana);
        assertThat(reply.kind()).isEqualTo(Kind.REPLY);
        assertThat(reply.matchedBy()).isEqualTo("THREAD");
        assertThat(reply.subject()).isEqualTo("Re: " + ana.touch().subject());
        assertThat(reply.snippet()).isEqualTo("Bonjour Camille, oui, appelons-nous mardi.");
        assertThat(reply.from()).isEqualTo(ana.email);
        assertThat(reply.receivedAt()).isNotNull();
        Map<String, Object> touches = Api.as(rest, TestUsers.CALLER)
                .getForEntity("/api/prospects/" + ana.prospectId + "/touches", Map.class).getBody();
        assertThat(touches.toString()).contains("appelons-nous mardi");
        assertThat(meters.counter("relance.inbox.messages", "outcome", "REPLY").count()).isEqualTo(repliesBefore + 1);
    }

    @Test
    void aReplyWhoseHeadersWereStrippedAndFiledInAnotherFolderIsMatchedByAddress() {
        Emailed ben = emailed("ben", "firstTouch");

        // no In-Reply-To, no References, another subject, and a mail rule filed it outside INBOX
        Mails.file("Prospects/Réponses", Mails.raw(ben.email.toUpperCase(), "Question", "", "Can you send me your prices?"));
        watcher.pollOnce();

        assertThat(prospect(ben).status()).isEqualTo(ProspectStatus.REPLIED);
        assertThat(instance(ben)).isNull();
        assertThat(onlyReply(ben)).extracting(Touch.Reply::kind, Touch.Reply::matchedBy).containsExactly(Kind.REPLY, "ADDRESS");
    }

    @Test
    void aColleaguesReplyIsAnAccountLevelReply() {
        String domain = "acme-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        String company = "Acme " + domain;
        String campaignId = (String) Api.as(rest, TestUsers.MARKETER).exchange("/api/campaigns", HttpMethod.POST,
                new HttpEntity<>(Map.of("name", "Account " + domain, "sequence", "firstTouch", "accountLevel", "PAUSE",
                        "sender", Map.of("name", "Camille Martin", "email", TestMailServer.SENDER))), Fixtures.JSON).getBody().get("id");
        String chloe = Fixtures.createProspect(rest, Map.of("email", "chloe@" + domain, "company", company));
        String dan = Fixtures.createProspect(rest, Map.of("email", "dan@" + domain, "company", company));
        Fixtures.enroll(rest, campaignId, List.of(chloe));
        Engine.executeDueJobs(management, runtime, campaignId);
        Fixtures.enroll(rest, campaignId, List.of(dan)); // not emailed yet

        // the head of sales, who is not a prospect, answers from another address of the company
        Mails.deliver(Mails.raw("Eve Boss <eve@" + domain + ">", "About your email to Chloé", "", "I handle this topic. Call me."));
        watcher.pollOnce();

        Prospect emailed = prospects.find(chloe).orElseThrow();
        assertThat(emailed.status()).isEqualTo(ProspectStatus.REPLIED);
        assertThat(emailed.statusReason()).contains("colleague eve@" + domain, "account-level");
        assertThat(instance(campaignId, chloe)).isNull();
        assertThat(instance(campaignId, dan).isSuspended()).as("the campaign pauses the account").isTrue();
        Touch touch = touches(chloe).get(0);
        assertThat(touch.replies()).extracting(Touch.Reply::from, Touch.Reply::matchedBy)
                .containsExactly(tuple("eve@" + domain, "DOMAIN"));
    }

    @Test
    void anOutOfOfficeDoesNotStopTheSequenceAndPostponesTheNextStepUntilAfterItsDate() {
        Emailed clara = emailed("clara", "firstTouch");
        LocalDate back = LocalDate.now(clock).plusDays(10);

        Mails.deliver(Mails.raw(clara.email, "Réponse automatique : " + clara.touch().subject(),
                "Auto-Submitted: auto-replied\r\nIn-Reply-To: " + clara.touch().providerReference() + "\r\n",
                "Bonjour, je suis absente jusqu'au " + back.format(DateTimeFormatter.ofPattern("dd/MM/yyyy"))
                        + " inclus. Je vous répondrai à mon retour."));
        watcher.pollOnce();

        Prospect away = prospect(clara);
        assertThat(away.status()).isEqualTo(ProspectStatus.ACTIVE);
        assertThat(instance(clara)).as("an out-of-office is not a reply").isNotNull();
        Instant reachable = back.plusDays(1).atStartOfDay(ZoneId.of("Europe/Paris")).toInstant();
        assertThat(away.outOfOfficeUntil()).isEqualTo(reachable);
        assertThat(onlyReply(clara)).extracting(Touch.Reply::kind, Touch.Reply::detail)
                .containsExactly(Kind.AUTO_REPLY, "away until " + back);

        // the two-day wait ends: the follow-up waits for her return instead of going out
        Engine.moveClock(Duration.ofDays(2).plusMinutes(1));
        management.executeJob(management.createJobQuery().processInstanceId(instance(clara).getId()).singleResult().getId());
        Job followUp = management.createJobQuery().processInstanceId(instance(clara).getId()).singleResult();
        assertThat(Engine.tryExecute(management, followUp)).hasMessageContaining("out of office until " + reachable);
        assertThat(management.createJobQuery().jobId(followUp.getId()).singleResult().getDuedate().toInstant()).isEqualTo(reachable);
        Touch postponed = mongo.findById(instance(clara).getId() + ":followUpEmail:1", Touch.class);
        assertThat(postponed.deferral()).isEqualTo("the prospect is out of office until " + reachable);
        assertThat(TestMailServer.messagesTo(clara.email)).hasSize(1);

        ClockUtil.setCurrentTime(Date.from(reachable.plusSeconds(60)));
        Engine.executeDueJobs(management, runtime, clara.campaignId);
        assertThat(TestMailServer.messagesTo(clara.email)).as("the follow-up once she is back").hasSize(2);
    }

    @Test
    void theCallersConsoleShowsTheOutOfOfficeAndTheCallWaitsForTheReturn() {
        CallSequences.deploy(repository);
        Emailed jade = emailed("jade", "firstTouch");
        LocalDate back = LocalDate.now(clock).plusDays(5);
        Mails.deliver(Mails.raw(jade.email, "Out of office", "X-Autoreply: yes\r\n",
                "I am on leave, back on " + back.format(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)) + "."));
        watcher.pollOnce();
        String group = "inbox" + Long.toString(System.nanoTime(), 36);
        String caller = TestUsers.newCaller(identity, group);
        String callCampaign = Fixtures.createCampaign(rest, CallSequences.KEY, group);

        Fixtures.enroll(rest, callCampaign, List.of(jade.prospectId));

        Instant reachable = back.plusDays(1).atStartOfDay(ZoneId.of("Europe/Paris")).toInstant();
        Task call = tasks.createTaskQuery().processInstanceId(instance(callCampaign, jade.prospectId).getId()).singleResult();
        assertThat(call.getDueDate().toInstant()).isEqualTo(reachable);
        assertThat(mongo.findById(instance(callCampaign, jade.prospectId).getId() + ":coldCall:1", Touch.class).deferral())
                .isEqualTo("the prospect is out of office until " + reachable);
        String page = Pages.loggedIn(rest, caller).getForObject("/console/tasks/" + call.getId(), String.class);
        assertThat(page).contains("Automatic reply").contains("I am on leave, back on").contains("away until " + back);
    }

    @Test
    void aPermanentDeliveryFailureMarksTheProspectBouncedAndATemporaryOneIsOnlyRecorded() {
        Emailed gone = emailed("gone", "firstTouch");
        Emailed full = emailed("full", "firstTouch");

        Mails.deliver(Mails.deliveryReport(gone.email, "5.1.1", gone.touch().providerReference()));
        Mails.deliver(Mails.deliveryReport(full.email, "4.2.2", full.touch().providerReference()));
        watcher.pollOnce();

        assertThat(prospect(gone).status()).isEqualTo(ProspectStatus.BOUNCED);
        assertThat(prospect(gone).statusReason()).contains("5.1.1");
        assertThat(instance(gone)).isNull();
        assertThat(onlyReply(gone).kind()).isEqualTo(Kind.BOUNCE);
        assertThat(prospect(full).status()).isEqualTo(ProspectStatus.ACTIVE);
        assertThat(instance(full)).as("retried later: the sequence goes on").isNotNull();
        Touch.Reply softBounce = onlyReply(full);
        assertThat(softBounce.kind()).isEqualTo(Kind.SOFT_BOUNCE);
        assertThat(softBounce.detail()).startsWith("4.2.2");
    }

    @Test
    void aReplyAskingToStopUnsubscribes() {
        Emailed fred = emailed("fred", "firstTouch");

        Mails.deliver(Mails.reply(fred.email, "Re: " + fred.touch().subject(), fred.touch().providerReference(),
                "Merci de me désinscrire."));
        watcher.pollOnce();

        assertThat(prospect(fred).status()).isEqualTo(ProspectStatus.UNSUBSCRIBED);
        assertThat(instance(fred)).isNull();
        assertThat(onlyReply(fred).kind()).isEqualTo(Kind.UNSUBSCRIBE);
    }

    @Test
    void ourOwnFollowUpsInTheThreadNeverCountAsReplies() {
        Emailed gus = emailed("gus", "firstTouch");

        // a copy of our own message in the thread (a Sent folder, a CC to ourselves)
        Mails.file("Sent", Mails.reply("Camille Martin <" + TestMailServer.SENDER + ">", "Re: " + gus.touch().subject(),
                gus.touch().providerReference(), "Just following up."));
        InboxWatcher.PollReport report = watcher.pollOnce();

        assertThat(report.processed()).isEqualTo(1);
        assertThat(prospect(gus).status()).isEqualTo(ProspectStatus.ACTIVE);
        assertThat(instance(gus)).isNotNull();
        assertThat(gus.touch().replies()).isNull();
        assertThat(touches(gus.prospectId).get(0).replies()).isNull();
    }

    @Test
    void aMessageThatCannotBeReadIsSkippedWithItsReasonAndDoesNotBlockTheFolder() {
        Emailed hugo = emailed("hugo", "firstTouch");
        String broken = Mails.raw(hugo.email, "Broken", "", "no parts here")
                .replace("Content-Type: text/plain; charset=UTF-8", "Content-Type: multipart/mixed");
        String brokenId = InboundMessage.ids(broken).get(0);

        Mails.file("INBOX", broken);
        Mails.deliver(Mails.reply(hugo.email, "Re: hello", hugo.touch().providerReference(), "Interested."));
        watcher.pollOnce();

        InboxRecords.Processed skipped = mongo.findById(brokenId, InboxRecords.Processed.class);
        assertThat(skipped.outcome()).isEqualTo("SKIPPED");
        assertThat(skipped.reason()).isNotBlank();
        assertThat(prospect(hugo).status()).as("the next message is read").isEqualTo(ProspectStatus.REPLIED);
    }

    @Test
    void anUnreachableMailboxIsReportedAndTheOthersAreStillRead() {
        Emailed iris = emailed("iris", "firstTouch");
        InboxProperties.Mailbox down = new InboxProperties.Mailbox("127.0.0.1", 1, false, "nobody@relance.test", "x", List.of());
        InboxWatcher withADeadMailbox = new InboxWatcher(new InboxProperties(List.of(down, properties.mailboxes().get(0)),
                Duration.ofMinutes(1), false, Duration.ofMinutes(10)), inbound, new InboxRecords(mongo, clock), campaigns,
                new SimpleMeterRegistry());

        Mails.deliver(Mails.reply(iris.email, "Re: hello", iris.touch().providerReference(), "Yes."));
        InboxWatcher.PollReport report = withADeadMailbox.pollOnce();

        assertThat(report).isEqualTo(new InboxWatcher.PollReport(1, 1));
        assertThat(withADeadMailbox.status().get(0).lastError()).contains("Connect");
        assertThat(prospect(iris).status()).isEqualTo(ProspectStatus.REPLIED);
    }

    @Test
    void aWatcherRestartedInTheMiddleOfABatchProcessesEachMessageOnce() {
        List<Emailed> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(emailed("batch" + i, "firstTouch"));
        }
        for (Emailed prospect : batch) {
            Mails.deliver(Mails.reply(prospect.email, "Re: hello", prospect.touch().providerReference(), "Let's talk."));
        }
        // dies after handling the third message, before noting how far it got
        AtomicInteger advances = new AtomicInteger();
        InboxRecords dying = new InboxRecords(mongo, clock) {
            @Override
            void advance(String id, long uidValidity, long uid) {
                if (advances.incrementAndGet() == 3) {
                    throw new IllegalStateException("Simulated crash before saving the cursor");
                }
                super.advance(id, uidValidity, uid);
            }
        };
        InboxWatcher crashing = new InboxWatcher(properties, inbound, dying, campaigns, new SimpleMeterRegistry());

        assertThat(crashing.pollOnce()).isEqualTo(new InboxWatcher.PollReport(0, 1));
        assertThat(batch.stream().filter(prospect -> prospect(prospect).status() == ProspectStatus.REPLIED)).hasSize(3);

        InboxWatcher.PollReport restarted = watcher.pollOnce();

        assertThat(restarted.processed()).as("the third is known by its Message-ID, the last two are new").isEqualTo(2);
        for (Emailed prospect : batch) {
            assertThat(prospect(prospect).status()).isEqualTo(ProspectStatus.REPLIED);
            assertThat(touches(prospect.prospectId).get(0).replies()).as("recorded once").hasSize(1);
        }
        assertThat(watcher.pollOnce().processed()).isZero();
    }

    @Test
    void aFolderWhoseUidValidityChangedIsReadAgainWithoutCountingAnythingTwice() {
        Emailed kim = emailed("kim", "firstTouch");
        Mails.deliver(Mails.reply(kim.email, "Re: hello", kim.touch().providerReference(), "Call me."));
        watcher.pollOnce();
        String inbox = properties.mailboxes().get(0).name() + "/INBOX";
        long before = mongo.findById(inbox, InboxRecords.Cursor.class).lastUid();

        // the server renumbered the folder (a restored backup, a migrated account)
        mongo.updateFirst(Query.query(
                        where("_id").is(inbox)),
                new Update().set("uidValidity", -1L).set("lastUid", 0L),
                InboxRecords.Cursor.class);
        InboxWatcher.PollReport reread = watcher.pollOnce();

        assertThat(reread.processed()).isZero();
        assertThat(mongo.findById(inbox, InboxRecords.Cursor.class).lastUid()).isEqualTo(before);
        assertThat(onlyReply(kim).kind()).isEqualTo(Kind.REPLY);
    }

    /** A prospect enrolled in a campaign of {@link TestMailServer#SENDER}, whose first email went out. */
    private Emailed emailed(String name, String sequence) {
        String email = Fixtures.uniqueEmail(name);
        String prospectId = Fixtures.createProspect(rest, Map.of("firstName", name, "email", email,
                "company", "Company of " + email));
        String campaignId = Fixtures.createCampaign(rest, sequence);
        Fixtures.enroll(rest, campaignId, List.of(prospectId));
        Engine.executeDueJobs(management, runtime, campaignId);
        return new Emailed(email, prospectId, campaignId, touches(prospectId).get(0));
    }

    private record Emailed(String email, String prospectId, String campaignId, Touch touch) {
    }

    private List<Touch> touches(String prospectId) {
        return mongo.find(Query.query(
                        where("prospectId").is(prospectId))
                .with(Sort.by("createdAt")), Touch.class);
    }

    private Touch.Reply onlyReply(Emailed emailed) {
        List<Touch.Reply> replies = touches(emailed.prospectId).get(0).replies();
        assertThat(replies).hasSize(1);
        return replies.get(0);
    }

    private Prospect prospect(Emailed emailed) {
        return prospects.find(emailed.prospectId).orElseThrow();
    }

    private ProcessInstance instance(Emailed emailed) {
        return instance(emailed.campaignId, emailed.prospectId);
    }

    private ProcessInstance instance(String campaignId, String prospectId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(campaignId + ":" + prospectId).singleResult();
    }
}
