package com.relance.prospect;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The prospects in MongoDB: the module's public surface for other modules (campaigns enroll them,
 * channels read them, unsubscribe links change their status).
 */
@Component
public class Prospects {

    private static final int STREAM_BATCH = 5_000;

    /** Mailbox providers whose domain says nothing about the prospect's company. */
    private static final Set<String> PUBLIC_MAIL_DOMAINS = Set.of("gmail.com", "googlemail.com",
            "outlook.com", "hotmail.com", "hotmail.fr", "live.com", "live.fr", "yahoo.com", "yahoo.fr", "icloud.com",
            "me.com", "aol.com", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "gmx.de", "gmx.net",
            "web.de", "proton.me", "protonmail.com");

    /** Field of the prospect document listing the campaigns it was enrolled in (not part of {@link Prospect}). */
    private static final String CAMPAIGN_IDS = "campaignIds";

    /** A profile's name in a LinkedIn URL: {@code https://www.linkedin.com/in/<name>/}. */
    private static final Pattern LINKEDIN_PROFILE = Pattern.compile("linkedin\\.com/in/([^/?#\\s]+)", Pattern.CASE_INSENSITIVE);

    private final MongoTemplate mongo;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Prospects(MongoTemplate mongo, ApplicationEventPublisher events, Clock clock) {
        this.mongo = mongo;
        this.events = events;
        this.clock = clock;
    }

    public Optional<Prospect> find(String id) {
        if (!ObjectId.isValid(id)) {
            return Optional.empty();
        }
        return Optional.ofNullable(mongo.findById(id, Prospect.class));
    }

    public List<Prospect> findAll(List<String> ids) {
        List<String> valid = ids.stream().filter(ObjectId::isValid).toList();
        return mongo.find(Query.query(where("_id").in(valid)), Prospect.class);
    }

    /**
     * The summaries of these prospects, in no particular order; unknown ids are left out. Reads only the
     * summary's fields, unmapped: a caller's queue lists two hundred prospects at each load.
     */
    public List<ProspectSummary> summaries(Collection<String> ids) {
        List<ObjectId> valid = ids.stream().filter(ObjectId::isValid).map(ObjectId::new).toList();
        if (valid.isEmpty()) {
            return List.of();
        }
        List<ProspectSummary> summaries = new ArrayList<>(valid.size());
        mongo.getCollection("prospects").find(Filters.in("_id", valid)).projection(Projections.include(ProspectSummary.FIELDS))
                .forEach(document -> {
                    String status = document.getString("status");
                    summaries.add(new ProspectSummary(document.getObjectId("_id").toHexString(),
                            document.getString("firstName"), document.getString("lastName"), document.getString("email"),
                            document.getString("phone"), document.getString("company"), document.getString("title"),
                            document.getString("timeZone"), document.getString("locale"),
                            status == null ? null : ProspectStatus.valueOf(status)));
                });
        return summaries;
    }

    /**
     * Notes that these prospects are enrolled in a campaign (one round trip for the batch), so that their
     * sequences can be found by business key: see {@link #campaignIdsOf}.
     */
    public void enrolledIn(Collection<String> ids, String campaignId) {
        // one update per prospect, in one round trip: an update by an $in of 500 ids has the embedded server
        // compare each document it updates with the whole list
        List<UpdateOneModel<Document>> updates = ids.stream().filter(ObjectId::isValid)
                .map(id -> new UpdateOneModel<Document>(Filters.eq("_id", new ObjectId(id)),
                        Updates.addToSet(CAMPAIGN_IDS, campaignId)))
                .toList();
        if (!updates.isEmpty()) {
            mongo.getCollection("prospects").bulkWrite(updates, new BulkWriteOptions().ordered(false));
        }
    }

    /**
     * The campaigns this prospect was enrolled in; empty when the prospect is unknown or was enrolled
     * before prospects recorded their campaigns.
     */
    public Optional<List<String>> campaignIdsOf(String id) {
        if (!ObjectId.isValid(id)) {
            return Optional.empty();
        }
        Query query = Query.query(where("_id").is(new ObjectId(id)));
        query.fields().include(CAMPAIGN_IDS);
        Document document = mongo.findOne(query, Document.class, "prospects");
        return document == null || !document.containsKey(CAMPAIGN_IDS) ? Optional.empty()
                : Optional.of(document.getList(CAMPAIGN_IDS, String.class));
    }

    public Page<Prospect> search(ProspectFilter filter, Pageable pageable) {
        Query query = Query.query(criteria(filter));
        // counted only when the page cannot tell the total (a full page, or one past the end): a count reads every
        // matching prospect again on the embedded server
        List<Prospect> page = mongo.find(Query.of(query).with(pageable), Prospect.class);
        return PageableExecutionUtils.getPage(page, pageable, () -> mongo.count(query, Prospect.class));
    }

