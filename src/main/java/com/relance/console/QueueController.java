package com.relance.console;

import java.security.Principal;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/console/queue}: the logged-in caller's queue as JSON, the same one {@code /console}
 * shows (calls due now, later today, LinkedIn tasks, today's counters), for integrations such as a
 * softphone or a wallboard.
 */
@RestController
class QueueController {

    private final CallDesk desk;

    QueueController(CallDesk desk) {
        this.desk = desk;
    }

    @GetMapping("/api/console/queue")
    CallDesk.Queue queue(Principal user) {
        return desk.queue(user.getName());
    }
}
