package com.relance.prospect;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import org.camunda.bpm.engine.IdentityService;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/** {@code /api/prospects}: create, list, read and import prospects. */
@RestController
@RequestMapping("/api/prospects")
class ProspectController {

    /** The normaliser speaks the CSV's column names; JSON clients know the fields by these. */
    private static final Map<String, String> JSON_NAMES = Map.of("first_name", "firstName", "last_name", "lastName",
            "linkedin_url", "linkedinUrl", "timezone", "timeZone");

    private final Prospects prospects;
    private final ProspectNormaliser normaliser;
    private final ProspectImport prospectImport;
    private final IdentityService identityService;

    ProspectController(Prospects prospects, ProspectNormaliser normaliser, ProspectImport prospectImport,
                       IdentityService identityService) {
        this.prospects = prospects;
        this.normaliser = normaliser;
        this.prospectImport = prospectImport;
        this.identityService = identityService;
    }

    /** A prospect as clients send it; fields as in the CSV import. */
    record ProspectRequest(@Size(max = 200) String firstName,
                           @Size(max = 200) String lastName,
                           @NotBlank @Size(max = 320) String email,
                           String phone,
                           @Size(max = 200) String company,
                           @Size(max = 200) String title,
                           String linkedinUrl,
                           String timeZone,
                           String locale,
                           String owner,
                           List<@NotBlank String> tags,
                           Map<String, String> customFields) {

        ProspectDetails details() {
            return new ProspectDetails(firstName, lastName, email, phone, company, title, linkedinUrl, timeZone,
                    locale, owner, tags, customFields);
        }
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<Prospect> create(@Valid @RequestBody ProspectRequest request) {
        ProspectNormaliser.Result result = normaliser.normalise(request.details(),
                userId -> identityService.createUserQuery().userId(userId).count() > 0);
        if (!result.valid()) {
            throw invalid(result.problems().stream()
                    .map(problem -> new FieldProblem(JSON_NAMES.getOrDefault(problem.field(), problem.field()),
                            problem.message()))
                    .toList());
        }
        prospects.findByEmail(result.details().email()).ifPresent(existing -> {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "A prospect with email " + existing.email() + " already exists: " + existing.id());
            problem.setProperty("prospectId", existing.id());
            throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
        });
        Prospect created = prospects.insert(normaliser.withDefaults(result.details()), null);
        return ResponseEntity.created(URI.create("/api/prospects/" + created.id())).body(created);
    }

    @GetMapping
    Page<Prospect> list(@RequestParam(required = false) ProspectStatus status,
                        @RequestParam(required = false) String owner,
                        @RequestParam(required = false) String tag,
                        @RequestParam(name = "q", required = false) String text,
                        @PageableDefault(size = 20, sort = "createdAt", direction = Sort.Direction.DESC) Pageable pageable) {
        return prospects.search(new ProspectFilter(status, owner, tag, text), pageable);
    }

    @GetMapping("/{id}")
    Prospect get(@PathVariable String id) {
        return prospects.find(id).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No prospect with id " + id));
    }

    @PostMapping(path = "/import", consumes = {"text/csv", "text/plain", "application/csv"})
    ImportResult importCsv(InputStream body) {
        return importing(body);
    }

    @PostMapping(path = "/import", consumes = "multipart/form-data")
    ImportResult importCsv(@RequestPart("file") MultipartFile file) throws IOException {
        try (InputStream input = file.getInputStream()) {
            return importing(input);
        }
    }

    private ImportResult importing(InputStream input) {
        try {
            return prospectImport.importCsv(input);
        } catch (CsvProspectReader.CsvFileProblem e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private static ErrorResponseException invalid(List<FieldProblem> problems) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                String.join("; ", problems.stream().map(FieldProblem::toString).toList()));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", problems);
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }
}
