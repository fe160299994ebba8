package com.relance.sequence;

import java.util.List;

import com.relance.prospect.ProspectStatusChanged;
import com.relance.prospect.Signal;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Stop rules. When a prospect replies or books a meeting, every running sequence of theirs (all
 * campaigns) that models the message ({@code ProspectReplied}, {@code MeetingBooked}) receives it and
 * handles it its own way; one that does not model it ends, with the reason recorded. Unsubscribe,
 * bounce and do-not-contact end every sequence, modelled or not: contact ends on every channel.
 */
@Component
class SequenceStops {

    private static final Logger log = LoggerFactory.getLogger(SequenceStops.class);

    private final RuntimeService runtimeService;
    private final Sequences sequences;

    SequenceStops(RuntimeService runtimeService, Sequences sequences) {
        this.runtimeService = runtimeService;
        this.sequences = sequences;
    }

    @EventListener
    void on(ProspectStatusChanged change) {
        String reason = "Prospect " + change.to() + (change.reason() == null ? "" : ": " + change.reason());
        List<ProcessInstance> running = sequences.runningOf(change.prospectId());
        int correlated = 0;
        int ended = 0;
        for (ProcessInstance instance : running) {
            Signal signal = Signal.of(change.to()).orElse(null);
            if (!change.to().endsContact() && signal != null && sequences.waitsFor(instance, signal.messageName())) {
                runtimeService.createMessageCorrelation(signal.messageName())
                        .processInstanceId(instance.getId())
                        .correlateAll();
                correlated++;
            } else if (!change.to().contactable()) {
                runtimeService.deleteProcessInstance(instance.getId(), reason, false, true);
                ended++;
            }
        }
        if (!running.isEmpty()) {
            log.info("{}: {} sequence(s) handled the message, {} ended", reason, correlated, ended);
        }
    }
}
