package com.relance.prospect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.IdentityService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Imports prospects from CSV in batches: valid rows are kept, invalid ones reported with their line,
 * known emails update the existing prospect (its status untouched, so an unsubscribed prospect stays so).
 */
@Component
public class ProspectImport {

    private static final Logger log = LoggerFactory.getLogger(ProspectImport.class);

    private final MongoTemplate mongo;
    private final ProspectNormaliser normaliser;
    private final ProspectProperties properties;
    private final IdentityService identityService;
    private final Clock clock;

    ProspectImport(MongoTemplate mongo, ProspectNormaliser normaliser, ProspectProperties properties,
                   IdentityService identityService, Clock clock) {
        this.mongo = mongo;
        this.normaliser = normaliser;
        this.properties = properties;
        this.identityService = identityService;
        this.clock = clock;
    }

    /**
     * Reads the whole stream; the caller closes it. While one batch is written to MongoDB the next one is
     * read and normalised (one batch in flight at most, so memory stays bounded).
     */
    public ImportResult importCsv(InputStream csv) {
        String importId = UUID.randomUUID().toString();
        Counts counts = new Counts();
        Predicate<String> knownUser = knownUsers();
        String stoppedAt = null;
        long started = System.nanoTime();
        ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "import-" + importId));
        try (CsvProspectReader reader = new CsvProspectReader(csv)) {
            Future<?> writing = CompletableFuture.completedFuture(null);
            List<CsvProspectReader.Row> batch = new ArrayList<>(properties.importBatchSize());
            try {
                while (reader.hasNext()) {
                    batch.add(reader.next());
                    if (batch.size() == properties.importBatchSize()) {
                        Batch prepared = prepare(batch, knownUser, counts);
                        batch.clear();
                        await(writing);
                        writing = writer.submit(() -> write(prepared, importId, counts));
                    }
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                stoppedAt = "line " + reader.currentLine() + ": " + rootMessage(e) + "; the rest of the file was not read";
            }
            Batch last = prepare(batch, knownUser, counts);
            await(writing);
            write(last, importId, counts);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the CSV file", e);
        } finally {
            writer.shutdownNow();
        }
        log.info("Import {} finished in {} ms: {} rows, {} imported, {} updated, {} rejected{}", importId,
                (System.nanoTime() - started) / 1_000_000, counts.rows, counts.imported, counts.updated,
                counts.rejected.size(), stoppedAt == null ? "" : " (stopped at " + stoppedAt + ")");
        return new ImportResult(importId, counts.imported, counts.updated, List.copyOf(counts.rejected), stoppedAt);
    }

    /** Waits for the batch being written; its failure ends the import. */
    private static void await(Future<?> writing) {
        try {
            writing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Import interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A batch's valid rows by email key, a later row with the same email merged into the earlier one. */
    private record Batch(int rows, Map<String, ProspectDetails> byEmail, int merged) {
    }

    /** Normalises a batch; invalid rows are reported with their line. */
    private Batch prepare(List<CsvProspectReader.Row> rows, Predicate<String> knownUser, Counts counts) {
        // a later row with the same email updates the earlier one, as a re-import would
        Map<String, ProspectDetails> byEmail = new LinkedHashMap<>();
        int merged = 0;
        for (CsvProspectReader.Row row : rows) {
            ProspectNormaliser.Result result = normaliser.normalise(row.details(), knownUser);
            if (!result.valid()) {
                counts.reject(new ImportResult.RejectedRow(row.line(), result.problems().stream()
                        .map(FieldProblem::toString).collect(Collectors.joining("; "))));
                continue;
            }
            String key = ProspectNormaliser.emailKey(result.details().email());
            ProspectDetails earlier = byEmail.get(key);
            if (earlier != null) {
                merged++;
            }
            byEmail.put(key, earlier == null ? result.details() : earlier.updatedWith(result.details()));
        }
        return new Batch(rows.size(), byEmail, merged);
    }

    private void write(Batch batch, String importId, Counts counts) {
        counts.rows += batch.rows();
        counts.updated += batch.merged();
        Map<String, ProspectDetails> byEmail = batch.byEmail();
        if (byEmail.isEmpty()) {
            return;
        }
        Map<String, Prospect> existing = mongo.find(Query.query(where("emailKey").in(byEmail.keySet())), Prospect.class)
                .stream().collect(Collectors.toMap(Prospect::emailKey, Function.identity()));
        Instant now = clock.instant();
        List<Prospect> inserts = new ArrayList<>();
        BulkOperations updates = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Prospect.class);
        int updateCount = 0;
        for (Map.Entry<String, ProspectDetails> entry : byEmail.entrySet()) {
            if (existing.containsKey(entry.getKey())) {
                updates.updateOne(Query.query(where("emailKey").is(entry.getKey())),
                        Prospects.mergeUpdate(entry.getValue(), now));
                updateCount++;
            } else {
                inserts.add(Prospects.newProspect(normaliser.withDefaults(entry.getValue()), importId, now));
            }
        }
        if (updateCount > 0) {
            updates.execute();
            counts.updated += updateCount;
        }
        counts.imported += insert(inserts, now, counts);
        log.info("Import {}: {} rows written, {} imported, {} updated, {} rejected", importId,
                counts.rows, counts.imported, counts.updated, counts.rejectedCount());
    }

    /** Inserts in bulk; a prospect created meanwhile by someone else becomes an update instead. */
    private int insert(List<Prospect> prospects, Instant now, Counts counts) {
        if (prospects.isEmpty()) {
            return 0;
        }
        try {
            mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Prospect.class).insert(prospects).execute();
            return prospects.size();
        } catch (BulkOperationException | DuplicateKeyException e) {
            int inserted = 0;
            for (Prospect prospect : prospects) {
                Query sameEmail = Query.query(where("emailKey").is(prospect.emailKey()));
                Prospect stored = mongo.findOne(sameEmail, Prospect.class);
                if (stored != null && prospect.sourceImportId().equals(stored.sourceImportId())) {
                    inserted++; // the bulk insert wrote this one
                    continue;
                }
                if (stored == null) {
                    try {
                        mongo.insert(prospect);
                        inserted++;
                        continue;
                    } catch (DuplicateKeyException raced) {
                        log.debug("Prospect {} was created concurrently; updating it", prospect.emailKey());
                    }
                }
                mongo.updateFirst(sameEmail, Prospects.mergeUpdate(toDetails(prospect), now), Prospect.class);
                counts.updated++;
            }
            return inserted;
        }
    }

    private static ProspectDetails toDetails(Prospect p) {
        return new ProspectDetails(p.firstName(), p.lastName(), p.email(), p.phone(), p.company(), p.title(),
                p.linkedinUrl(), p.timeZone(), p.locale(), p.owner(), p.tags(), p.customFields());
    }

    private Predicate<String> knownUsers() {
        Map<String, Boolean> cache = new HashMap<>();
        return userId -> cache.computeIfAbsent(userId,
                id -> identityService.createUserQuery().userId(id).count() > 0);
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    /**
     * An import's counts: rows, imported and updated are written by the writing thread only; rejected rows
     * come from the reading thread.
     */
    private static final class Counts {
        volatile long rows;
        volatile int imported;
        volatile int updated;
        final List<ImportResult.RejectedRow> rejected = new ArrayList<>();

        synchronized void reject(ImportResult.RejectedRow row) {
            rejected.add(row);
        }

        synchronized int rejectedCount() {
            return rejected.size();
        }
    }
}
