package com.relance.inbox;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * What the watcher keeps in MongoDB: per mailbox folder, how far it has read ({@code inbox_cursors}), and
 * every message it processed, by Message-ID ({@code inbox_messages}). The cursor spares re-reading a
 * folder; the Message-ID record is what makes a message count once, even when the watcher dies between
 * handling a message and moving its cursor, or when a folder's UIDVALIDITY changes and it is read again.
 */
@Component
class InboxRecords {

    private final MongoTemplate mongo;
    private final Clock clock;

    InboxRecords(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /**
     * Where reading a folder stands.
     *
     * @param id          {@code <mailbox>/<folder>}
     * @param uidValidity the folder's UIDVALIDITY when {@code lastUid} was read; another value means UIDs were reset
     * @param lastUid     the highest UID processed
     */
    @Document("inbox_cursors")
    record Cursor(@Id String id, long uidValidity, long lastUid, Instant updatedAt) {
    }

    /**
     * One processed message.
     *
     * @param id        its Message-ID
     * @param outcome   what was done: a reply kind ({@code REPLY}, {@code AUTO_REPLY}, {@code BOUNCE}...),
     *                  {@code IGNORED}, {@code UNMATCHED} or {@code SKIPPED} (unreadable)
     * @param reason    why it was ignored or skipped
     * @param matchedBy {@code THREAD}, {@code ADDRESS} or {@code DOMAIN}
     */
    @Document("inbox_messages")
    record Processed(@Id String id, String mailbox, String folder, long uid, String from, String outcome, String reason,
                     String prospectId, String touchId, String matchedBy, Instant receivedAt, Instant processedAt) {
    }

    Optional<Cursor> cursor(String id) {
        return Optional.ofNullable(mongo.findById(id, Cursor.class));
    }

    /** Moves the folder's cursor forward to {@code uid} (never back). */
    void advance(String id, long uidValidity, long uid) {
        Cursor current = mongo.findById(id, Cursor.class);
        if (current != null && current.uidValidity() == uidValidity && current.lastUid() >= uid) {
            return;
        }
        mongo.findAndModify(Query.query(where("_id").is(id)), new Update().set("uidValidity", uidValidity)
                        .set("lastUid", uid).set("updatedAt", clock.instant()),
                FindAndModifyOptions.options().upsert(true), Cursor.class);
    }

    boolean processed(String messageId) {
        return mongo.exists(Query.query(where("_id").is(messageId)), Processed.class);
    }

    /** Records a processed message; false when it already was (another watcher got there first). */
    boolean record(Processed processed) {
        try {
            mongo.insert(processed);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    Optional<Processed> find(String messageId) {
        return Optional.ofNullable(mongo.findById(messageId, Processed.class));
    }

    long count(String outcome) {
        return mongo.count(Query.query(where("outcome").is(outcome)), Processed.class);
    }

    Instant now() {
        return clock.instant();
    }
}
