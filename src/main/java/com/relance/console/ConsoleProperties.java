package com.relance.console;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param timeZone the zone a caller's "today" is counted in (queue sections, counters)
 */
@ConfigurationProperties("relance.console")
public record ConsoleProperties(@DefaultValue("Europe/Paris") ZoneId timeZone) {
}
