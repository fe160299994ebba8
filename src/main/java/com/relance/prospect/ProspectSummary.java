package com.relance.prospect;

/**
 * Who a prospect is and how to reach them, without their history or custom fields: what a list of tasks
 * shows for each (see {@link Prospects#summaries}).
 *
 * @param timeZone IANA id, e.g. {@code Europe/Paris}; null when unknown
 */
public record ProspectSummary(String id,
                              String firstName,
                              String lastName,
                              String email,
                              String phone,
                              String company,
                              String title,
                              String timeZone,
                              String locale,
                              ProspectStatus status) {

    /** The fields of the prospect document a summary reads. */
    static final String[] FIELDS = {"firstName", "lastName", "email", "phone", "company", "title", "timeZone", "locale",
            "status"};

    public String fullName() {
        return Prospect.fullName(firstName, lastName);
    }
}
