package com.relance.campaign;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.relance.prospect.Prospects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Runs large enrollments in the background, saving progress after every batch. A job interrupted by
 * a stop resumes where it was at the next start: enrollment is idempotent, so nothing is lost or doubled.
 */
@Component
class EnrollmentJobs implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EnrollmentJobs.class);

    private final MongoTemplate mongo;
    private final Enrollments enrollments;
    private final Campaigns campaigns;
    private final Prospects prospects;
    private final CampaignProperties properties;
    private final Clock clock;
    private final ThreadPoolTaskExecutor executor;

    EnrollmentJobs(MongoTemplate mongo, Enrollments enrollments, Campaigns campaigns, Prospects prospects,
                   CampaignProperties properties, Clock clock) {
        this.mongo = mongo;
        this.enrollments = enrollments;
        this.campaigns = campaigns;
        this.prospects = prospects;
        this.properties = properties;
        this.clock = clock;
        this.executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(1);
        executor.setThreadNamePrefix("enrollment-");
        executor.setWaitForTasksToCompleteOnShutdown(false);
        executor.initialize();
    }

    EnrollmentJob submit(Campaign campaign, List<String> prospectIds, EnrollmentFilter filter) {
        long total = prospectIds != null ? prospectIds.size() : prospects.count(filter.toProspectFilter());
        EnrollmentJob job = mongo.insert(new EnrollmentJob(UUID.randomUUID().toString(), campaign.id(), prospectIds,
                filter, EnrollmentJob.Status.RUNNING, total, 0, 0, 0, List.of(), null, null, clock.instant(), null));
        start(job.id());
        return job;
    }

    EnrollmentJob find(String campaignId, String jobId) {
        return mongo.findOne(Query.query(where("_id").is(jobId).and("campaignId").is(campaignId)), EnrollmentJob.class);
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeInterrupted() {
        for (EnrollmentJob job : mongo.find(Query.query(where("status").is(EnrollmentJob.Status.RUNNING)), EnrollmentJob.class)) {
            log.info("Resuming enrollment job {} of campaign {} at {}/{}", job.id(), job.campaignId(), job.processed(), job.total());
            start(job.id());
        }
    }

    @Override
    public void destroy() {
        // an interrupted job stays RUNNING and resumes at the next start
        executor.shutdown();
    }

    private void start(String jobId) {
        executor.execute(() -> run(jobId));
    }

    private void run(String jobId) {
        EnrollmentJob job = mongo.findById(jobId, EnrollmentJob.class);
        try {
            Campaign campaign = campaigns.findById(job.campaignId()).orElseThrow(() ->
                    new IllegalStateException("Campaign " + job.campaignId() + " no longer exists"));
            long processed = job.processed();
            String lastId = job.lastProspectId();
            // a filter's prospects are read through one cursor for the whole job: see Prospects.streamIdsAfter
            Stream<String> selected = job.prospectIds() != null ? job.prospectIds().stream().skip(processed)
                    : prospects.streamIdsAfter(job.filter().toProspectFilter(), lastId);
            try (selected) {
                Iterator<String> ids = selected.iterator();
                List<String> batch;
                while (!(batch = next(ids, properties.enrollmentBatchSize())).isEmpty()) {
                    Enrollments.Outcome outcome = enrollments.enroll(campaign, batch);
                    processed += batch.size();
                    lastId = batch.get(batch.size() - 1);
                    recordProgress(jobId, batch.size(), lastId, outcome);
                    log.info("Enrollment job {}: {}/{} processed", jobId, processed, job.total());
                }
            }
            mongo.updateFirst(Query.query(where("_id").is(jobId)), new Update()
                    .set("status", EnrollmentJob.Status.DONE).set("finishedAt", clock.instant()), EnrollmentJob.class);
        } catch (RuntimeException e) {
            log.error("Enrollment job {} failed", jobId, e);
            mongo.updateFirst(Query.query(where("_id").is(jobId)), new Update()
                    .set("status", EnrollmentJob.Status.FAILED).set("error", e.getMessage())
                    .set("finishedAt", clock.instant()), EnrollmentJob.class);
        }
    }

    private static List<String> next(Iterator<String> ids, int size) {
        List<String> batch = new ArrayList<>(size);
        while (batch.size() < size && ids.hasNext()) {
            batch.add(ids.next());
        }
        return batch;
    }

    private void recordProgress(String jobId, int batchSize, String lastId, Enrollments.Outcome outcome) {
        Update update = new Update()
                .inc("processed", batchSize)
                .inc("enrolled", outcome.enrolled())
                .inc("skippedCount", outcome.skipped().size())
                .set("lastProspectId", lastId);
        EnrollmentJob current = mongo.findById(jobId, EnrollmentJob.class);
        int room = Enrollments.MAX_REPORTED_SKIPS - current.skipped().size();
        if (room > 0 && !outcome.skipped().isEmpty()) {
            update.push("skipped").each(outcome.skipped().subList(0, Math.min(room, outcome.skipped().size())).toArray());
        }
        mongo.updateFirst(Query.query(where("_id").is(jobId)), update, EnrollmentJob.class);
    }
}
