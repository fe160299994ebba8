package com.relance.channel.linkedin;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * LinkedIn touches beyond the manual task: the HTTP provider of provider mode and the webhook it calls back.
 *
 * @param providerUrl      where provider-mode steps POST their action (see README, "LinkedIn touches"); empty
 *                         leaves provider mode unavailable: such a step fails with an incident saying so
 * @param apiToken         sent as {@code Authorization: Bearer <token>}
 * @param webhookSecret    shared secret of {@code POST /webhooks/linkedin}'s HMAC signature; empty refuses
 *                         every webhook call
 * @param connectTimeout   to the provider
 * @param requestTimeout   for the provider's whole answer
 * @param retryCycle       backoff of a failing provider call (Camunda retry cycle), then an incident; a step
 *                         with its own {@code camunda:failedJobRetryTimeCycle} keeps it
 * @param providerAccounts LinkedIn accounts (a prospect's owner, else a campaign's sender email) whose steps
 *                         always go through the provider, whatever the campaign says
 */
@ConfigurationProperties("relance.linkedin")
public record LinkedInProperties(URI providerUrl,
                                 String apiToken,
                                 String webhookSecret,
                                 @DefaultValue("5s") Duration connectTimeout,
                                 @DefaultValue("20s") Duration requestTimeout,
                                 @DefaultValue("R4/PT5M") String retryCycle,
                                 @DefaultValue List<String> providerAccounts) {
}
