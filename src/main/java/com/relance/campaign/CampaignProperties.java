package com.relance.campaign;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param syncEnrollmentLimit up to this many explicit ids are enrolled within the request (200);
 *                            more, or a filter, run as a background job (202)
 * @param enrollmentBatchSize prospects read and enrolled per step of a background job
 * @param staleStart          an enrollment still "starting" after this long was cut short (a crash)
 *                            and is started again by the next enrollment of that prospect
 * @param variantMinimumSample prospects every A/B variant needs before a winner may be declared
 * @param enrollmentThreads   transactions starting sequences side by side during an enrollment
 * @param startsPerTransaction sequences started in one transaction of Camunda's database (its inserts go
 *                            in JDBC batches); when one start fails, its group is started again one by one
 */
@ConfigurationProperties("relance.campaigns")
public record CampaignProperties(@DefaultValue("1000") int syncEnrollmentLimit,
                                 @DefaultValue("500") int enrollmentBatchSize,
                                 @DefaultValue("5m") Duration staleStart,
                                 @DefaultValue("100") int variantMinimumSample,
                                 @DefaultValue("2") int enrollmentThreads,
                                 @DefaultValue("50") int startsPerTransaction) {
}
