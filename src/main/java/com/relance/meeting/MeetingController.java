package com.relance.meeting;

import java.time.Instant;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/meetings?campaign=&caller=&prospect=&from=&to=}: the meetings booked. */
@RestController
class MeetingController {

    private final Meetings meetings;

    MeetingController(Meetings meetings) {
        this.meetings = meetings;
    }

    @GetMapping("/api/meetings")
    Page<Meeting> meetings(@RequestParam(name = "campaign", required = false) String campaignId,
                           @RequestParam(name = "caller", required = false) String caller,
                           @RequestParam(name = "prospect", required = false) String prospectId,
                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                           @PageableDefault(size = 50, sort = "startsAt", direction = Sort.Direction.ASC) Pageable pageable) {
        return meetings.search(campaignId, caller, prospectId, from, to, pageable);
    }
}
