package com.relance.channel.email;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bson.Document;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Signed, unguessable unsubscribe tokens: {@code base64url(prospectId:campaignId).base64url(HMAC-SHA256)}.
 * Nobody can unsubscribe someone else by editing an id.
 */
@Component
class UnsubscribeTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAC_BYTES = 16;

    private final byte[] key;

    UnsubscribeTokens(EmailProperties properties, MongoTemplate mongo) {
        String secret = properties.unsubscribeSecret();
        this.key = secret != null && !secret.isBlank()
                ? secret.getBytes(StandardCharsets.UTF_8)
                : storedKey(mongo);
    }

    /** Who unsubscribes, and from which campaign's email. */
    record Subject(String prospectId, String campaignId) {
    }

    String issue(String prospectId, String campaignId) {
        byte[] payload = (prospectId + ":" + campaignId).getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(payload));
    }

    Optional<Subject> verify(String token) {
        int dot = token.indexOf('.');
        if (dot < 1) {
            return Optional.empty();
        }
        try {
            byte[] payload = DECODER.decode(token.substring(0, dot));
            byte[] mac = DECODER.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(mac, mac(payload))) {
                return Optional.empty();
            }
            String[] ids = new String(payload, StandardCharsets.UTF_8).split(":", 2);
            return ids.length == 2 ? Optional.of(new Subject(ids[0], ids[1])) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(payload), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** One key for the whole installation, created atomically by whichever node starts first. */
    private static byte[] storedKey(MongoTemplate mongo) {
        byte[] candidate = new byte[32];
        new SecureRandom().nextBytes(candidate);
        Document stored = mongo.findAndModify(Query.query(where("_id").is("unsubscribe-token-key")),
                new Update().setOnInsert("value", ENCODER.encodeToString(candidate)),
                FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, "settings");
        return DECODER.decode(stored.getString("value"));
    }
}
