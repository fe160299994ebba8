package com.relance.suppression;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/suppressions}: list the suppression list, add one address or domain, import a CSV. Nothing is
 * ever removed through the API: a suppressed address stays unemailable.
 */
@RestController
@RequestMapping("/api/suppressions")
class SuppressionController {

    private final Suppressions suppressions;
    private final Clock clock;

    SuppressionController(Suppressions suppressions, Clock clock) {
        this.suppressions = suppressions;
        this.clock = clock;
    }

    /** One address ({@code email}) or one domain ({@code domain}), with an optional reason. */
    record SuppressionRequest(String email, String domain, String reason) {
    }

    /**
     * What an import did.
     *
     * @param added             new suppressions
     * @param alreadySuppressed rows already on the list (nothing changed)
     * @param rejected          rows refused, with their line in the file (the header is line 1) and why
     */
    record ImportResult(int added, int alreadySuppressed, List<RejectedRow> rejected) {
    }

    record RejectedRow(long line, String reason) {
    }

    @GetMapping
    Page<Suppression> list(@PageableDefault(size = 50, sort = "createdAt", direction = Sort.Direction.DESC) Pageable pageable) {
        return suppressions.list(pageable);
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<Suppression> add(@RequestBody SuppressionRequest request, Principal user) {
        Outcome<Suppression> parsed = parse(request.email(), request.domain(), request.reason(), "api", user.getName());
        if (parsed.problem() != null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, parsed.problem());
        }
        Suppression suppression = parsed.value();
        boolean added = suppressions.insert(suppression);
        return ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK).body(suppression);
    }

    /**
     * A CSV with a header naming an {@code email} and/or a {@code domain} column (any case; comma, semicolon or
     * tab separated; UTF-8), and optionally {@code reason}. Each row gives an address or a domain, not both.
     */
    @PostMapping(path = "/import", consumes = {"text/csv", "text/plain", "application/csv"})
    ImportResult importCsv(InputStream body, Principal user) {
        return importing(body, user.getName());
    }

    @PostMapping(path = "/import", consumes = "multipart/form-data")
    ImportResult importCsv(@RequestPart("file") MultipartFile file, Principal user) throws IOException {
        try (InputStream input = file.getInputStream()) {
            return importing(input, user.getName());
        }
    }

    private ImportResult importing(InputStream input, String user) {
        int added = 0;
        int already = 0;
        List<RejectedRow> rejected = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            reader.mark(64 * 1024);
            String header = reader.readLine();
            if (header == null || header.isBlank()) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The file is empty: give a header with an "
                        + "'email' and/or a 'domain' column");
            }
            reader.reset();
            char delimiter = header.contains(";") ? ';' : header.contains("\t") ? '\t' : ',';
            CSVParser parser = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true)
                    .setIgnoreEmptyLines(true).setTrim(true).setAllowMissingColumnNames(true).get().parse(reader);
            Map<String, String> columns = new TreeMap<>();
            parser.getHeaderNames().forEach(name -> columns.put(name.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT), name));
            if (!columns.containsKey("email") && !columns.containsKey("domain")) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The header names no 'email' or 'domain' column: "
                        + parser.getHeaderNames());
            }
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                Outcome<Suppression> row = parse(cell(record, columns, "email"), cell(record, columns, "domain"),
                        cell(record, columns, "reason"), "csv import", user);
                if (row.problem != null) {
                    rejected.add(new RejectedRow(line, row.problem));
                } else if (suppressions.insert(row.value)) {
                    added++;
                } else {
                    already++;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The CSV could not be read: " + e.getMessage()
                    + " (rows before this point are kept)");
        }
        return new ImportResult(added, already, rejected);
    }

    private static String cell(CSVRecord record, Map<String, String> columns, String column) {
        String name = columns.get(column);
        if (name == null || !record.isSet(name)) {
            return null;
        }
        String value = record.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** A parsed row: the suppression, or why there is none. */
    private record Outcome<T>(T value, String problem) {
    }

    private Outcome<Suppression> parse(String email, String domain, String reason, String source, String user) {
        if ((email == null) == (domain == null)) {
            return new Outcome<>(null, "give either an email or a domain, not " + (email == null ? "neither" : "both"));
        }
        Instant now = clock.instant();
        if (email != null) {
            Optional<String> value = Suppressions.email(email);
            return value.map(v -> new Outcome<>(new Suppression(v, Suppression.Kind.EMAIL, source, reason, user, now), null))
                    .orElseGet(() -> new Outcome<>(null, "email: '" + email + "' is not an email address"));
        }
        Optional<String> value = Suppressions.domain(domain);
        return value.map(v -> new Outcome<>(new Suppression(v, Suppression.Kind.DOMAIN, source, reason, user, now), null))
                .orElseGet(() -> new Outcome<>(null, "domain: '" + domain + "' is not a domain name such as example.com"));
    }
}
