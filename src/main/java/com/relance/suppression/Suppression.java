package com.relance.suppression;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An email address or a whole domain that is never emailed again, in any campaign.
 *
 * @param value  the lower-cased address ({@code ada@example.com}) or domain ({@code example.com}); unique
 * @param source what suppressed it: {@code unsubscribe link}, {@code prospect UNSUBSCRIBED}, {@code csv import},
 *               {@code api}
 * @param reason free text given with it, if any
 */
@Document("suppressions")
public record Suppression(@Id String value, Kind kind, String source, String reason, String createdBy, Instant createdAt) {

    public enum Kind {
        EMAIL, DOMAIN
    }

    /** Why a prospect is skipped: {@code suppressed: address ada@example.com}, {@code suppressed: domain example.com}. */
    public String skipReason() {
        return "suppressed: " + (kind == Kind.EMAIL ? "address " : "domain ") + value;
    }
}
