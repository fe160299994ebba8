package com.relance.monitoring;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import com.relance.touch.Touch;

/** Where {@link StatsRecorder} counts: the store as things happen, memory during a rebuild. */
interface Tally {

    /**
     * Adds to a campaign's figures of a day only if this is the first time the prospect reaches this stage
     * in this campaign; a retry or a second signal counts nothing.
     */
    void addOnFirstReach(String campaignId, String prospectId, FunnelStage stage, Instant at, LocalDate day,
                         Map<Figure, Long> amounts);

    void add(String campaignId, LocalDate day, Map<Figure, Long> amounts);

    void lastTouch(Touch touch);

    LastTouch lastTouchOf(String prospectId);

    /** A prospect's latest touch that reached them: where their next reply, meeting, unsubscribe or bounce counts. */
    record LastTouch(String campaignId, String activityId, String channel, String variant, String caller) {

        static LastTouch of(Touch touch) {
            return new LastTouch(touch.campaignId(), touch.activityId(), touch.channel().name(), touch.variant(), touch.caller());
        }

        Figure figure(String measure) {
            return new Figure(measure, activityId, channel, variant, caller);
        }
    }
}
