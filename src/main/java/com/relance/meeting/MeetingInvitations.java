package com.relance.meeting;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import com.relance.campaign.Campaign;
import com.relance.prospect.Prospect;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.ByteArrayDataSource;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends the prospect a confirmation of a booked meeting with an iCalendar invitation (ical4j), from the
 * campaign's sender, so the meeting lands in their calendar.
 */
@Component
public class MeetingInvitations {

    private final JavaMailSender mailSender;

    MeetingInvitations(JavaMailSender mailSender) {
        this.mailSender = mailSender;
    }

    public void send(Meeting meeting, Prospect prospect, Campaign campaign) {
        Locale locale = prospect.locale() != null && prospect.locale().startsWith("fr") ? Locale.FRENCH : Locale.ENGLISH;
        ZoneId zone = ZoneId.of(prospect.timeZone() == null ? "Europe/Paris" : prospect.timeZone());
        String when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.FULL, FormatStyle.SHORT).withLocale(locale)
                .format(meeting.startsAt().atZone(zone));
        boolean french = locale == Locale.FRENCH;
        String subject = (french ? "Rendez-vous confirmé : " : "Meeting confirmed: ") + when;
        String body = (french ? "Bonjour " : "Hello ") + (prospect.firstName() == null ? "" : prospect.firstName()) + ",\n\n"
                + (french ? "Je vous confirme notre rendez-vous le " : "This confirms our meeting on ") + when + ".\n"
                + (french ? "L'invitation est jointe pour votre agenda." : "The invitation is attached for your calendar.")
                + "\n\n" + campaign.sender().name();
        try {
            MimeMessage message = mailSender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(campaign.sender().email(), campaign.sender().name());
            helper.setTo(prospect.email());
            helper.setSubject(subject);
            helper.setText(body);
            helper.addAttachment("invite.ics", new ByteArrayDataSource(invitation(meeting, prospect, campaign),
                    "text/calendar; charset=UTF-8; method=REQUEST"));
            mailSender.send(message);
        } catch (MessagingException | java.io.IOException | MailException e) {
            throw new IllegalStateException("Could not send the meeting confirmation to " + prospect.email() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The iCalendar REQUEST for the meeting, in UTC. */
    static String invitation(Meeting meeting, Prospect prospect, Campaign campaign) {
        VEvent event = new VEvent(meeting.startsAt(), meeting.startsAt().plus(Duration.ofMinutes(meeting.durationMinutes())),
                campaign.sender().name() + " / " + prospect.fullName());
        event.add(new Uid(meeting.id() + "@relance"));
        event.add(new Organizer(java.net.URI.create("mailto:" + campaign.sender().email())));
        event.add(new Attendee(java.net.URI.create("mailto:" + prospect.email())));
        if (meeting.notes() != null && !meeting.notes().isBlank()) {
            event.add(new Description(meeting.notes()));
        }
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//Relance//Meetings//EN"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(ImmutableMethod.REQUEST);
        calendar.add(event);
        return calendar.toString();
    }
}