    /**
     * Ids matching the filter, in id order, after {@code afterId} (exclusive; null to start): lets long
     * jobs walk 100,000 prospects in pages without holding a cursor open.
     */
    public List<String> idsAfter(ProspectFilter filter, String afterId, int limit) {
        return mongo.find(idsQuery(filter, afterId).limit(limit), Document.class, "prospects").stream()
                .map(document -> document.getObjectId("_id").toHexString())
                .toList();
    }

    /**
     * Ids matching the filter, in id order, after {@code afterId} (exclusive; null to start), through one
     * cursor; the caller closes the stream. One pass over the prospects for a whole enrollment, where pages
     * each scan them on a server that ignores non-unique indexes (the embedded one). The cursor fetches
     * {@value #STREAM_BATCH} ids at a time, so a slow reader still asks for more well within the ten idle
     * minutes after which MongoDB closes a cursor.
     */
    public Stream<String> streamIdsAfter(ProspectFilter filter, String afterId) {
        Query query = idsQuery(filter, afterId).cursorBatchSize(STREAM_BATCH);
        return mongo.stream(query, Document.class, "prospects").map(document -> document.getObjectId("_id").toHexString());
    }

    private Query idsQuery(ProspectFilter filter, String afterId) {
        Criteria criteria = criteria(filter);
        if (afterId != null) {
            criteria = new Criteria().andOperator(criteria, where("_id").gt(new ObjectId(afterId)));
        }
        Query query = Query.query(criteria).with(Sort.by("_id"));
        query.fields().include("_id");
        return query;
    }

    /** How many of these prospects are in one of these statuses. */
    public long count(Collection<String> ids, Set<ProspectStatus> statuses) {
        List<ObjectId> objectIds = ids.stream().filter(ObjectId::isValid).map(ObjectId::new).toList();
        return mongo.count(Query.query(where("_id").in(objectIds).and("status").in(statuses)), Prospect.class);
    }

    public long count(ProspectFilter filter) {
        return mongo.count(Query.query(criteria(filter)), Prospect.class);
    }

    /**
     * Moves a prospect to a new status and tells the other modules (sequences end on unsubscribe,
     * bounce and do-not-contact). Returns false when the prospect is unknown or already in that status.
     */
    public boolean changeStatus(String id, ProspectStatus status, String reason) {
        if (!ObjectId.isValid(id)) {
            return false;
        }
        // one atomic swap: of two changes to the same status, only the one that found another status tells the
        // other modules (the embedded server answers this from the _id index too, see EmbeddedH2Backend)
        Prospect before = mongo.findAndModify(
                Query.query(where("_id").is(id).and("status").ne(status)),
                new Update().set("status", status).set("statusReason", reason).set("updatedAt", clock.instant()),
                FindAndModifyOptions.options().returnNew(false),
                Prospect.class);
        if (before == null) {
            return false;
        }
        events.publishEvent(new ProspectStatusChanged(id, before.status(), status, reason));
        return true;
    }

    /**
     * Ids of the other prospects at the same company: same company name (ignoring case), or, when no
     * company is known, the same email domain unless it is a public mailbox provider.
     */
    public List<String> colleagueIds(Prospect prospect) {
        Criteria sameAccount;
        if (prospect.company() != null && !prospect.company().isBlank()) {
            sameAccount = where("company").regex("^" + Pattern.quote(prospect.company().trim()) + "$", "i");
        } else {
            Optional<String> domain = companyDomain(prospect.email());
            if (domain.isEmpty()) {
                return List.of();
            }
            sameAccount = where("emailKey").regex("@" + Pattern.quote(domain.get()) + "$");
        }
        Query query = Query.query(new Criteria().andOperator(sameAccount, where("_id").ne(new ObjectId(prospect.id()))));
        query.fields().include("_id");
        return mongo.find(query, Document.class, "prospects").stream()
                .map(document -> document.getObjectId("_id").toHexString())
                .toList();
    }

    /**
     * Notes that the prospect is out of office until {@code until}: their next touch step waits until then
     * (a later date replaces an earlier one, never the reverse).
     */
    public void outOfOffice(String id, Instant until) {
        if (!ObjectId.isValid(id)) {
            return;
        }
        mongo.updateFirst(Query.query(new Criteria().andOperator(where("_id").is(id), new Criteria().orOperator(
                        where("outOfOfficeUntil").is(null), where("outOfOfficeUntil").lt(until)))),
                new Update().set("outOfOfficeUntil", until).set("updatedAt", clock.instant()), Prospect.class);
    }

