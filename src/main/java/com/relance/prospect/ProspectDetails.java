package com.relance.prospect;

import java.util.List;
import java.util.Map;

/**
 * What a user (JSON) or a file (CSV) says about a prospect, before normalisation. Blank values mean
 * "not given": on an update they leave the stored value alone.
 */
public record ProspectDetails(String firstName,
                              String lastName,
                              String email,
                              String phone,
                              String company,
                              String title,
                              String linkedinUrl,
                              String timeZone,
                              String locale,
                              String owner,
                              List<String> tags,
                              Map<String, String> customFields) {

    public ProspectDetails {
        tags = tags == null ? List.of() : List.copyOf(tags);
        customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
    }
}
