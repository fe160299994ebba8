package com.relance.inbox;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.relance.touch.Touch.Reply.Kind;

/**
 * What an inbound message is: a reply, an unsubscribe request, an automatic answer (with the out-of-office
 * return date when it gives one), a bounce, or nothing we count ({@link #ignored()} says why).
 *
 * @param returnDate for an out-of-office, the last date it names (the prospect is away until then)
 * @param detail     a short note for the touch: the return date, the delivery status and diagnostic
 */
record Classification(Kind kind, LocalDate returnDate, String detail, String ignored) {

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;
    /** Subjects of out-of-office and other automatic answers, in English and French. */
    private static final Pattern AUTOMATIC_SUBJECT = Pattern.compile(
            "out of (the )?office|\\booo\\b|automatic reply|auto[- ]?reply|auto[- ]?response|autoreply|away from (the |my )?office"
                    + "|\\bon (vacation|holiday|holidays|leave)\\b|vacation reply|\\babsen(ce|t)\\b|réponse automatique"
                    + "|reponse automatique|message d'absence|hors du bureau|\\ben congés?\\b|répondeur", FLAGS);
    /** Subjects of delivery failures that do not come as a standard report. */
    private static final Pattern FAILURE_SUBJECT = Pattern.compile(
            "undeliver|undelivered mail|delivery status notification|delivery (has )?failed|mail delivery failed"
                    + "|returned mail|failure notice|non remis|échec de (la )?remise", FLAGS);
    /** Asking us to stop, in English and French. */
    private static final Pattern UNSUBSCRIBE = Pattern.compile(
            "\\b(unsubscribe|unsubscribed|remove me|désinscri\\w*|desinscri\\w*|désabonn\\w*|desabonn\\w*|ne plus recevoir|stop)\\b",
            FLAGS);

    static Classification of(Kind kind, LocalDate returnDate, String detail) {
        return new Classification(kind, returnDate, detail, null);
    }

    static Classification ignore(String why) {
        return new Classification(null, null, null, why);
    }

    /** Decides what a message is; bounces first (they are automatic too), then automatic answers, then people. */
    static Classification classify(InboundMessage message) {
        DeliveryReport delivery = message.delivery();
        if (delivery != null) {
            String detail = delivery.status() + (delivery.diagnostic() == null ? "" : " " + delivery.diagnostic());
            if (delivery.permanent()) {
                return of(Kind.BOUNCE, null, detail);
            }
            if (delivery.temporary()) {
                return of(Kind.SOFT_BOUNCE, null, detail);
            }
            return ignore("delivery notification with status " + delivery.status());
        }
        String from = message.from() == null ? "" : message.from();
        if (from.startsWith("mailer-daemon@") || from.startsWith("postmaster@")
                || FAILURE_SUBJECT.matcher(message.subject()).find()) {
            return ignore("delivery failure notice without a delivery status report");
        }
        if (automatic(message.headers()) || AUTOMATIC_SUBJECT.matcher(message.subject()).find()) {
            Optional<LocalDate> back = ReturnDates.last(message.subject() + "\n" + message.text(),
                    message.receivedAt().atZone(ZoneOffset.UTC).toLocalDate());
            return of(Kind.AUTO_REPLY, back.orElse(null), back.map(date -> "away until " + date).orElse(null));
        }
        // a "Re:" subject repeats ours: only a subject of their own counts
        String subject = message.subject().strip();
        boolean ownSubject = withoutReplyPrefix(subject).equals(subject);
        if ((ownSubject && UNSUBSCRIBE.matcher(subject).find()) || UNSUBSCRIBE.matcher(message.text()).find()) {
            return of(Kind.UNSUBSCRIBE, null, null);
        }
        return of(Kind.REPLY, null, null);
    }

    private static boolean automatic(Map<String, String> headers) {
        String submitted = headers.get("auto-submitted");
        if (submitted != null && !submitted.equalsIgnoreCase("no")) {
            return true;
        }
        for (String name : new String[] {"x-autoreply", "x-autorespond", "x-auto-reply"}) {
            String value = headers.get(name);
            if (value != null && !value.equalsIgnoreCase("no") && !value.equalsIgnoreCase("false")) {
                return true;
            }
        }
        for (String name : new String[] {"precedence", "x-precedence"}) {
            String value = headers.getOrDefault(name, "").toLowerCase(Locale.ROOT);
            if (value.equals("auto_reply") || value.equals("auto-reply") || value.equals("bulk") || value.equals("junk")) {
                return true;
            }
        }
        return false;
    }

    private static String withoutReplyPrefix(String subject) {
        return subject.replaceFirst("(?i)^\\s*((re|tr|fwd?|aw|sv)\\s*:\\s*)+", "");
    }
}