    /**
     * The company domain of an email address: its domain, unless it belongs to a public mailbox provider
     * (gmail.com, orange.fr...), which says nothing about the company.
     */
    public static Optional<String> companyDomain(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        if (at < 0) {
            return Optional.empty();
        }
        String domain = email.substring(at + 1).toLowerCase(Locale.ROOT);
        return domain.isBlank() || PUBLIC_MAIL_DOMAINS.contains(domain) ? Optional.empty() : Optional.of(domain);
    }

    /** Ids of the prospects whose email is at this domain. */
    public List<String> idsAtDomain(String domain) {
        Query query = Query.query(where("emailKey").regex("@" + Pattern.quote(domain.toLowerCase(Locale.ROOT)) + "$"));
        query.fields().include("_id");
        return mongo.find(query, Document.class, "prospects").stream()
                .map(document -> document.getObjectId("_id").toHexString())
                .toList();
    }

    /** The prospect with this email address, whatever its case. */
    public Optional<Prospect> findByEmail(String email) {
        return Optional.ofNullable(mongo.findOne(
                Query.query(where("emailKey").is(ProspectNormaliser.emailKey(email))), Prospect.class));
    }

    /**
     * The prospect with this LinkedIn profile, matched on the profile's {@code /in/<name>} path whatever the
     * scheme, host ({@code www.}, country subdomains), case, trailing slash or query. Empty when the URL is
     * not a profile URL or no prospect has it. Scans the prospects' URLs (no index): fine for webhooks.
     */
    public Optional<Prospect> findByLinkedinUrl(String url) {
        Matcher profile = url == null ? null : LINKEDIN_PROFILE.matcher(url.trim());
        if (profile == null || !profile.find()) {
            return Optional.empty();
        }
        Pattern same = Pattern.compile("^(https?://)?([a-z0-9-]+\\.)?linkedin\\.com/in/"
                + Pattern.quote(profile.group(1).toLowerCase(Locale.ROOT)) + "/?([?#].*)?$", Pattern.CASE_INSENSITIVE);
        return Optional.ofNullable(mongo.findOne(Query.query(where("linkedinUrl").regex(same)), Prospect.class));
    }

    Prospect insert(ProspectDetails details, String importId) {
        Instant now = clock.instant();
        return mongo.insert(newProspect(details, importId, now));
    }

    static Prospect newProspect(ProspectDetails details, String importId, Instant now) {
        return new Prospect(null, details.firstName(), details.lastName(), details.email(),
                ProspectNormaliser.emailKey(details.email()), details.phone(), details.company(), details.title(),
                details.linkedinUrl(), details.timeZone(), details.locale(), details.owner(), details.tags(),
                details.customFields(), ProspectStatus.ACTIVE, null, importId, now, now, null);
    }

    /** Sets what the details give and leaves the rest (and the status) as it was. */
    static Update mergeUpdate(ProspectDetails details, Instant now) {
        Update update = new Update().set("updatedAt", now).set("email", details.email());
        setIfPresent(update, "firstName", details.firstName());
        setIfPresent(update, "lastName", details.lastName());
        setIfPresent(update, "phone", details.phone());
        setIfPresent(update, "company", details.company());
        setIfPresent(update, "title", details.title());
        setIfPresent(update, "linkedinUrl", details.linkedinUrl());
        setIfPresent(update, "timeZone", details.timeZone());
        setIfPresent(update, "locale", details.locale());
        setIfPresent(update, "owner", details.owner());
        if (!details.tags().isEmpty()) {
            update.addToSet("tags").each(details.tags().toArray());
        }
        details.customFields().forEach((key, value) -> update.set("customFields." + key, value));
        return update;
    }

    private static void setIfPresent(Update update, String field, String value) {
        if (value != null) {
            update.set(field, value);
        }
    }

    private static Criteria criteria(ProspectFilter filter) {
        List<Criteria> all = new ArrayList<>();
        if (filter.status() != null) {
            all.add(where("status").is(filter.status()));
        }
        if (filter.owner() != null && !filter.owner().isBlank()) {
            all.add(where("owner").is(filter.owner()));
        }
        if (filter.tag() != null && !filter.tag().isBlank()) {
            all.add(where("tags").is(filter.tag()));
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            Pattern text = Pattern.compile(Pattern.quote(filter.text().trim()), Pattern.CASE_INSENSITIVE);
            all.add(new Criteria().orOperator(where("firstName").regex(text), where("lastName").regex(text),
                    where("email").regex(text), where("company").regex(text)));
        }
        return all.isEmpty() ? new Criteria() : new Criteria().andOperator(all);
    }
}
