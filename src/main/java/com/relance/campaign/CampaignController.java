package com.relance.campaign;

import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.relance.calendar.WindowSettings;
import com.relance.sequence.Sequences;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code /api/campaigns}: create campaigns, enroll prospects, pause and resume. */
@RestController
@RequestMapping("/api/campaigns")
class CampaignController {

    private final Campaigns campaigns;
    private final CampaignRuns runs;
    private final CampaignMigration migration;
    private final VariantReport variants;
    private final Sequences sequences;
    private final Clock clock;

    CampaignController(Campaigns campaigns, CampaignRuns runs, CampaignMigration migration, VariantReport variants,
                       Sequences sequences, Clock clock) {
        this.campaigns = campaigns;
        this.runs = runs;
        this.migration = migration;
        this.variants = variants;
        this.sequences = sequences;
        this.clock = clock;
    }

    record SenderRequest(@NotBlank @Size(max = 200) String name,
                         @NotBlank @Email String email,
                         @Size(max = 5000) String signature,
                         @Positive Integer dailyCap) {
    }

    record CampaignRequest(@NotBlank @Size(max = 200) String name,
                           @NotBlank String sequence,
                           @NotNull @Valid SenderRequest sender,
                           String callerGroup,
                           Campaign.AccountLevel accountLevel,
                           WindowSettings windows,
                           @Pattern(regexp = "\\+[1-9][0-9]{6,14}", message = "must be an E.164 number, e.g. +33123456789")
                           String callerId,
                           Boolean recordCalls,
                           Campaign.LinkedInMode linkedinMode) {
    }

    @PostMapping
    ResponseEntity<Campaign> create(@Valid @RequestBody CampaignRequest request, Principal user) {
        if (!sequences.isDeployed(request.sequence())) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "sequence: no sequence with key '" + request.sequence() + "' is deployed");
        }
        Instant now = clock.instant();
        Campaign campaign = campaigns.insert(new Campaign(null, request.name().trim(), request.sequence(),
                new Campaign.Sender(request.sender().name(), request.sender().email(), request.sender().signature(),
                        request.sender().dailyCap()),
                request.callerGroup() == null || request.callerGroup().isBlank() ? "callers" : request.callerGroup(),
                request.accountLevel() == null ? Campaign.AccountLevel.NONE : request.accountLevel(),
                request.windows(),
                Campaign.CampaignStatus.ACTIVE, user.getName(), now, now, request.callerId(), request.recordCalls(),
                request.linkedinMode()));
        return ResponseEntity.created(URI.create("/api/campaigns/" + campaign.id())).body(campaign);
    }

    @GetMapping
    Page<Campaign> list(@PageableDefault(size = 20, sort = "createdAt", direction = Sort.Direction.DESC) Pageable pageable) {
        return campaigns.findAll(pageable);
    }

    @GetMapping("/{id}")
    Campaign get(@PathVariable String id) {
        return runs.campaign(id);
    }

    /** Either explicit ids or a filter. */
    record EnrollmentRequest(@Size(max = 1_000_000) List<@NotBlank String> prospectIds, EnrollmentFilter filter) {
    }

    @PostMapping("/{id}/enrollments")
    ResponseEntity<?> enroll(@PathVariable String id, @Valid @RequestBody EnrollmentRequest request) {
        return runs.enroll(id, request.prospectIds(), request.filter());
    }

    @GetMapping("/{id}/enrollments/{jobId}")
    CampaignRuns.JobView enrollmentJob(@PathVariable String id, @PathVariable String jobId) {
        return runs.job(id, jobId);
    }

    @PostMapping("/{id}/pause")
    Campaign pause(@PathVariable String id) {
        return runs.pause(id);
    }

    @PostMapping("/{id}/resume")
    Campaign resume(@PathVariable String id) {
        return runs.resume(id);
    }

    /** Moves running prospects to the latest version of the sequence. */
    @PostMapping("/{id}/migrate")
    CampaignMigration.Result migrate(@PathVariable String id) {
        return migration.migrate(runs.campaign(id));
    }

    /** A/B variants side by side: prospects, replies, meetings, and whether a winner is clear yet. */
    @GetMapping("/{id}/variants")
    VariantReport.Report variants(@PathVariable String id) {
        return variants.of(runs.campaign(id));
    }
}
