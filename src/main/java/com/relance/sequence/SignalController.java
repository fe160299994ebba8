package com.relance.sequence;

import com.relance.prospect.Prospect;
import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import com.relance.prospect.Signal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/prospects/{id}/signals}: a reply, meeting, bounce or unsubscribe reported by hand or
 * by an integration. The prospect's status changes and their sequences react (see {@link SequenceStops}).
 */
@RestController
class SignalController {

    private final Prospects prospects;
    private final Sequences sequences;

    SignalController(Prospects prospects, Sequences sequences) {
        this.prospects = prospects;
        this.sequences = sequences;
    }

    /**
     * @param note   free text kept as the status reason
     * @param source who reports it, e.g. {@code manual}, {@code inbox}, {@code twilio}
     */
    record SignalRequest(@NotNull Signal type, @Size(max = 2000) String note, @Size(max = 100) String source) {
    }

    /** The prospect's status afterwards and how many of their sequences still run (those that handled it). */
    record SignalOutcome(String prospectId, ProspectStatus status, boolean changed, long runningSequences) {
    }

    @PostMapping("/api/prospects/{id}/signals")
    SignalOutcome signal(@PathVariable String id, @Valid @RequestBody SignalRequest request) {
        Prospect prospect = prospects.find(id).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No prospect with id " + id));
        String reason = (request.source() == null ? "signal" : request.source())
                + (request.note() == null || request.note().isBlank() ? "" : ": " + request.note());
        boolean changed = prospects.changeStatus(prospect.id(), request.type().status(), reason);
        return new SignalOutcome(prospect.id(), request.type().status(), changed, sequences.runningFor(prospect.id()));
    }
}
