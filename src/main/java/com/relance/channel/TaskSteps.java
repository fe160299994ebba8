package com.relance.channel;

import com.relance.campaign.Campaign;
import com.relance.campaign.StepSubjects;
import com.relance.channel.linkedin.LinkedInProviderStep;
import com.relance.sequence.StepRun;
import com.relance.touch.Channel;
import com.relance.touch.Touch;
import com.relance.touch.TouchStart;
import com.relance.touch.TouchStatus;
import com.relance.touch.Touches;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Touches for steps a person performs (a call, a manual LinkedIn touch), as execution listeners on
 * their user tasks: {@code start} records the touch as pending, {@code end} records the outcome the
 * person chose ({@code callOutcome}, {@code linkedinOutcome}) or, when the task was cancelled (a reply
 * ended the sequence), that it was skipped. A LinkedIn step in provider mode is done by
 * {@link LinkedInProviderStep} at its start, and its task closes itself.
 */
@Configuration(proxyBeanMethods = false)
class TaskSteps {

    @Bean
    ExecutionListener callStep(Touches touches, StepSubjects subjects) {
        return new TaskTouch(touches, subjects, Channel.CALL, "script", "callOutcome", null);
    }

    @Bean
    ExecutionListener linkedinStep(Touches touches, StepSubjects subjects, LinkedInProviderStep provider) {
        return new TaskTouch(touches, subjects, Channel.LINKEDIN, "template", "linkedinOutcome", provider);
    }

    /** Outcomes that mean nothing reached the prospect. */
    private static boolean skipped(String outcome) {
        return outcome == null || outcome.equals("SKIPPED") || outcome.equals("NOT_ON_LINKEDIN");
    }

    private record TaskTouch(Touches touches, StepSubjects subjects, Channel channel, String templateInput,
                             String outcomeVariable, LinkedInProviderStep provider) implements ExecutionListener {

        @Override
        public void notify(DelegateExecution execution) {
            StepRun step = StepRun.of(execution);
            if (EVENTNAME_START.equals(execution.getEventName())) {
                Campaign campaign = subjects.campaignIfExists(execution).orElse(null);
                String sender = campaign == null ? null : campaign.sender().email();
                Touch touch = touches.begin(new TouchStart(step.key(), step.prospectId(), step.campaignId(),
                        step.processInstanceId(), step.activityId(), channel, (String) execution.getVariable(templateInput),
                        step.variant(), sender));
                if (provider != null && campaign != null) {
                    provider.start(execution, step, touch, campaign);
                }
                return;
            }
            if (provider != null && LinkedInProviderStep.closedAtStart(execution)) {
                step.complete(execution);
                return;
            }
            Object outcome = execution.isCanceled() ? null : execution.getVariable(outcomeVariable);
            Object note = execution.isCanceled() ? null : execution.getVariable("note");
            Object doneBy = execution.isCanceled() ? null : execution.getVariable("completedBy");
            if (doneBy == null && !execution.isCanceled()) {
                // completed in Tasklist or through /engine-rest: the logged-in user
                var authentication = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
                doneBy = authentication == null ? null : authentication.getUserId();
            }
            String text = outcome == null ? null : outcome.toString();
            touches.outcome(step.key(), skipped(text) ? TouchStatus.SKIPPED : TouchStatus.SENT,
                    text == null ? "CANCELLED" : text, note == null ? null : note.toString(),
                    doneBy == null ? null : doneBy.toString());
            step.complete(execution);
        }
    }
}
