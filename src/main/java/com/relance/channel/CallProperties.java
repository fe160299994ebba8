package com.relance.channel;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param overdueAfter how long (in business hours of the calling window) after it is due a call counts as
 *                     overdue: a sequence's SLA timer ({@code ${stepRouting.callOverdue(execution)}}) then
 *                     escalates it, e.g. to the whole caller group
 */
@ConfigurationProperties("relance.calls")
public record CallProperties(@DefaultValue("4h") Duration overdueAfter) {
}
