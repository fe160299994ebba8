package com.relance.sequence;

import com.relance.prospect.ProspectStatusChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Unsubscribe, bounce and do-not-contact end every sequence of the prospect, on every channel. */
@Component
class SequenceStops {

    private final Sequences sequences;

    SequenceStops(Sequences sequences) {
        this.sequences = sequences;
    }

    @EventListener
    void on(ProspectStatusChanged change) {
        if (change.to().endsContact()) {
            sequences.endAll(change.prospectId(), "Prospect " + change.to() + ": " + change.reason());
        }
    }
}
