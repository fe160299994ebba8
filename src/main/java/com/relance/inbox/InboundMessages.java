package com.relance.inbox;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.relance.prospect.Prospect;
import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import com.relance.touch.Touch;
import com.relance.touch.Touch.Reply.Kind;
import com.relance.touch.Touches;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decides what one inbound message means and acts on it, once: ties it to the email it answers, records
 * it on that touch, and changes the prospect's status (replied, unsubscribed, bounced) or postpones their
 * next step (out of office). Every effect is idempotent, and the message is recorded as processed last,
 * so a crash half-way through is repaired by processing the message again.
 */
@Component
class InboundMessages {

    private static final Logger log = LoggerFactory.getLogger(InboundMessages.class);

    /** How an inbound message was tied to the email it answers. */
    enum MatchedBy {
        /** In-Reply-To or References names the email's Message-ID. */
        THREAD,
        /** Headers stripped or rewritten: the prospect's own address. */
        ADDRESS,
        /** A colleague at the prospect's company (same email domain): an account-level reply. */
        DOMAIN
    }

    record Match(Touch touch, Prospect prospect, MatchedBy by) {
    }

    /** Where a message was read. */
    record Source(String mailbox, String folder, long uid) {
    }

    private final Touches touches;
    private final Prospects prospects;
    private final InboxRecords records;
    private final MeterRegistry meters;
    private final Duration clockSkew;

    InboundMessages(Touches touches, Prospects prospects, InboxRecords records, MeterRegistry meters,
                    InboxProperties properties) {
        this.touches = touches;
        this.prospects = prospects;
        this.records = records;
        this.meters = meters;
        this.clockSkew = properties.clockSkew();
    }

    /** Whether this Message-ID was processed already (then nothing is done again). */
    boolean processed(String messageId) {
        return records.processed(messageId);
    }

    /**
     * Handles one message and records it as processed; returns the outcome recorded ({@code REPLY},
     * {@code IGNORED}...). {@code ownAddresses} are our senders' addresses: their messages never count.
     */
    String handle(InboundMessage message, Source source, Set<String> ownAddresses) {
        if (message.from() != null && ownAddresses.contains(message.from())) {
            return done(message, source, "IGNORED", "sent by our own sender " + message.from(), null);
        }
        Classification classification = Classification.classify(message);
        if (classification.ignored() != null) {
            return done(message, source, "IGNORED", classification.ignored(), null);
        }
        Optional<Match> match = match(message, classification.kind());
        if (match.isEmpty()) {
            return done(message, source, "UNMATCHED", "answers no email of ours", null);
        }
        act(message, classification, match.get());
        return done(message, source, classification.kind().name(), null, match.get());
    }

    /** Records a message that could not be read, so it never blocks its folder. */
    void skipped(String messageId, Source source, String reason) {
        log.warn("Inbox {} {} UID {}: message {} skipped: {}", source.mailbox(), source.folder(), source.uid(), messageId, reason);
        records.record(new InboxRecords.Processed(messageId, source.mailbox(), source.folder(), source.uid(), null,
                "SKIPPED", reason, null, null, null, null, records.now()));
        count("SKIPPED");
    }

    /** In-Reply-To/References, else the sender's address, else their company's domain (never for bounces). */
    Optional<Match> match(InboundMessage message, Kind kind) {
        List<String> threadIds = new ArrayList<>();
        if (message.delivery() != null && message.delivery().originalMessageId() != null) {
            threadIds.add(message.delivery().originalMessageId());
        }
        threadIds.addAll(message.threadIds());
        for (String id : threadIds) {
            Optional<Touch> touch = touches.byMessageId(id);
            if (touch.isPresent()) {
                Optional<Prospect> prospect = prospects.find(touch.get().prospectId());
                if (prospect.isPresent()) {
                    return Optional.of(new Match(touch.get(), prospect.get(), MatchedBy.THREAD));
                }
            }
        }
        Instant answeredBefore = message.receivedAt().plus(clockSkew);
        String address = kind == Kind.BOUNCE || kind == Kind.SOFT_BOUNCE
                ? message.delivery().finalRecipient() : message.from();
        if (address == null) {
            return Optional.empty();
        }
        Optional<Prospect> prospect = prospects.findByEmail(address);
        if (prospect.isPresent()) {
            Optional<Touch> touch = touches.lastEmailTo(List.of(prospect.get().id()), answeredBefore);
            if (touch.isPresent()) {
                return Optional.of(new Match(touch.get(), prospect.get(), MatchedBy.ADDRESS));
            }
        }
        if (kind == Kind.BOUNCE || kind == Kind.SOFT_BOUNCE) {
            return Optional.empty();
        }
        return Prospects.companyDomain(address)
                .flatMap(domain -> touches.lastEmailTo(prospects.idsAtDomain(domain), answeredBefore))
                .flatMap(touch -> prospects.find(touch.prospectId()).map(emailed -> new Match(touch, emailed, MatchedBy.DOMAIN)));
    }

    private void act(InboundMessage message, Classification classification, Match match) {
        Prospect prospect = match.prospect();
        Kind kind = classification.kind();
        touches.replied(match.touch().id(), new Touch.Reply(message.messageId(), kind, message.from(), message.subject(),
                message.snippet(), message.receivedAt(), match.by().name(), classification.detail()));
        String quoted = "'" + message.subject() + "' from " + message.from();
        switch (kind) {
            case REPLY -> {
                // a reply never undoes an unsubscribe, a bounce or a booked meeting
                if (prospect.status() == ProspectStatus.ACTIVE) {
                    prospects.changeStatus(prospect.id(), ProspectStatus.REPLIED, match.by() == MatchedBy.DOMAIN
                            ? "inbox: colleague " + message.from() + " replied (account-level): " + quoted
                            : "inbox: reply " + quoted);
                }
            }
            case UNSUBSCRIBE -> prospects.changeStatus(prospect.id(), ProspectStatus.UNSUBSCRIBED,
                    "inbox: asked to unsubscribe in " + quoted);
            case BOUNCE -> prospects.changeStatus(prospect.id(), ProspectStatus.BOUNCED,
                    "inbox: delivery failed permanently (" + classification.detail() + ")");
            case AUTO_REPLY -> {
                // a colleague's out-of-office says nothing about when the prospect is back
                if (classification.returnDate() != null && match.by() != MatchedBy.DOMAIN) {
                    ZoneId zone = ZoneId.of(prospect.timeZone() == null ? "Europe/Paris" : prospect.timeZone());
                    prospects.outOfOffice(prospect.id(), classification.returnDate().plusDays(1).atStartOfDay(zone).toInstant());
                }
            }
            case SOFT_BOUNCE -> log.info("Temporary delivery failure for prospect {} ({}): the sequence goes on",
                    prospect.id(), classification.detail());
        }
    }

    private String done(InboundMessage message, Source source, String outcome, String reason, Match match) {
        boolean first = records.record(new InboxRecords.Processed(message.messageId(), source.mailbox(), source.folder(),
                source.uid(), message.from(), outcome, reason, match == null ? null : match.prospect().id(),
                match == null ? null : match.touch().id(), match == null ? null : match.by().name(),
                message.receivedAt(), records.now()));
        if (first) {
            count(outcome);
            log.info("Inbox {} {}: {} {} from {}{}", source.mailbox(), source.folder(), outcome, message.messageId(),
                    message.from(), match == null ? (reason == null ? "" : " (" + reason + ")")
                            : " → prospect " + match.prospect().id() + " by " + match.by());
        }
        return outcome;
    }

    private void count(String outcome) {
        meters.counter("relance.inbox.messages", "outcome", outcome).increment();
    }
}
