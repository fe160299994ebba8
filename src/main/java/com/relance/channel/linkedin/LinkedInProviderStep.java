package com.relance.channel.linkedin;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.relance.calendar.WindowChannel;
import com.relance.campaign.Campaign;
import com.relance.campaign.CampaignCalendar;
import com.relance.campaign.StepSubjects;
import com.relance.channel.SenderQuotas;
import com.relance.channel.ThrottleProperties;
import com.relance.prospect.Prospect;
import com.relance.sequence.EngineTime;
import com.relance.sequence.StepDeferred;
import com.relance.sequence.StepRejected;
import com.relance.sequence.StepRun;
import com.relance.template.MessageTemplates;
import com.relance.template.TemplateNotFoundException;
import com.relance.touch.Touch;
import com.relance.touch.TouchStatus;
import com.relance.touch.Touches;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Provider mode of a LinkedIn step: when the campaign says {@code PROVIDER} (or the account is listed in
 * {@code relance.linkedin.provider-accounts}), the step's start (in its own job: the template makes it
 * {@code asyncBefore}) renders the text, checks a connection note's length, takes the account's quota and
 * calls the provider once per step run; the task it then creates closes itself with the outcome, so the same
 * diagram runs in both modes and no console task appears.
 *
 * <p>Over the window or the quota, or when the provider answers 429, the step is deferred (next slot, next
 * day's window), never dropped. Other provider failures are retried with {@code relance.linkedin.retry-cycle},
 * then become an incident. A note over {@value #NOTE_LIMIT} characters is an incident at once, before any call.
 */
// public: StepRouting (the followUpDate of a manual task) asks it which mode applies
@Component
public class LinkedInProviderStep {

    /** LinkedIn refuses longer connection notes. */
    public static final int NOTE_LIMIT = 300;

    private static final Logger log = LoggerFactory.getLogger(LinkedInProviderStep.class);
    /** Step-local variables the start leaves for the task's create listener and the step's end. */
    private static final String OUTCOME = "linkedinProviderOutcome";
    private static final String NOTE = "linkedinProviderNote";
    private static final String DONE = "DONE";

    private final LinkedInProperties properties;
    private final LinkedInProvider provider;
    private final StepSubjects subjects;
    private final MessageTemplates templates;
    private final CampaignCalendar calendar;
    private final SenderQuotas quotas;
    private final ThrottleProperties throttles;
    private final Touches touches;

    LinkedInProviderStep(LinkedInProperties properties, LinkedInProvider provider, StepSubjects subjects,
                         MessageTemplates templates, CampaignCalendar calendar, SenderQuotas quotas,
                         ThrottleProperties throttles, Touches touches) {
        this.properties = properties;
        this.provider = provider;
        this.subjects = subjects;
        this.templates = templates;
        this.calendar = calendar;
        this.quotas = quotas;
        this.throttles = throttles;
        this.touches = touches;
    }

    /** The LinkedIn account a step acts from: the prospect's owner, else the campaign's sender. */
    public static String account(Campaign campaign, Prospect prospect) {
        return prospect.owner() != null ? prospect.owner() : campaign.sender().email();
    }

    /** Whether this prospect's LinkedIn steps in this campaign go through the provider. */
    public boolean providerMode(Campaign campaign, Prospect prospect) {
        return campaign.linkedin() == Campaign.LinkedInMode.PROVIDER
                || properties.providerAccounts().contains(account(campaign, prospect));
    }

    /**
     * At the step's start, after its touch began: does the action through the provider in provider mode and
     * returns true; returns false, doing nothing, in manual mode.
     */
    public boolean start(DelegateExecution execution, StepRun step, Touch touch, Campaign campaign) {
        Prospect prospect = subjects.prospect(execution);
        if (!providerMode(campaign, prospect)) {
            return false;
        }
        Object action = execution.getVariable("action");
        if (touch.status() == TouchStatus.SENT || touch.providerReference() != null) {
            // an earlier attempt of this run reached the provider: never twice
            log.info("LinkedIn step {} already done by the provider ({})", step.key(), touch.providerReference());
            if (!DONE.equals(touch.outcome())) {
                // sent by a version that left the outcome to the step's end
                touches.outcome(step.key(), TouchStatus.SENT, DONE, via(touch.providerReference()), null);
            }
            close(execution, DONE, via(touch.providerReference()));
            return true;
        }
        if (!prospect.status().contactable()) {
            skip(execution, step, "SKIPPED", "prospect is " + prospect.status());
            return true;
        }
        if (prospect.linkedinUrl() == null || prospect.linkedinUrl().isBlank()) {
            skip(execution, step, "NOT_ON_LINKEDIN", "prospect has no LinkedIn profile URL");
            return true;
        }
        if (!provider.configured()) {
            throw rejected(step, "LinkedIn step '" + step.activityId() + "' is in provider mode but "
                    + "relance.linkedin.provider-url is not set");
        }
        String text = render(execution, step, prospect, campaign, action);
        Instant now = EngineTime.now();
        Instant back = prospect.reachableFrom(now);
        if (back.isAfter(now)) {
            throw defer(step, calendar.nextSlot(campaign, prospect, WindowChannel.LINKEDIN, back), StepDeferred.outOfOffice(back));
        }
        if (!calendar.inWindow(campaign, prospect, WindowChannel.LINKEDIN, now)) {
            throw defer(step, calendar.nextSlot(campaign, prospect, WindowChannel.LINKEDIN, now), "outside the LINKEDIN window");
        }
        String account = account(campaign, prospect);
        Optional<LinkedInQuota> quota = LinkedInQuota.of(action);
        if (quota.isPresent() && !quotas.reserveToday(quota.get().kind(), account, quota.get().cap(throttles),
                quota.get().days(), now)) {
            throw defer(step, nextWindow(campaign, prospect, now), quota.get().reached(throttles, account));
        }
        String reference;
        try {
            reference = provider.perform(new LinkedInProvider.Action(String.valueOf(action), prospect.linkedinUrl(), text,
                    step.key(), account, prospect.id()));
        } catch (LinkedInProvider.Busy busy) {
            quota.ifPresent(q -> quotas.release(q.kind(), account, now));
            Instant until = nextWindow(campaign, prospect, now);
            Instant notBefore = busy.retryAfter().map(now::plus).orElse(until);
            throw defer(step, notBefore.isAfter(until) ? calendar.nextSlot(campaign, prospect, WindowChannel.LINKEDIN, notBefore)
                    : until, "LinkedIn provider busy (429)");
        } catch (LinkedInProvider.Failure failure) {
            quota.ifPresent(q -> quotas.release(q.kind(), account, now));
            String error = "LinkedIn step '" + step.activityId() + "' for prospect " + prospect.id() + ": " + failure.getMessage();
            touches.failed(step.key(), error);
            throw new LinkedInProvider.Failure(error, failure);
        }
        touches.done(step.key(), reference, DONE, via(reference));
        close(execution, DONE, via(reference));
        return true;
    }

    /**
     * Whether the step's start closed it (done by the provider, or skipped) and recorded its outcome on the touch:
     * nothing is left for the step's end to record.
     */
    public static boolean closedAtStart(DelegateExecution execution) {
        return execution.getVariableLocal(OUTCOME) != null;
    }

    /** The {@code create} task listener of every LinkedIn step: completes the task the provider already did. */
    static void closeIfDone(DelegateTask task) {
        if (!closedAtStart(task.getExecution())) {
            return;
        }
        task.setVariable("linkedinOutcome", task.getExecution().getVariableLocal(OUTCOME));
        task.setVariable("note", task.getExecution().getVariableLocal(NOTE));
        task.complete();
    }

    private String render(DelegateExecution execution, StepRun step, Prospect prospect, Campaign campaign, Object action) {
        Object template = execution.getVariable("template");
        if (template == null || template.toString().isBlank()) {
            if ("VISIT_PROFILE".equals(action)) {
                return null;
            }
            throw rejected(step, "LinkedIn step '" + step.activityId() + "' (" + action + ") has no message template");
        }
        Locale locale = prospect.locale() == null ? Locale.ENGLISH : Locale.forLanguageTag(prospect.locale());
        String text;
        try {
            text = templates.renderText("linkedin", template.toString(), locale,
                    Map.of("prospect", prospect, "campaign", campaign, "sender", campaign.sender())).orElse(null);
        } catch (TemplateNotFoundException e) {
            throw rejected(step, "LinkedIn step '" + step.activityId() + "': " + e.getMessage());
        }
        if (text == null) {
            throw rejected(step, "LinkedIn step '" + step.activityId() + "': no LinkedIn template '" + template + "'");
        }
        text = text.strip();
        if ("CONNECTION_REQUEST".equals(action) && text.length() > NOTE_LIMIT) {
            throw rejected(step, "LinkedIn step '" + step.activityId() + "': the connection note for prospect "
                    + prospect.id() + " is " + text.length() + " characters once rendered; LinkedIn allows "
                    + NOTE_LIMIT + ". Shorten template '" + template + "'. Nothing was sent.");
        }
        return text;
    }

    private StepRejected rejected(StepRun step, String message) {
        touches.failed(step.key(), message);
        return new StepRejected(message);
    }

    private Instant nextWindow(Campaign campaign, Prospect prospect, Instant now) {
        return calendar.nextSlot(campaign, prospect, WindowChannel.LINKEDIN, quotas.nextDay(now));
    }

    /** Records the deferral on the touch; the caller throws it, which postpones the step's job. */
    private StepDeferred defer(StepRun step, Instant until, String reason) {
        touches.deferred(step.key(), until, reason);
        return new StepDeferred(until, reason);
    }

    private void skip(DelegateExecution execution, StepRun step, String outcome, String reason) {
        touches.skipped(step.key(), reason, outcome);
        close(execution, outcome, reason);
    }

    // transient: read by the task's create listener and the step's end in the same transaction, so never written to
    // the engine's tables (as stored variables they cost two runtime rows and two history rows per step)
    private static void close(DelegateExecution execution, String outcome, String note) {
        execution.setVariableLocal(OUTCOME, Variables.stringValue(outcome, true));
        execution.setVariableLocal(NOTE, Variables.stringValue(note, true));
    }

    private static String via(String reference) {
        return "done by the LinkedIn provider, reference " + reference;
    }
}
