package com.relance.channel;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much one sender may do, all campaigns together. Over a cap, steps are deferred to the next window,
 * never failed and never dropped.
 *
 * @param emailsPerDay                     per sender mailbox, unless the campaign's sender sets {@code dailyCap}
 * @param linkedinConnectionRequestsPerWeek per LinkedIn account (the prospect's owner, else the campaign's
 *                                         sender), over a rolling 7 days
 * @param linkedinProfileVisitsPerDay       per LinkedIn account
 * @param timeZone                         the zone a sender's "day" is counted in
 * @param quotaLease                       at most this many units of a sender's daily email cap a node takes in
 *                                         one round trip (never more than a fiftieth of the cap; 1: unit by unit).
 *                                         Unused units go back when the node stops; a crashed node's are lost for the day
 */
@ConfigurationProperties("relance.throttles")
public record ThrottleProperties(@DefaultValue("50") int emailsPerDay,
                                 @DefaultValue("100") int linkedinConnectionRequestsPerWeek,
                                 @DefaultValue("80") int linkedinProfileVisitsPerDay,
                                 @DefaultValue("Europe/Paris") ZoneId timeZone,
                                 @DefaultValue("20") int quotaLease) {
}
