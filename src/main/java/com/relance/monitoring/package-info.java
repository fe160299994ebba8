/**
 * Managers' monitoring: the business view next to Camunda Cockpit.
 * <p>
 * Figures are counted when they happen, not aggregated from raw touches per request: {@code StatsRecorder}
 * listens to {@link com.relance.touch.TouchChanged}, {@link com.relance.prospect.ProspectStatusChanged} and
 * {@link com.relance.campaign.ProspectsEnrolled} and increments counters in one MongoDB document per campaign
 * and day ({@code stats_days}), plus a per-prospect mark the first time a prospect reaches a funnel stage in
 * a campaign ({@code stats_marks}), so each stage counts a prospect once. Replies, meetings, unsubscribes
 * and bounces are attributed to the prospect's last touch that reached them ({@code stats_last_touches}).
 * Every query is by {@code _id}, which the embedded MongoDB server answers from its unique index too.
 * <p>
 * A new signal source is counted when it goes through the existing paths: a reply, a meeting, a bounce or
 * an unsubscribe through {@code Prospects.changeStatus} (which publishes {@code ProspectStatusChanged}); a
 * touch through {@code Touches}; "LinkedIn connected" as a LinkedIn touch whose outcome is
 * {@link com.relance.touch.Touch#LINKEDIN_CONNECTED} (the LinkedIn webhook records it when a
 * connection request is accepted).
 * <p>
 * Served: {@code /dashboard} (managers), {@code GET /api/campaigns/{id}/stats}, {@code /api/stats/callers},
 * {@code /api/stats/steps}, {@code /api/stats/activities} (also for the Cockpit plugin), {@code POST
 * /api/stats/rebuild}, and {@code relance_*} meters at {@code /actuator/prometheus}.
 */
package com.relance.monitoring;
