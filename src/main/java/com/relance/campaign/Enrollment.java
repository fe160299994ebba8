package com.relance.campaign;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A prospect's place in a campaign. The id is the instance's business key {@code <campaignId>:<prospectId>},
 * so a prospect is enrolled once per campaign even when two requests race.
 *
 * @param processInstanceId null while {@code STARTING}: the instance is being started
 */
@Document("enrollments")
record Enrollment(@Id String id,
                  @Indexed String campaignId,
                  @Indexed String prospectId,
                  State state,
                  String processInstanceId,
                  Instant createdAt) {

    enum State {
        STARTING, STARTED
    }
}
