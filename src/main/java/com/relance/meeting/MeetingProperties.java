package com.relance.meeting;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Meetings reported by scheduling tools.
 *
 * @param webhookSecret          shared secret of {@code POST /webhooks/meetings}'s HMAC signature; empty refuses
 *                               every call
 * @param defaultDurationMinutes a booking's length when the tool does not say
 */
@ConfigurationProperties("relance.meetings")
public record MeetingProperties(String webhookSecret, @DefaultValue("30") int defaultDurationMinutes) {
}
