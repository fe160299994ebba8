package com.relance.console;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param timeZone  the zone a caller's "today" is counted in (queue sections, counters)
 * @param queueSize how many calls, and how many LinkedIn tasks, a caller's queue lists, soonest due first;
 *                  the queue says when more are waiting
 */
@ConfigurationProperties("relance.console")
public record ConsoleProperties(@DefaultValue("Europe/Paris") ZoneId timeZone, @DefaultValue("100") int queueSize) {

    public ConsoleProperties {
        if (queueSize < 1) {
            throw new IllegalArgumentException("relance.console.queue-size must be at least 1, not " + queueSize);
        }
    }
}
