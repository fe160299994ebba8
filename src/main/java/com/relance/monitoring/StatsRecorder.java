package com.relance.monitoring;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.relance.campaign.ProspectsEnrolled;
import com.relance.console.Outcome;
import com.relance.prospect.ProspectStatus;
import com.relance.prospect.ProspectStatusChanged;
import com.relance.sequence.EnrolledCampaigns;
import com.relance.touch.Channel;
import com.relance.touch.Touch;
import com.relance.touch.TouchChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counts what happens, as it happens: touches by step, channel, variant and caller; calls, connects,
 * talk time and meetings by caller; each prospect's first time at each funnel stage; replies, meetings,
 * unsubscribes and bounces attributed to the last touch that reached the prospect before them. Runs in the
 * thread that recorded the touch or changed the status, and never fails it: {@link StatsStore} buffers the
 * counts and writes them in bulk; a counter that could not be written is logged, and
 * {@code POST /api/stats/rebuild} recounts everything.
 */
@Component
class StatsRecorder {

    private static final Logger log = LoggerFactory.getLogger(StatsRecorder.class);

    /** The statuses a prospect's signals give, with the funnel stage and the step figure each counts in. */
    private record Signalled(FunnelStage stage, String measure) {
    }

    private static final Map<ProspectStatus, Signalled> SIGNALLED = Map.of(
            ProspectStatus.REPLIED, new Signalled(FunnelStage.REPLIED, Figure.REPLY),
            ProspectStatus.MEETING_BOOKED, new Signalled(FunnelStage.MEETINGS, Figure.MEETING),
            ProspectStatus.UNSUBSCRIBED, new Signalled(FunnelStage.UNSUBSCRIBED, Figure.UNSUBSCRIBE),
            ProspectStatus.BOUNCED, new Signalled(FunnelStage.BOUNCED, Figure.BOUNCE));

    private final StatsStore store;
    private final EnrolledCampaigns enrolledCampaigns;
    private final Clock clock;
    private final ZoneId zone;

    StatsRecorder(StatsStore store, EnrolledCampaigns enrolledCampaigns, Clock clock, MonitoringProperties properties) {
        this.store = store;
        this.enrolledCampaigns = enrolledCampaigns;
        this.clock = clock;
        this.zone = properties.timeZone();
    }

    @EventListener
    void on(TouchChanged changed) {
        try {
            count(changed.touch(), changed.change(), store);
        } catch (RuntimeException e) {
            log.warn("Touch {} ({}) not counted in the stats: {}", changed.touch().id(), changed.change(), e.toString());
        }
    }

    @EventListener
    void on(ProspectStatusChanged changed) {
        try {
            count(changed.prospectId(), changed.to(), clock.instant(), store);
        } catch (RuntimeException e) {
            log.warn("Status {} of prospect {} not counted in the stats: {}", changed.to(), changed.prospectId(), e.toString());
        }
    }

    @EventListener
    void on(ProspectsEnrolled enrolled) {
        try {
            // an enrollment starts once per (campaign, prospect): its own unique record sees to it, so no mark is needed
            store.add(enrolled.campaignId(), day(enrolled.at()),
                    Map.of(Figure.stage(FunnelStage.ENROLLED), (long) enrolled.prospectIds().size()));
        } catch (RuntimeException e) {
            log.warn("{} enrollments in campaign {} not counted in the stats: {}", enrolled.prospectIds().size(),
                    enrolled.campaignId(), e.toString());
        }
    }

