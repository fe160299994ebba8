package com.relance.prospect;

import java.util.Optional;

/**
 * What a prospect did that stops or redirects their sequences, with the BPMN message it becomes and
 * the status it gives the prospect.
 */
public enum Signal {
    REPLIED("ProspectReplied", ProspectStatus.REPLIED),
    MEETING_BOOKED("MeetingBooked", ProspectStatus.MEETING_BOOKED),
    BOUNCED("ProspectBounced", ProspectStatus.BOUNCED),
    UNSUBSCRIBED("ProspectUnsubscribed", ProspectStatus.UNSUBSCRIBED);

    private final String messageName;
    private final ProspectStatus status;

    Signal(String messageName, ProspectStatus status) {
        this.messageName = messageName;
        this.status = status;
    }

    /** The BPMN message a sequence catches to handle this signal its own way. */
    public String messageName() {
        return messageName;
    }

    public ProspectStatus status() {
        return status;
    }

    /** The signal a status change amounts to, if any. */
    public static Optional<Signal> of(ProspectStatus status) {
        for (Signal signal : values()) {
            if (signal.status == status) {
                return Optional.of(signal);
            }
        }
        return Optional.empty();
    }
}
