package com.relance.campaign;

import java.time.Instant;
import java.util.Date;
import java.util.Locale;

import com.relance.calendar.WindowChannel;
import com.relance.prospect.Prospect;
import com.relance.prospect.Prospects;
import com.relance.sequence.EngineTime;
import com.relance.sequence.Sequences;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The "Wait" step's clock: {@code ${waits.until(execution)}} in the shared {@code relanceWait} process
 * (which the Wait element template calls) turns {@code waitAmount}, {@code waitUnit} and
 * {@code waitChannel} into the moment the timer fires, in the prospect's business time.
 */
@Component("waits")
// public: BPMN expressions can only call methods of public classes
public class WaitStep {

    private final Prospects prospects;
    private final Campaigns campaigns;
    private final CampaignCalendar calendar;

    WaitStep(Prospects prospects, Campaigns campaigns, CampaignCalendar calendar) {
        this.prospects = prospects;
        this.campaigns = campaigns;
        this.calendar = calendar;
    }

    public Date until(DelegateExecution execution) {
        String prospectId = (String) execution.getVariable(Sequences.PROSPECT_ID);
        String campaignId = (String) execution.getVariable(Sequences.CAMPAIGN_ID);
        Prospect prospect = prospects.find(prospectId).orElseThrow(() ->
                new IllegalStateException("Wait: prospect " + prospectId + " no longer exists"));
        Campaign campaign = campaigns.findById(campaignId).orElseThrow(() ->
                new IllegalStateException("Wait: campaign " + campaignId + " no longer exists"));
        int amount = Integer.parseInt(String.valueOf(execution.getVariable("waitAmount")).trim());
        CampaignCalendar.WaitUnit unit = CampaignCalendar.WaitUnit.valueOf(text(execution, "waitUnit", "BUSINESS_DAYS"));
        WindowChannel channel = WindowChannel.valueOf(text(execution, "waitChannel", "EMAIL"));
        Instant until = calendar.after(campaign, prospect, amount, unit, channel, EngineTime.now());
        return Date.from(until);
    }

    private static String text(DelegateExecution execution, String name, String fallback) {
        Object value = execution.getVariable(name);
        return value == null || value.toString().isBlank() ? fallback : value.toString().trim().toUpperCase(Locale.ROOT);
    }
}
