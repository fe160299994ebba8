package com.relance.campaign;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import com.relance.calendar.BusinessCalendar;
import com.relance.calendar.WindowChannel;
import com.relance.calendar.WindowSettings;
import com.relance.prospect.Prospect;
import org.springframework.stereotype.Component;

/**
 * Business time for one prospect in one campaign: the prospect's time zone and country, the campaign's
 * windows over the global defaults. Steps and waits ask it when they may run.
 */
@Component
public class CampaignCalendar {

    /** How a wait counts. */
    public enum WaitUnit {
        BUSINESS_DAYS, BUSINESS_HOURS, HOURS
    }

    private final BusinessCalendar calendar;

    CampaignCalendar(BusinessCalendar calendar) {
        this.calendar = calendar;
    }

    /** Whether the channel's window for this prospect is open at {@code at}. */
    public boolean inWindow(Campaign campaign, Prospect prospect, WindowChannel channel, Instant at) {
        return calendar.inWindow(at, channel, zone(prospect), prospect.country(), windows(campaign));
    }

    /** The earliest moment at or after {@code at} when the channel may reach this prospect. */
    public Instant nextSlot(Campaign campaign, Prospect prospect, WindowChannel channel, Instant at) {
        return calendar.nextSlot(at, channel, zone(prospect), prospect.country(), windows(campaign));
    }

    /** {@code amount} units after {@code at}, landing inside the channel's window (except for plain hours). */
    public Instant after(Campaign campaign, Prospect prospect, int amount, WaitUnit unit, WindowChannel channel, Instant at) {
        return switch (unit) {
            case BUSINESS_DAYS -> calendar.plusBusinessDays(at, amount, channel, zone(prospect), prospect.country(), windows(campaign));
            case BUSINESS_HOURS -> calendar.plusBusinessHours(at, Duration.ofHours(amount), channel, zone(prospect),
                    prospect.country(), windows(campaign));
            case HOURS -> at.plus(Duration.ofHours(amount));
        };
    }

    private static WindowSettings windows(Campaign campaign) {
        return campaign.windows() == null ? WindowSettings.defaults() : campaign.windows();
    }

    private static ZoneId zone(Prospect prospect) {
        return ZoneId.of(prospect.timeZone() == null ? "Europe/Paris" : prospect.timeZone());
    }
}
