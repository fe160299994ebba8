package com.relance.channel.email;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param unsubscribeSecret key that signs unsubscribe links; when empty a random key is generated once
 *                          and kept in MongoDB (so every node of a cluster signs alike)
 */
@ConfigurationProperties("relance.email")
public record EmailProperties(String unsubscribeSecret) {
}
