package com.relance.monitoring;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Every figure table as CSV: {@code ?format=csv} or {@code Accept: text/csv}; a header row, then one row per line. */
final class Csv {

    static final MediaType TEXT_CSV = new MediaType("text", "csv");

    private Csv() {
    }

    /** Whether the request asks for CSV rather than JSON. */
    static boolean wanted(String format, String accept) {
        if (format != null && !format.isBlank()) {
            return format.equalsIgnoreCase("csv");
        }
        return accept != null && MediaType.parseMediaTypes(accept).stream()
                .anyMatch(type -> !type.isWildcardType() && type.isCompatibleWith(TEXT_CSV));
    }

    /** One row; a null prints as an empty cell. */
    static List<?> row(Object... cells) {
        return Arrays.asList(cells);
    }

    static ResponseEntity<String> of(String filename, List<String> header, List<? extends List<?>> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get())) {
            for (List<?> row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.ok()
                .contentType(new MediaType(TEXT_CSV, java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(filename).build().toString())
                .body(out.toString());
    }
}
