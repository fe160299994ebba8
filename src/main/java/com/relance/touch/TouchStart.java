package com.relance.touch;

/** What a step knows when it begins a touch. */
public record TouchStart(String key, String prospectId, String campaignId, String processInstanceId,
                         String activityId, Channel channel, String template, String variant, String sender) {
}
