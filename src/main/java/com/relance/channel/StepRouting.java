package com.relance.channel;

import java.util.Date;

import com.relance.calendar.WindowChannel;
import com.relance.campaign.CampaignCalendar;
import com.relance.campaign.StepSubjects;
import com.relance.sequence.EngineTime;
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

    private final StepSubjects subjects;
    private final CampaignCalendar calendar;

    StepRouting(StepSubjects subjects, CampaignCalendar calendar) {
        this.subjects = subjects;
        this.calendar = calendar;
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

    /** The next slot in the calling window, in the prospect's time zone. */
    public Date callDue(DelegateExecution execution) {
        return Date.from(calendar.nextSlot(subjects.campaign(execution), subjects.prospect(execution),
                WindowChannel.PHONE, EngineTime.now()));
    }
}
