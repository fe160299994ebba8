package com.relance.channel.email;

import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import com.relance.campaign.Campaign;
import com.relance.campaign.StepSubjects;
import com.relance.prospect.Prospect;
import com.relance.sequence.StepDeferred;
import com.relance.sequence.StepRun;
import com.relance.sequence.Variants;
import com.relance.suppression.Suppression;
import com.relance.suppression.Suppressions;
import com.relance.system.RelanceProperties;
import com.relance.touch.Channel;
import com.relance.touch.Touch;
import com.relance.touch.TouchStart;
import com.relance.touch.Touches;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * The "send email" step: {@code camunda:delegateExpression="${sendEmail}"} with an input parameter
 * {@code template} and, optionally, {@code variants} ({@code A:50,B:50}: the prospect gets
 * {@code <template>-a} or {@code <template>-b}, always the same one).
 *
 * <p>Sends at most once per step run: a retry after the email left finds its touch marked sent and does
 * nothing; a retry after a crash mid-send reuses the same Message-ID, so mail systems see one message. Outside the prospect's email window, or when the sender's daily cap is
 * reached, the step is deferred to the next slot (recorded on the touch), never failed. A prospect no longer
 * contactable, or whose address or domain is on the suppression list, gets no email: the touch is skipped.
 */
@Component("sendEmail")
class SendEmailStep implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(SendEmailStep.class);
    private static final String UTF_8 = "UTF-8";

    private final StepSubjects subjects;
    private final Touches touches;
    private final EmailRenderer renderer;
    private final UnsubscribeTokens tokens;
    private final JavaMailSender mailSender;
    private final SmtpConnections connections;
    private final URI publicUrl;
    private final EmailPacing pacing;
    private final Suppressions suppressions;

    SendEmailStep(StepSubjects subjects, Touches touches, EmailRenderer renderer,
                  UnsubscribeTokens tokens, JavaMailSender mailSender, RelanceProperties relance, EmailPacing pacing,
                  Suppressions suppressions, SmtpConnections connections) {
        this.suppressions = suppressions;
        this.subjects = subjects;
        this.touches = touches;
        this.renderer = renderer;
        this.tokens = tokens;
        this.mailSender = mailSender;
        this.connections = connections;
        this.publicUrl = relance.publicUrl();
        this.pacing = pacing;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String template = (String) execution.getVariable("template");
        if (template == null || template.isBlank()) {
            throw new EmailStepFailure("Step '" + execution.getCurrentActivityId()
                    + "' has no 'template' input parameter naming the email template");
        }
        StepRun step = StepRun.of(execution);
        String variant = step.variant();
        Object variants = execution.getVariable("variants");
        if (variants instanceof String spec && !spec.isBlank()) {
            variant = Variants.parse(spec).choose(step.prospectId(), step.activityId());
            template = template + "-" + variant.toLowerCase(Locale.ROOT);
        }
        Campaign campaign = subjects.campaignIfExists(execution).orElseThrow(() ->
                new EmailStepFailure("Campaign " + step.campaignId() + " no longer exists"));
        // the Message-ID is stored with the touch's start: a retry after a crash mid-send finds it and reuses it
        Touch touch = touches.begin(new TouchStart(step.key(), step.prospectId(), step.campaignId(),
                step.processInstanceId(), step.activityId(), Channel.EMAIL, template, variant,
                campaign.sender().email()), newMessageId(campaign));
        if (touch.status().done()) {
            log.info("Step {} already {}; not sending again", step.key(), touch.status());
        } else {
            send(execution, step, touch, template, campaign);
        }
        step.complete(execution);
    }

    private void send(DelegateExecution execution, StepRun step, Touch touch, String template, Campaign campaign) {
        try {
            Prospect prospect = subjects.prospectIfExists(execution).orElseThrow(() ->
                    new EmailStepFailure("Prospect " + step.prospectId() + " no longer exists"));
            if (!prospect.status().contactable()) {
                touches.skipped(step.key(), "prospect is " + prospect.status());
                return;
            }
            Optional<Suppression> suppressed = suppressions.find(prospect.email());
            if (suppressed.isPresent()) {
                touches.skipped(step.key(), suppressed.get().skipReason());
                return;
            }
            EmailPacing.Reservation reservation = pacing.admit(step, campaign, prospect);
            String unsubscribeUrl = publicUrl.resolve("/unsubscribe/" + tokens.issue(prospect.id(), campaign.id())).toString();
            EmailMessage email = renderer.render(template, prospect, campaign, unsubscribeUrl);
            String messageId = touch.providerReference();
            if (messageId == null) {
                // a touch begun before Message-IDs were stored with the start
                messageId = newMessageId(campaign);
                touches.reference(step.key(), messageId, email.subject());
            }
            MimeMessage message = compose(email, prospect, campaign, messageId, unsubscribeUrl);
            try {
                connections.send(message);
            } catch (MailException e) {
                pacing.release(reservation);
                throw e;
            }
            touches.sent(step.key(), null, email.subject());
            log.debug("Sent '{}' to prospect {} ({})", template, prospect.id(), messageId);
        } catch (StepDeferred e) {
            throw e;
        } catch (EmailStepFailure e) {
            touches.failed(step.key(), e.getMessage());
            throw e;
        } catch (MailException | MessagingException | UnsupportedEncodingException e) {
            String error = "Could not send email '" + template + "' to prospect " + step.prospectId() + ": " + e.getMessage();
            touches.failed(step.key(), error);
            throw new EmailStepFailure(error, e);
        } catch (RuntimeException e) {
            String error = "Email step failed for prospect " + step.prospectId() + ": " + e.getMessage();
            touches.failed(step.key(), error);
            throw new EmailStepFailure(error, e);
        }
    }

    // multipart/alternative directly: MimeMessageHelper's mixed/related/alternative tree serves attachments
    // and inline images, which these emails do not have, and costs two more levels at each send
    private MimeMessage compose(EmailMessage email, Prospect prospect, Campaign campaign, String messageId,
                                String unsubscribeUrl) throws MessagingException, UnsupportedEncodingException {
        InternetAddress to = recipient(prospect);
        InternetAddress from = new InternetAddress(campaign.sender().email(), campaign.sender().name(), UTF_8);
        MimeMessage message = mailSender.createMimeMessage();
        message.setFrom(from);
        message.setReplyTo(new InternetAddress[] {from});
        message.setRecipient(Message.RecipientType.TO, to);
        message.setSubject(email.subject(), UTF_8);
        MimeBodyPart text = new MimeBodyPart();
        text.setText(email.text(), UTF_8);
        MimeBodyPart html = new MimeBodyPart();
        html.setText(email.html(), UTF_8, "html");
        message.setContent(new MimeMultipart("alternative", text, html));
        message.setHeader("Message-ID", messageId);
        // RFC 8058 one-click unsubscribe
        message.setHeader("List-Unsubscribe", "<" + unsubscribeUrl + ">");
        message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return message;
    }

    private static InternetAddress recipient(Prospect prospect) throws UnsupportedEncodingException {
        try {
            InternetAddress address = new InternetAddress(prospect.email(), true);
            address.validate();
            address.setPersonal(prospect.fullName().isEmpty() ? null : prospect.fullName(), UTF_8);
            return address;
        } catch (AddressException e) {
            throw new EmailStepFailure("Prospect " + prospect.id() + " has an invalid email address '"
                    + prospect.email() + "': " + e.getMessage());
        }
    }

    private static String newMessageId(Campaign campaign) {
        String sender = campaign.sender().email();
        int at = sender.lastIndexOf('@');
        return "<" + UUID.randomUUID() + "@" + (at < 0 ? "relance.local" : sender.substring(at + 1)) + ">";
    }

    /** A failure shown as the incident message in Cockpit once retries are exhausted. */
    static class EmailStepFailure extends RuntimeException {
        EmailStepFailure(String message) {
            super(message);
        }

        EmailStepFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
