package com.relance.prospect;

import java.util.List;

/**
 * The outcome of a CSV import.
 *
 * @param importId   stamped on the prospects it created
 * @param imported   new prospects
 * @param updated    rows whose email was already known (the prospect was updated, not duplicated)
 * @param rejected   rows refused, with their line in the file and why
 * @param stoppedAt  set when the file could not be read to the end (e.g. an unterminated quote): rows
 *                   before that point are kept
 */
public record ImportResult(String importId, int imported, int updated, List<RejectedRow> rejected, String stoppedAt) {

    /** A refused row: its line number in the file (the header is line 1) and the reason. */
    public record RejectedRow(long line, String reason) {
    }
}
