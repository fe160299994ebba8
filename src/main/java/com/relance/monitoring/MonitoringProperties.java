package com.relance.monitoring;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param timeZone     the zone a figure's day is counted in (daily series, "today", date filters)
 * @param maxDays      the longest date range one request may ask for
 * @param callerDays   the range of the callers' figures when none is given: the last n days, today included
 * @param gaugeRefresh how long the engine gauges (open call tasks, incidents) and a campaign's running-sequence
 *                     count (the funnel's "in progress") are kept before they are counted again
 * @param flushInterval how often buffered counts are written to MongoDB; a crash loses at most this much
 *                      (the rebuild recounts it)
 */
@ConfigurationProperties("relance.monitoring")
public record MonitoringProperties(@DefaultValue("Europe/Paris") ZoneId timeZone,
                                   @DefaultValue("400") int maxDays,
                                   @DefaultValue("30") int callerDays,
                                   @DefaultValue("10s") Duration gaugeRefresh,
                                   @DefaultValue("1s") Duration flushInterval) {
}
