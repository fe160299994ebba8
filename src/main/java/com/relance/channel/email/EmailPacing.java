package com.relance.channel.email;

import java.time.Instant;

import com.relance.calendar.WindowChannel;
import com.relance.campaign.Campaign;
import com.relance.campaign.CampaignCalendar;
import com.relance.channel.SenderQuotas;
import com.relance.channel.ThrottleProperties;
import com.relance.prospect.Prospect;
import com.relance.sequence.EngineTime;
import com.relance.sequence.StepDeferred;
import com.relance.sequence.StepRun;
import com.relance.touch.Touches;
import org.springframework.stereotype.Component;

/**
 * Whether an email may leave now: the prospect is not out of office, it is inside their email window and the
 * sender is under their daily cap. Otherwise the step is deferred to the next allowed slot, recorded on its touch.
 */
@Component
class EmailPacing {

    private static final String QUOTA = "email";

    private final CampaignCalendar calendar;
    private final SenderQuotas quotas;
    private final ThrottleProperties throttles;
    private final Touches touches;

    EmailPacing(CampaignCalendar calendar, SenderQuotas quotas, ThrottleProperties throttles, Touches touches) {
        this.calendar = calendar;
        this.quotas = quotas;
        this.throttles = throttles;
        this.touches = touches;
    }

    /** A unit of the sender's daily quota, to give back if the email does not leave after all. */
    record Reservation(String sender, Instant day) {
    }

    /** Reserves the email's place in the sender's day, or throws {@link StepDeferred}. */
    Reservation admit(StepRun step, Campaign campaign, Prospect prospect) {
        Instant now = EngineTime.now();
        Instant back = prospect.reachableFrom(now);
        if (back.isAfter(now)) {
            defer(step, calendar.nextSlot(campaign, prospect, WindowChannel.EMAIL, back), StepDeferred.outOfOffice(back));
        }
        if (!calendar.inWindow(campaign, prospect, WindowChannel.EMAIL, now)) {
            defer(step, calendar.nextSlot(campaign, prospect, WindowChannel.EMAIL, now), "outside the EMAIL window");
        }
        String sender = campaign.sender().email();
        int cap = campaign.sender().dailyCap() != null ? campaign.sender().dailyCap() : throttles.emailsPerDay();
        if (!quotas.reserve(QUOTA, sender, cap, now)) {
            defer(step, calendar.nextSlot(campaign, prospect, WindowChannel.EMAIL, quotas.nextDay(now)),
                    "daily cap of " + cap + " emails reached for " + sender);
        }
        return new Reservation(sender, now);
    }

    void release(Reservation reservation) {
        quotas.release(QUOTA, reservation.sender(), reservation.day());
    }

    private void defer(StepRun step, Instant until, String reason) {
        touches.deferred(step.key(), until, reason);
        throw new StepDeferred(until, reason);
    }
}