    /** Counts one change of a touch; {@link StatsRebuild} replays stored touches through here too. */
    void count(Touch touch, TouchChanged.Change change, Tally tally) {
        if (touch.campaignId() == null || touch.activityId() == null || touch.channel() == null) {
            return;
        }
        Instant at = touch.sentAt() != null ? touch.sentAt() : touch.updatedAt() != null ? touch.updatedAt() : clock.instant();
        Map<Figure, Long> amounts = new HashMap<>();
        List<FunnelStage> stages = new ArrayList<>();
        switch (change) {
            case SENT -> {
                amounts.put(figure(Figure.SENT, touch), 1L);
                stages.addAll(sent(touch, amounts));
                tally.lastTouch(touch);
            }
            case SKIPPED -> amounts.put(figure(Figure.SKIPPED, touch), 1L);
            case CALL_DURATION -> {
                if (touch.durationSeconds() != null && touch.durationSeconds() > 0) {
                    amounts.put(figure(Figure.TALK_SECONDS, touch), touch.durationSeconds().longValue());
                }
            }
            default -> {
                // failures and deferrals are meters only (RelanceMeters)
            }
        }
        for (FunnelStage stage : stages) {
            tally.addOnFirstReach(touch.campaignId(), touch.prospectId(), stage, at, day(at), Map.of(Figure.stage(stage), 1L));
        }
        tally.add(touch.campaignId(), day(at), amounts);
    }

    /** The figures and stages a touch that reached the prospect adds. */
    private static List<FunnelStage> sent(Touch touch, Map<Figure, Long> amounts) {
        String outcome = touch.outcome();
        if (touch.channel() == Channel.EMAIL) {
            return List.of(FunnelStage.EMAILED);
        }
        if (touch.channel() == Channel.LINKEDIN) {
            if (Touch.LINKEDIN_CONNECTED.equals(outcome)) {
                amounts.put(figure(Figure.CONNECT, touch), 1L);
                return List.of(FunnelStage.LINKEDIN_CONNECTED);
            }
            return List.of();
        }
        if (outcome == null) {
            return List.of();
        }
        List<FunnelStage> stages = new ArrayList<>(List.of(FunnelStage.CALLED));
        amounts.put(figure(Figure.CALL, touch), 1L);
        if (Outcome.connects(outcome)) {
            amounts.put(figure(Figure.CONNECT, touch), 1L);
            stages.add(FunnelStage.REACHED);
        }
        if (Outcome.MEETING_BOOKED.name().equals(outcome)) {
            amounts.put(figure(Figure.CALL_MEETING, touch), 1L);
        }
        if (Outcome.QUALIFIED_LEAD.name().equals(outcome)) {
            stages.add(FunnelStage.QUALIFIED_LEADS);
        }
        return stages;
    }

    /**
     * Counts a prospect's new status in the campaign of the last touch that reached them, and on that
     * touch's step; without any touch, in every campaign they are enrolled in (no step).
     */
    void count(String prospectId, ProspectStatus status, Instant at, Tally tally) {
        Signalled signalled = SIGNALLED.get(status);
        if (signalled == null) {
            return;
        }
        FunnelStage stage = signalled.stage();
        String measure = signalled.measure();
        Tally.LastTouch last = tally.lastTouchOf(prospectId);
        List<String> campaignIds = last != null ? List.of(last.campaignId()) : enrolledCampaigns.campaignIdsOf(prospectId);
        for (String campaignId : campaignIds) {
            Map<Figure, Long> amounts = new HashMap<>();
            amounts.put(Figure.stage(stage), 1L);
            if (last != null) {
                amounts.put(last.figure(measure), 1L);
            }
            tally.addOnFirstReach(campaignId, prospectId, stage, at, day(at), amounts);
        }
    }

    /** Counts an enrollment, once. */
    void enrolled(String campaignId, String prospectId, Instant at, Tally tally) {
        tally.addOnFirstReach(campaignId, prospectId, FunnelStage.ENROLLED, at, day(at),
                Map.of(Figure.stage(FunnelStage.ENROLLED), 1L));
    }

    private static Figure figure(String measure, Touch touch) {
        return new Figure(measure, touch.activityId(), touch.channel().name(), touch.variant(), touch.caller());
    }

    LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, zone);
    }
}
