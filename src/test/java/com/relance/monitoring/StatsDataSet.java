package com.relance.monitoring;

import java.util.List;
import java.util.Map;

import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import com.relance.test.CallSequences;
import com.relance.test.Fixtures;
import com.relance.test.TestUsers;
import com.relance.touch.Channel;
import com.relance.touch.Touch;
import com.relance.touch.TouchStart;
import com.relance.touch.TouchStatus;
import com.relance.touch.Touches;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;

/**
 * A campaign whose every figure is known in advance, built through the same paths production uses: the
 * campaign API enrolls six prospects (their sequences start at a call step), {@link Touches} records the
 * touches below, {@link Prospects#changeStatus} the signals (which end five of the six sequences).
 *
 * <pre>
 * P1  introEmail (A) sent                                  → REPLIED       (last step: introEmail)
 * P2  introEmail (B), connectionRequest CONNECTED, followUpEmail (B) → MEETING_BOOKED (last step: followUpEmail)
 * P3  introEmail (A); call by X: 120 s, MEETING_BOOKED     → MEETING_BOOKED (last step: coldCall)
 * P4  introEmail fails once then is sent; call by X: CALL_BACK (attempt), then by Y: QUALIFIED_LEAD → UNSUBSCRIBED
 * P5  introEmail (A) sent                                  → BOUNCED       (last step: introEmail)
 * P6  enrolled, nothing yet (still in progress)
 * </pre>
 * Repeated reports (the same "sent", the same outcome, the same call duration) must not count twice.
 */
final class StatsDataSet {

    final String campaignId;
    final String callerX;
    final String callerY;
    final List<String> prospects;

    private StatsDataSet(String campaignId, String callerX, String callerY, List<String> prospects) {
        this.campaignId = campaignId;
        this.callerX = callerX;
        this.callerY = callerY;
        this.prospects = prospects;
    }

    static StatsDataSet build(ApplicationContext context) {
        TestRestTemplate rest = context.getBean(TestRestTemplate.class);
        IdentityService identity = context.getBean(IdentityService.class);
        RepositoryService repository = context.getBean(RepositoryService.class);
        Touches touches = context.getBean(Touches.class);
        Prospects prospects = context.getBean(Prospects.class);
        TestUsers.ensure(identity);
        CallSequences.deploy(repository);
        String group = "stats" + Long.toString(System.nanoTime(), 36);
        String x = TestUsers.newCaller(identity, group);
        String y = TestUsers.newCaller(identity, group);
        String campaign = Fixtures.createCampaign(rest, CallSequences.KEY, group);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            ids.add(Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("p" + i), "firstName", "P" + i,
                    "lastName", "Stats", "company", "Stats " + i + " SA", "phone", "06 12 34 56 7" + i)));
        }
        Fixtures.enroll(rest, campaign, ids);
        String p1 = ids.get(0), p2 = ids.get(1), p3 = ids.get(2), p4 = ids.get(3), p5 = ids.get(4);

        email(touches, campaign, p1, "introEmail", "A");
        email(touches, campaign, p2, "introEmail", "B");
        begin(touches, campaign, p2, "connectionRequest", Channel.LINKEDIN, "B");
        touches.outcome(key(p2, "connectionRequest"), TouchStatus.SENT, Touch.LINKEDIN_CONNECTED, null, null);
        email(touches, campaign, p2, "followUpEmail", "B");
        email(touches, campaign, p3, "introEmail", "A");
        begin(touches, campaign, p3, "coldCall", Channel.CALL, "A");
        touches.callPlaced(key(p3, "coldCall"), "CA-stats-" + p3, x);
        touches.callDuration(key(p3, "coldCall"), 120);
        touches.callDuration(key(p3, "coldCall"), 120);
        touches.outcome(key(p3, "coldCall"), TouchStatus.SENT, "MEETING_BOOKED", "demo", x);
        touches.outcome(key(p3, "coldCall"), TouchStatus.SENT, "MEETING_BOOKED", "demo", x);
        begin(touches, campaign, p4, "introEmail", Channel.EMAIL, "B");
        touches.failed(key(p4, "introEmail"), "SMTP 451");
        touches.sent(key(p4, "introEmail"));
        touches.sent(key(p4, "introEmail"));
        begin(touches, campaign, p4, "coldCall", Channel.CALL, "B");
        touches.attempt(key(p4, "coldCall"), "CALL_BACK", "tomorrow", x);
        touches.outcome(key(p4, "coldCall"), TouchStatus.SENT, "QUALIFIED_LEAD", "budget ok", y);
        email(touches, campaign, p5, "introEmail", "A");

        prospects.changeStatus(p1, ProspectStatus.REPLIED, "replied by email");
        prospects.changeStatus(p2, ProspectStatus.MEETING_BOOKED, "booked through the calendar link");
        prospects.changeStatus(p3, ProspectStatus.MEETING_BOOKED, "meeting booked on a call");
        prospects.changeStatus(p4, ProspectStatus.UNSUBSCRIBED, "unsubscribe link");
        prospects.changeStatus(p5, ProspectStatus.BOUNCED, "550 no such user");
        return new StatsDataSet(campaign, x, y, ids);
    }

    private static void email(Touches touches, String campaign, String prospect, String step, String variant) {
        begin(touches, campaign, prospect, step, Channel.EMAIL, variant);
        touches.sent(key(prospect, step));
    }

    private static void begin(Touches touches, String campaign, String prospect, String step, Channel channel, String variant) {
        touches.begin(new TouchStart(key(prospect, step), prospect, campaign, "stats-" + prospect, step, channel,
                step, variant, "camille@relance.test"));
    }

    private static String key(String prospect, String step) {
        return "stats-" + prospect + ":" + step + ":1";
    }
}
