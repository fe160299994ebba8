package com.relance.prospect;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.relance.test.Api;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestUsers;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/** CSV files as real spreadsheets write them. */
@RelanceTest
class ProspectImportTests {

    @Autowired
    ProspectImport prospectImport;
    @Autowired
    Prospects prospects;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;

    private String run;

    @BeforeEach
    void given() {
        TestUsers.ensure(identity);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void commaSeparatedWithQuotedFieldsAndLineBreaksInsideQuotes() {
        ImportResult result = importCsv("""
                email,first_name,company,title,notes
                a.%1$s@example.com,Ann,"Acme, Inc.","Head of \"\"Growth\"\"","line one
                line two"
                b.%1$s@example.com,Bob,Beta,,
                """.formatted(run), StandardCharsets.UTF_8);

        assertThat(result.imported()).isEqualTo(2);
        assertThat(result.rejected()).isEmpty();
        Prospect ann = byEmail("a." + run + "@example.com");
        assertThat(ann.company()).isEqualTo("Acme, Inc.");
        assertThat(ann.title()).isEqualTo("Head of \"Growth\"");
        assertThat(ann.customFields()).containsEntry("notes", "line one\nline two");
        assertThat(ann.status()).isEqualTo(ProspectStatus.ACTIVE);
        assertThat(ann.sourceImportId()).isEqualTo(result.importId());
    }

    @Test
    void windows1252FilesFromOldExcelKeepTheirAccents() {
        ImportResult result = importCsv("email;first_name;company\nc.%s@example.fr;Hélène;Société Générale\n".formatted(run),
                Charset.forName("windows-1252"));

        assertThat(result.imported()).isEqualTo(1);
        Prospect helene = byEmail("c." + run + "@example.fr");
        assertThat(helene.firstName()).isEqualTo("Hélène");
        assertThat(helene.company()).isEqualTo("Société Générale");
    }

    @Test
    void nationalNumbersAreNormalisedAndGiveTheTimeZoneWhenNoneIsGiven() {
        ImportResult result = importCsv("""
                email;phone;timezone;locale
                fr.%1$s@example.fr;06 12 34 56 78;;
                us.%1$s@example.com;+1 212 555 0100;;en_US
                de.%1$s@example.de;;Europe/Berlin;de
                none.%1$s@example.com;;;
                """.formatted(run), StandardCharsets.UTF_8);

        assertThat(result.rejected()).isEmpty();
        assertThat(byEmail("fr." + run + "@example.fr")).satisfies(p -> {
            assertThat(p.phone()).isEqualTo("+33612345678");
            assertThat(p.timeZone()).isEqualTo("Europe/Paris");
            assertThat(p.locale()).isEqualTo("fr");
        });
        assertThat(byEmail("us." + run + "@example.com")).satisfies(p -> {
            assertThat(p.phone()).isEqualTo("+12125550100");
            assertThat(p.timeZone()).isEqualTo("America/New_York");
            assertThat(p.locale()).isEqualTo("en-US");
        });
        assertThat(byEmail("de." + run + "@example.de").timeZone()).isEqualTo("Europe/Berlin");
        assertThat(byEmail("none." + run + "@example.com").timeZone()).as("the configured default").isEqualTo("Europe/Paris");
    }

    @Test
    void everyBadRowIsReportedWithItsLineAndTheGoodOnesAreKept() {
        ImportResult result = importCsv("""
                email;phone;timezone;locale;owner;linkedin_url
                ok.%1$s@example.com;;;;;
                ;;;;;
                no-at-sign;;;;;
                tz.%1$s@example.com;;Paris;;;
                owner.%1$s@example.com;;;;ghost;
                li.%1$s@example.com;;;;;https://example.com/in/x
                ok2.%1$s@example.com;+33 1 42 68 53 00;;;caller;linkedin.com/in/ok2
                """.formatted(run), StandardCharsets.UTF_8);

        assertThat(result.imported()).isEqualTo(2);
        assertThat(result.rejected()).extracting(ImportResult.RejectedRow::line).containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(result.rejected()).extracting(ImportResult.RejectedRow::reason).containsExactly(
                "email: is required",
                "email: 'no-at-sign' is not a valid email address",
                "timezone: 'Paris' is not an IANA time zone such as Europe/Paris",
                "owner: no user 'ghost' in the identity service",
                "linkedin_url: 'https://example.com/in/x' is not a linkedin.com profile URL");
        assertThat(byEmail("ok2." + run + "@example.com").linkedinUrl()).isEqualTo("https://linkedin.com/in/ok2");
    }

    @Test
    void aKnownEmailUpdatesTheProspectButKeepsItsStatusAndWhatTheFileLeavesBlank() {
        importCsv("email;first_name;phone;timezone;tags\nknown.%s@example.com;Kim;06 12 34 56 78;America/Chicago;a\n"
                .formatted(run), StandardCharsets.UTF_8);
        Prospect before = byEmail("known." + run + "@example.com");
        prospects.changeStatus(before.id(), ProspectStatus.UNSUBSCRIBED, "test");

        ImportResult again = importCsv("EMAIL;Title;Tags\nKNOWN.%s@Example.com;CEO;b\n".formatted(run), StandardCharsets.UTF_8);

        assertThat(again.imported()).isZero();
        assertThat(again.updated()).isEqualTo(1);
        Prospect after = byEmail("known." + run + "@example.com");
        assertThat(after.id()).isEqualTo(before.id());
        assertThat(after.title()).isEqualTo("CEO");
        assertThat(after.firstName()).isEqualTo("Kim");
        assertThat(after.phone()).isEqualTo("+33612345678");
        assertThat(after.timeZone()).as("not reset to the default").isEqualTo("America/Chicago");
        assertThat(after.tags()).containsExactlyInAnyOrder("a", "b");
        assertThat(after.status()).isEqualTo(ProspectStatus.UNSUBSCRIBED);
        assertThat(mongo.count(Query.query(where("emailKey").is("known." + run + "@example.com")), Prospect.class)).isEqualTo(1);
    }

    @Test
    void aFileWithoutAnEmailColumnIsRefusedWhole() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        ResponseEntity<Map<String, Object>> response = Api.as(rest, TestUsers.MARKETER).exchange("/api/prospects/import",
                HttpMethod.POST, new HttpEntity<>("name;phone\nAnn;0612345678\n", headers), Fixtures.JSON);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) response.getBody().get("detail")).contains("no 'email' column").contains("name, phone");
    }

    @Test
    void anUnterminatedQuoteKeepsTheRowsBeforeItAndSaysWhere() {
        ImportResult result = importCsv("email;company\nfirst.%1$s@example.com;A\nsecond.%1$s@example.com;\"B\n".formatted(run),
                StandardCharsets.UTF_8);

        assertThat(result.imported()).isEqualTo(1);
        assertThat(result.stoppedAt()).contains("line").contains("the rest of the file was not read");
    }

    @Test
    void multipartUploadsWorkLikeRawBodies() {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource("email\nmulti.%s@example.com\n".formatted(run).getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "prospects.csv";
            }
        });
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        ResponseEntity<Map<String, Object>> response = Api.as(rest, TestUsers.MARKETER).exchange("/api/prospects/import",
                HttpMethod.POST, new HttpEntity<>(form, headers), Fixtures.JSON);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).containsEntry("imported", 1);
    }

    @Test
    void largeFilesAreWrittenInBatches() {
        StringBuilder csv = new StringBuilder("email,first_name\n");
        for (int i = 0; i < 2_500; i++) {
            csv.append("bulk").append(i).append('.').append(run).append("@example.com,P").append(i).append('\n');
            if (i == 1_499) {
                csv.append("not-an-address,Bad\n"); // line 1,502: in the second batch, read while the first is written
            }
        }
        csv.append("bulk7.").append(run).append("@example.com,Again\n");

        ImportResult result = importCsv(csv.toString(), StandardCharsets.UTF_8);

        assertThat(result.imported()).isEqualTo(2_500);
        assertThat(result.updated()).isEqualTo(1);
        assertThat(result.rejected()).singleElement().satisfies(row -> assertThat(row.line()).isEqualTo(1_502));
        assertThat(byEmail("bulk7." + run + "@example.com").firstName()).isEqualTo("Again");
    }

    @Test
    void prospectsCanBeFoundByStatusOwnerTagAndText() {
        importCsv("""
                email,first_name,company,owner,tags
                f1.%1$s@example.com,Fanny,Findme %1$s,caller,vip
                f2.%1$s@example.com,Fred,Other %1$s,,vip
                """.formatted(run), StandardCharsets.UTF_8);
        Map<String, Object> page = Api.as(rest, TestUsers.CALLER).exchange(
                "/api/prospects?q=findme " + run + "&owner=caller&tag=vip&status=ACTIVE&size=10",
                HttpMethod.GET, null, Fixtures.JSON).getBody();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> content = (List<Map<String, Object>>) page.get("content");
        assertThat(content).extracting(p -> p.get("firstName")).containsExactly("Fanny");
        assertThat(page.get("page")).isEqualTo(Map.of("size", 10, "number", 0, "totalElements", 1, "totalPages", 1));
    }

    @Test
    void everyPageOfProspectsTellsTheTotalWhereverItStops() {
        StringBuilder csv = new StringBuilder("email,first_name,tags\n");
        for (int i = 0; i < 5; i++) {
            csv.append("paged").append(i).append('.').append(run).append("@example.com,P").append(i).append(",paged").append(run).append('\n');
        }
        importCsv(csv.toString(), StandardCharsets.UTF_8);

        // a full page and a page past the end are counted; a short first or last page tells the total itself
        assertThat(prospectPage(2, 0)).isEqualTo(new PageFigures(2, 5, 3));
        assertThat(prospectPage(2, 1)).isEqualTo(new PageFigures(2, 5, 3));
        assertThat(prospectPage(2, 2)).isEqualTo(new PageFigures(1, 5, 3));
        assertThat(prospectPage(2, 3)).isEqualTo(new PageFigures(0, 5, 3));
        assertThat(prospectPage(10, 0)).isEqualTo(new PageFigures(5, 5, 1));
    }

    private record PageFigures(int listed, int totalElements, int totalPages) {
    }

    @SuppressWarnings("unchecked")
    private PageFigures prospectPage(int size, int number) {
        Map<String, Object> page = Api.as(rest, TestUsers.CALLER).exchange(
                "/api/prospects?tag=paged" + run + "&size=" + size + "&page=" + number,
                HttpMethod.GET, null, Fixtures.JSON).getBody();
        Map<String, Object> figures = (Map<String, Object>) page.get("page");
        return new PageFigures(((List<?>) page.get("content")).size(), (Integer) figures.get("totalElements"),
                (Integer) figures.get("totalPages"));
    }

    private ImportResult importCsv(String csv, Charset charset) {
        InputStream input = new ByteArrayInputStream(csv.getBytes(charset));
        return prospectImport.importCsv(input);
    }

    private Prospect byEmail(String email) {
        return prospects.findByEmail(email).orElseThrow(() -> new AssertionError("No prospect " + email));
    }
}
