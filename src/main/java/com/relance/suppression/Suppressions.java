package com.relance.suppression;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.relance.prospect.ProspectStatus;
import com.relance.prospect.ProspectStatusChanged;
import com.relance.prospect.Prospects;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The suppression list: addresses and domains never emailed again, whatever campaign, whatever later import.
 * Fed by unsubscribe links, by prospects becoming {@code UNSUBSCRIBED}, by CSV imports and the API; read by
 * enrollment (the prospect is skipped, with the reason) and by the email step (the touch is skipped).
 */
@Component
public class Suppressions {

    private static final Pattern DOMAIN = Pattern.compile("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$");

    private final MongoTemplate mongo;
    private final Prospects prospects;
    private final Clock clock;

    Suppressions(MongoTemplate mongo, Prospects prospects, Clock clock) {
        this.mongo = mongo;
        this.prospects = prospects;
        this.clock = clock;
    }

    /** Suppresses an address; false when it already was (or is not an address at all). */
    public boolean suppressEmail(String email, String source, String reason, String createdBy) {
        return email(email).map(value -> insert(new Suppression(value, Suppression.Kind.EMAIL, source, reason, createdBy,
                clock.instant()))).orElse(false);
    }

    /** Why this address may not be emailed (its own suppression first, then its domain's), or empty. */
    public Optional<Suppression> find(String email) {
        return Optional.ofNullable(reasonsFor(List.of(email)).get(email));
    }

    /**
     * The suppressions that apply to each of these addresses, in one query: keyed by the address as given
     * (matched whatever its case and surrounding spaces), absent when it may be emailed.
     */
    public Map<String, Suppression> reasonsFor(Collection<String> emails) {
        Set<String> keys = new LinkedHashSet<>();
        for (String email : emails) {
            if (email != null) {
                keys.add(normalise(email));
                keys.add(domainOf(normalise(email)));
            }
        }
        Map<String, Suppression> byValue = new HashMap<>();
        mongo.find(Query.query(where("_id").in(keys)), Suppression.class).forEach(s -> byValue.put(s.value(), s));
        Map<String, Suppression> result = new HashMap<>();
        for (String email : emails) {
            if (email == null) {
                continue;
            }
            String key = normalise(email);
            Suppression found = byValue.getOrDefault(key, byValue.get(domainOf(key)));
            if (found != null) {
                result.put(email, found);
            }
        }
        return result;
    }

    /** Newest first unless the pageable sorts otherwise. */
    public Page<Suppression> list(Pageable pageable) {
        Query query = new Query();
        List<Suppression> page = mongo.find(Query.of(query).with(pageable), Suppression.class);
        return PageableExecutionUtils.getPage(page, pageable, () -> mongo.count(query, Suppression.class));
    }

    /** A prospect who unsubscribed (by link, API or any other way) is never emailed again, even if re-imported. */
    @EventListener
    void on(ProspectStatusChanged change) {
        if (change.to() == ProspectStatus.UNSUBSCRIBED) {
            prospects.find(change.prospectId()).flatMap(prospect -> email(prospect.email())).ifPresent(email ->
                    insert(new Suppression(email, Suppression.Kind.EMAIL, "prospect UNSUBSCRIBED", change.reason(), null,
                            clock.instant())));
        }
    }

    boolean insert(Suppression suppression) {
        try {
            mongo.insert(suppression);
            return true;
        } catch (DuplicateKeyException already) {
            return false;
        }
    }

    /** A lower-cased address, when it looks like one. */
    static Optional<String> email(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String value = normalise(raw);
        int at = value.indexOf('@');
        if (at <= 0 || at != value.lastIndexOf('@') || value.contains(" ") || !DOMAIN.matcher(value.substring(at + 1)).matches()) {
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** A lower-cased domain ({@code @example.com} accepted), when it looks like one. */
    static Optional<String> domain(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String value = normalise(raw);
        if (value.startsWith("@")) {
            value = value.substring(1);
        }
        return DOMAIN.matcher(value).matches() ? Optional.of(value) : Optional.empty();
    }

    private static String normalise(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }

    private static String domainOf(String email) {
        return email.substring(email.lastIndexOf('@') + 1);
    }
}
