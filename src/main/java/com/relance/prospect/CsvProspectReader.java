package com.relance.prospect;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads prospects from a CSV stream as spreadsheets really export them: comma, semicolon or tab
 * (detected from the header), UTF-8 with or without BOM (Windows-1252 when the start of the file is not
 * UTF-8), quoted fields, headers in any case. Unknown columns become custom fields. Streams: never
 * holds the whole file.
 */
class CsvProspectReader implements Iterator<CsvProspectReader.Row>, AutoCloseable {

    static final Set<String> KNOWN_COLUMNS = Set.of("first_name", "last_name", "email", "phone", "company", "title",
            "linkedin_url", "timezone", "locale", "owner", "tags");

    private static final int SNIFF_BYTES = 64 * 1024;
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** One data row with the line it ends on. */
    record Row(long line, ProspectDetails details) {
    }

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Map<String, String> columns = new LinkedHashMap<>();

    CsvProspectReader(InputStream input) throws IOException {
        BufferedInputStream bytes = new BufferedInputStream(input, SNIFF_BYTES);
        skipBom(bytes);
        BufferedReader reader = new BufferedReader(new InputStreamReader(bytes, sniffCharset(bytes)), SNIFF_BYTES);
        char delimiter = sniffDelimiter(reader);
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter)
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .setAllowMissingColumnNames(true)
                .get();
        try {
            this.parser = CSVParser.parse(reader, format);
        } catch (IllegalArgumentException e) {
            throw new CsvFileProblem("Unreadable header: " + e.getMessage());
        }
        for (String header : parser.getHeaderNames()) {
            columns.put(header, normaliseHeader(header));
        }
        if (!columns.containsValue("email")) {
            throw new CsvFileProblem("The header has no 'email' column (found: " + String.join(", ", columns.keySet())
                    + "; separator '" + delimiter + "')");
        }
        this.records = parser.iterator();
    }

    @Override
    public boolean hasNext() {
        return records.hasNext();
    }

    @Override
    public Row next() {
        CSVRecord record = records.next();
        Map<String, String> known = new LinkedHashMap<>();
        Map<String, String> custom = new LinkedHashMap<>();
        columns.forEach((header, column) -> {
            String value = record.isMapped(header) && record.isSet(header) ? record.get(header) : null;
            if (KNOWN_COLUMNS.contains(column)) {
                known.put(column, value);
            } else if (!header.isBlank()) {
                custom.put(header.trim(), value);
            }
        });
        ProspectDetails details = new ProspectDetails(known.get("first_name"), known.get("last_name"),
                known.get("email"), known.get("phone"), known.get("company"), known.get("title"),
                known.get("linkedin_url"), known.get("timezone"), known.get("locale"), known.get("owner"),
                ProspectNormaliser.splitTags(known.get("tags")), custom);
        return new Row(parser.getCurrentLineNumber(), details);
    }

    /** The line the parser has read up to, for a message when the file breaks off. */
    long currentLine() {
        return parser.getCurrentLineNumber();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private static String normaliseHeader(String header) {
        return header.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
    }

    private static void skipBom(BufferedInputStream bytes) throws IOException {
        bytes.mark(3);
        byte[] head = bytes.readNBytes(3);
        if (!(head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF)) {
            bytes.reset();
        }
    }

    private static Charset sniffCharset(BufferedInputStream bytes) throws IOException {
        bytes.mark(SNIFF_BYTES);
        byte[] head = bytes.readNBytes(SNIFF_BYTES - 1);
        bytes.reset();
        int end = head.length;
        // do not judge a multi-byte character cut by the sniff window
        while (end > 0 && end > head.length - 4 && (head[end - 1] & 0xC0) == 0x80) {
            end--;
        }
        if (end > 0 && end < head.length && (head[end - 1] & 0xC0) == 0xC0) {
            end--;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(head, 0, end));
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return WINDOWS_1252;
        }
    }

    private static char sniffDelimiter(Reader reader) throws IOException {
        reader.mark(SNIFF_BYTES);
        StringBuilder header = new StringBuilder();
        int c;
        while ((c = reader.read()) != -1 && c != '\n' && header.length() < SNIFF_BYTES - 1) {
            header.append((char) c);
        }
        reader.reset();
        long semicolons = header.chars().filter(ch -> ch == ';').count();
        long commas = header.chars().filter(ch -> ch == ',').count();
        long tabs = header.chars().filter(ch -> ch == '\t').count();
        if (tabs > commas && tabs > semicolons) {
            return '\t';
        }
        return semicolons > commas ? ';' : ',';
    }

    /** The file as a whole cannot be imported (no email column, unreadable header). */
    static class CsvFileProblem extends RuntimeException {
        CsvFileProblem(String message) {
            super(message);
        }
    }
}
