package com.relance.prospect;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A person we prospect. The email is unique regardless of case ({@code emailKey} carries the unique index).
 *
 * @param phone     E.164, e.g. {@code +33612345678}
 * @param timeZone  IANA id, e.g. {@code Europe/Paris}
 * @param locale    BCP 47 tag, e.g. {@code fr} or {@code en-GB}; picks the template variant
 * @param owner     user id of the caller who owns the prospect, if any
 * @param sourceImportId the CSV import that created the prospect, if any
 * @param outOfOfficeUntil when an out-of-office reply said the prospect is away, the moment from which they
 *                  may be contacted again (their next touch step waits until then); null when not away
 */
@Document("prospects")
@CompoundIndex(name = "status_owner", def = "{'status': 1, 'owner': 1}")
public record Prospect(@Id String id,
                       String firstName,
                       String lastName,
                       String email,
                       @JsonIgnore @Indexed(unique = true) String emailKey,
                       String phone,
                       String company,
                       String title,
                       String linkedinUrl,
                       String timeZone,
                       String locale,
                       String owner,
                       @Indexed List<String> tags,
                       Map<String, String> customFields,
                       ProspectStatus status,
                       String statusReason,
                       String sourceImportId,
                       Instant createdAt,
                       Instant updatedAt,
                       Instant outOfOfficeUntil) {

    /** {@code at}, or the end of the prospect's out-of-office when that is later. */
    public Instant reachableFrom(Instant at) {
        return outOfOfficeUntil != null && outOfOfficeUntil.isAfter(at) ? outOfOfficeUntil : at;
    }

    /** The ISO country of the prospect's phone number, for public holidays; null without a phone. */
    public String country() {
        if (phone == null) {
            return null;
        }
        try {
            PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
            String region = phones.getRegionCodeForNumber(phones.parse(phone, null));
            return region == null || region.equals("ZZ") ? null : region;
        } catch (NumberParseException e) {
            return null;
        }
    }

    public String fullName() {
        return fullName(firstName, lastName);
    }

    static String fullName(String firstName, String lastName) {
        return ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
    }
}
