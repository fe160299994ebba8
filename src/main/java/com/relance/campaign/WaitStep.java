package com.relance.campaign;

import java.time.Instant;
import java.util.Date;
import java.util.Locale;

import com.relance.calendar.WindowChannel;
import com.relance.prospect.Prospect;
import com.relance.sequence.EngineTime;
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

    private final StepSubjects subjects;
    private final CampaignCalendar calendar;

    WaitStep(StepSubjects subjects, CampaignCalendar calendar) {
        this.subjects = subjects;
        this.calendar = calendar;
    }

    public Date until(DelegateExecution execution) {
        Prospect prospect = subjects.prospect(execution);
        Campaign campaign = subjects.campaign(execution);
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
