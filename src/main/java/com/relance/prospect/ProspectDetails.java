package com.relance.prospect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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

    /** These details updated by later ones, as a re-import would: given values win, blanks keep ours. */
    ProspectDetails updatedWith(ProspectDetails later) {
        Map<String, String> fields = new LinkedHashMap<>(customFields);
        fields.putAll(later.customFields());
        return new ProspectDetails(or(later.firstName, firstName), or(later.lastName, lastName), or(later.email, email),
                or(later.phone, phone), or(later.company, company), or(later.title, title),
                or(later.linkedinUrl, linkedinUrl), or(later.timeZone, timeZone), or(later.locale, locale),
                or(later.owner, owner), Stream.concat(tags.stream(), later.tags.stream()).distinct().toList(), fields);
    }

    private static String or(String preferred, String fallback) {
        return preferred != null ? preferred : fallback;
    }
}
