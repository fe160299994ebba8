package com.relance.prospect;

/**
 * Selects prospects; every criterion is optional.
 *
 * @param text matched, case-insensitively, in first/last name, email and company
 */
public record ProspectFilter(ProspectStatus status, String owner, String tag, String text) {

    public static ProspectFilter all() {
        return new ProspectFilter(null, null, null, null);
    }
}
