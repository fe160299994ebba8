package com.relance.campaign;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A large or filter-based enrollment running in the background, with its progress.
 *
 * @param prospectIds  the explicit ids, or null when {@code filter} selects the prospects
 * @param skipped      the first {@value Enrollments#MAX_REPORTED_SKIPS} skipped prospects with their reason
 * @param skippedCount all skipped prospects
 * @param lastProspectId where a filter-based job resumes after a restart
 */
@Document("enrollmentJobs")
record EnrollmentJob(@Id String id,
                     String campaignId,
                     List<String> prospectIds,
                     EnrollmentFilter filter,
                     Status status,
                     long total,
                     long processed,
                     long enrolled,
                     long skippedCount,
                     List<Skip> skipped,
                     String lastProspectId,
                     String error,
                     Instant createdAt,
                     Instant finishedAt) {

    enum Status {
        RUNNING, DONE, FAILED
    }
}
