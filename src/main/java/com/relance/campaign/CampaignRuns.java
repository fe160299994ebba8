package com.relance.campaign;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import com.relance.sequence.Sequences;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstanceQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * What happens to a campaign once created: enrollment (in the request or as a job), pause and resume.
 */
@Component
class CampaignRuns {

    private static final Logger log = LoggerFactory.getLogger(CampaignRuns.class);

    private final Campaigns campaigns;
    private final Enrollments enrollments;
    private final EnrollmentJobs jobs;
    private final RuntimeService runtimeService;
    private final CampaignProperties properties;
    private final Clock clock;
    private final StepSubjects subjects;

    CampaignRuns(Campaigns campaigns, Enrollments enrollments, EnrollmentJobs jobs, RuntimeService runtimeService,
                 CampaignProperties properties, Clock clock, StepSubjects subjects) {
        this.subjects = subjects;
        this.campaigns = campaigns;
        this.enrollments = enrollments;
        this.jobs = jobs;
        this.runtimeService = runtimeService;
        this.properties = properties;
        this.clock = clock;
    }

    /** Answer of a synchronous enrollment. */
    record EnrollmentResult(int enrolled, List<Skip> skipped) {
    }

    /** Progress of a background enrollment. */
    record JobView(String id, String campaignId, EnrollmentJob.Status status, long total, long processed,
                   long enrolled, long skippedCount, List<Skip> skipped, String error) {
    }

    Campaign campaign(String id) {
        return campaigns.findById(id).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No campaign with id " + id));
    }

    ResponseEntity<?> enroll(String campaignId, List<String> prospectIds, EnrollmentFilter filter) {
        Campaign campaign = campaign(campaignId);
        if ((prospectIds == null) == (filter == null)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "Give either prospectIds or filter (status, owner, tag), not both and not neither");
        }
        if (campaign.status() == Campaign.CampaignStatus.PAUSED) {
            throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "Campaign " + campaignId + " is paused; resume it before enrolling prospects");
        }
        if (prospectIds != null && prospectIds.size() <= properties.syncEnrollmentLimit()) {
            Enrollments.Outcome outcome = enrollments.enroll(campaign, prospectIds.stream().distinct().toList());
            return ResponseEntity.ok(new EnrollmentResult(outcome.enrolled(), outcome.skipped()));
        }
        EnrollmentJob job = jobs.submit(campaign, prospectIds == null ? null : prospectIds.stream().distinct().toList(), filter);
        return ResponseEntity.accepted()
                .location(URI.create("/api/campaigns/" + campaignId + "/enrollments/" + job.id()))
                .body(view(job));
    }

    JobView job(String campaignId, String jobId) {
        EnrollmentJob job = jobs.find(campaignId, jobId);
        if (job == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND,
                    "No enrollment job " + jobId + " in campaign " + campaignId);
        }
        return view(job);
    }

    Campaign pause(String campaignId) {
        Campaign campaign = campaign(campaignId);
        ProcessInstanceQuery active = instances(campaignId).active();
        if (active.count() > 0) {
            runtimeService.updateProcessInstanceSuspensionState().byProcessInstanceQuery(active).suspend();
        }
        log.info("Campaign {} paused", campaignId);
        Campaign saved = campaigns.save(campaign.withStatus(Campaign.CampaignStatus.PAUSED, clock.instant()));
        subjects.forget(campaignId);
        return saved;
    }

    Campaign resume(String campaignId) {
        Campaign campaign = campaign(campaignId);
        ProcessInstanceQuery suspended = instances(campaignId).suspended();
        if (suspended.count() > 0) {
            runtimeService.updateProcessInstanceSuspensionState().byProcessInstanceQuery(suspended).activate();
        }
        log.info("Campaign {} resumed", campaignId);
        Campaign saved = campaigns.save(campaign.withStatus(Campaign.CampaignStatus.ACTIVE, clock.instant()));
        subjects.forget(campaignId);
        return saved;
    }

    private ProcessInstanceQuery instances(String campaignId) {
        return runtimeService.createProcessInstanceQuery()
                .processInstanceBusinessKeyLike(Sequences.businessKey(campaignId, "%"));
    }

    private static JobView view(EnrollmentJob job) {
        return new JobView(job.id(), job.campaignId(), job.status(), job.total(), job.processed(), job.enrolled(),
                job.skippedCount(), job.skipped(), job.error());
    }
}
