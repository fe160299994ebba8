package com.relance.campaign;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

import com.relance.prospect.Prospects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Runs large enrollments in the background, saving progress after every batch. A job interrupted by
 * a stop resumes where it was at the next start: enrollment is idempotent, so nothing is lost or doubled.
 * The next batch is read and claimed while the sequences of the current one start (MongoDB's work and the
 * engine's overlap), so a stop may leave the prospects of two batches claimed but not started: a resumed job
 * reports them as "enrollment in progress" for {@code relance.campaigns.stale-start}, after which
 * enrolling them again starts their sequences.
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
    private final ThreadPoolTaskExecutor claims;

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
        this.claims = new ThreadPoolTaskExecutor();
        claims.setCorePoolSize(1);
        claims.setThreadNamePrefix("enrollment-claims-");
        claims.setWaitForTasksToCompleteOnShutdown(false);
        claims.initialize();
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
        claims.shutdown();
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
            // a filter's prospects are read through one cursor for the whole job: see Prospects.streamIdsAfter
            Stream<String> selected = job.prospectIds() != null ? job.prospectIds().stream().skip(processed)
                    : prospects.streamIdsAfter(job.filter().toProspectFilter(), job.lastProspectId());
            try (selected) {
                Iterator<String> ids = selected.iterator();
                CompletableFuture<Enrollments.Claimed> next = claimNext(campaign, ids);
                try {
                    Enrollments.Claimed claimed;
                    while ((claimed = joined(next)) != null) {
                        // the next batch is read and claimed while this one's sequences start
                        next = claimNext(campaign, ids);
                        Enrollments.Outcome outcome = enrollments.start(campaign, claimed);
                        processed += claimed.prospectIds().size();
                        recordProgress(jobId, claimed.prospectIds().size(), claimed.lastProspectId(), outcome);
                        log.info("Enrollment job {}: {}/{} processed", jobId, processed, job.total());
                    }
                } finally {
                    // a failed job leaves no claim running behind it
                    next.exceptionally(e -> null).join();
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

    /** The next batch, read and claimed on the claims thread; null when there is none. */
    private CompletableFuture<Enrollments.Claimed> claimNext(Campaign campaign, Iterator<String> ids) {
        return CompletableFuture.supplyAsync(() -> {
            List<String> batch = new ArrayList<>(properties.enrollmentBatchSize());
            while (batch.size() < properties.enrollmentBatchSize() && ids.hasNext()) {
                batch.add(ids.next());
            }
            return batch.isEmpty() ? null : enrollments.claim(campaign, batch);
        }, claims);
    }

    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
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
