package com.relance.channel;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import com.relance.calendar.WindowChannel;
import com.relance.campaign.Campaign;
import com.relance.campaign.CampaignCalendar;
import com.relance.campaign.StepSubjects;
import com.relance.channel.linkedin.LinkedInProviderStep;
import com.relance.channel.linkedin.LinkedInQuota;
import com.relance.prospect.Prospect;
import com.relance.sequence.EngineTime;
import com.relance.sequence.StepDeferred;
import com.relance.sequence.StepRun;
import com.relance.touch.Touches;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Who gets a person's step (a call, a manual LinkedIn touch) and when it is due, from BPMN:
 * {@code camunda:assignee="${stepRouting.assignee(execution)}"},
 * {@code camunda:candidateGroups="${stepRouting.callerGroup(execution)}"},
 * {@code camunda:dueDate="${stepRouting.callDue(execution)}"},
 * {@code camunda:followUpDate="${stepRouting.linkedinSlot(execution)}"}, and an SLA timer's
 * {@code ${stepRouting.callOverdue(execution)}}.
 */
@Component("stepRouting")
// public: BPMN expressions can only call methods of public classes
public class StepRouting {

    private final StepSubjects subjects;
    private final CampaignCalendar calendar;
    private final SenderQuotas quotas;
    private final ThrottleProperties throttles;
    private final Touches touches;
    private final CallProperties calls;
    private final LinkedInProviderStep linkedin;

    StepRouting(StepSubjects subjects, CampaignCalendar calendar, SenderQuotas quotas, ThrottleProperties throttles,
                Touches touches, CallProperties calls, LinkedInProviderStep linkedin) {
        this.subjects = subjects;
        this.calendar = calendar;
        this.quotas = quotas;
        this.throttles = throttles;
        this.touches = touches;
        this.calls = calls;
        this.linkedin = linkedin;
    }

    /** The prospect's owner, unless the step's {@code assignment} input is {@code GROUP}; null leaves it to the group. */
    public String assignee(DelegateExecution execution) {
        if ("GROUP".equals(execution.getVariable("assignment"))) {
            return null;
        }
        return subjects.prospect(execution).owner();
    }

    /** The campaign's caller group. */
    public String callerGroup(DelegateExecution execution) {
        return subjects.campaign(execution).callerGroup();
    }

    /**
     * When a manual LinkedIn touch may be done (the task's follow-up date): the next slot of the LinkedIn
     * window (after the prospect's out-of-office, if they are away), on the first day the LinkedIn account
     * (the prospect's owner, else the campaign's sender) still has room: {@code linkedin-profile-visits-per-day},
     * or {@code linkedin-connection-requests-per-week} over a rolling 7 days. A later date is recorded on the
     * touch as a deferral. In provider mode the step is already done: now.
     */
    public Date linkedinSlot(DelegateExecution execution) {
        Campaign campaign = subjects.campaign(execution);
        Prospect prospect = subjects.prospect(execution);
        if (linkedin.providerMode(campaign, prospect)) {
            // the provider already did it (and took the quota) when the step started: the task closes at once
            return Date.from(EngineTime.now());
        }
        Instant now = EngineTime.now();
        Instant back = prospect.reachableFrom(now);
        Instant slot = calendar.nextSlot(campaign, prospect, WindowChannel.LINKEDIN, back);
        if (back.isAfter(now)) {
            touches.deferred(StepRun.of(execution).key(), slot, StepDeferred.outOfOffice(back));
        }
        String account = LinkedInProviderStep.account(campaign, prospect);
        Optional<LinkedInQuota> quota = LinkedInQuota.of(execution.getVariable("action"));
        if (quota.isEmpty()) {
            return Date.from(slot);
        }
        Instant allowed = quotas.reserveFirstFreeDay(quota.get().kind(), account, quota.get().cap(throttles),
                quota.get().days(), slot);
        if (!allowed.equals(slot)) {
            allowed = calendar.nextSlot(campaign, prospect, WindowChannel.LINKEDIN, allowed);
            touches.deferred(StepRun.of(execution).key(), allowed, quota.get().reached(throttles, account));
        }
        return Date.from(allowed);
    }

    /**
     * When a call counts as overdue, for an SLA boundary timer: {@code relance.calls.overdue-after} business
     * hours of the calling window after the call is due.
     */
    public Date callOverdue(DelegateExecution execution) {
        Campaign campaign = subjects.campaign(execution);
        Prospect prospect = subjects.prospect(execution);
        Instant due = calendar.nextSlot(campaign, prospect, WindowChannel.PHONE, EngineTime.now());
        return Date.from(calendar.after(campaign, prospect, (int) Math.max(1, calls.overdueAfter().toHours()),
                CampaignCalendar.WaitUnit.BUSINESS_HOURS, WindowChannel.PHONE, due));
    }

    /**
     * The next slot in the calling window, in the prospect's time zone; after their out-of-office when an
     * automatic reply said they are away (recorded on the touch as a deferral).
     */
    public Date callDue(DelegateExecution execution) {
        Prospect prospect = subjects.prospect(execution);
        Instant now = EngineTime.now();
        Instant back = prospect.reachableFrom(now);
        Instant due = calendar.nextSlot(subjects.campaign(execution), prospect, WindowChannel.PHONE, back);
        if (back.isAfter(now)) {
            touches.deferred(StepRun.of(execution).key(), due, StepDeferred.outOfOffice(back));
        }
        return Date.from(due);
    }
}
