package com.relance.channel;

import java.util.Date;

import com.relance.calendar.WindowChannel;
import com.relance.campaign.Campaign;
import com.relance.campaign.CampaignCalendar;
import com.relance.campaign.Campaigns;
import com.relance.prospect.Prospect;
import com.relance.prospect.Prospects;
import com.relance.sequence.EngineTime;
import com.relance.sequence.Sequences;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Who gets a person's step (a call, a manual LinkedIn touch) and when it is due, from BPMN:
 * {@code camunda:assignee="${stepRouting.assignee(execution)}"},
 * {@code camunda:candidateGroups="${stepRouting.callerGroup(execution)}"},
 * {@code camunda:dueDate="${stepRouting.callDue(execution)}"}.
 */
@Component("stepRouting")
// public: BPMN expressions can only call methods of public classes
public class StepRouting {

    private final Prospects prospects;
    private final Campaigns campaigns;
    private final CampaignCalendar calendar;

    StepRouting(Prospects prospects, Campaigns campaigns, CampaignCalendar calendar) {
        this.prospects = prospects;
        this.campaigns = campaigns;
        this.calendar = calendar;
    }

    /** The prospect's owner, unless the step's {@code assignment} input is {@code GROUP}; null leaves it to the group. */
    public String assignee(DelegateExecution execution) {
        if ("GROUP".equals(execution.getVariable("assignment"))) {
            return null;
        }
        return prospect(execution).owner();
    }

    /** The campaign's caller group. */
    public String callerGroup(DelegateExecution execution) {
        return campaign(execution).callerGroup();
    }

    /** The next slot in the calling window, in the prospect's time zone. */
    public Date callDue(DelegateExecution execution) {
        return Date.from(calendar.nextSlot(campaign(execution), prospect(execution), WindowChannel.PHONE, EngineTime.now()));
    }

    private Prospect prospect(DelegateExecution execution) {
        String id = (String) execution.getVariable(Sequences.PROSPECT_ID);
        return prospects.find(id).orElseThrow(() -> new IllegalStateException("Prospect " + id + " no longer exists"));
    }

    private Campaign campaign(DelegateExecution execution) {
        String id = (String) execution.getVariable(Sequences.CAMPAIGN_ID);
        return campaigns.findById(id).orElseThrow(() -> new IllegalStateException("Campaign " + id + " no longer exists"));
    }
}
