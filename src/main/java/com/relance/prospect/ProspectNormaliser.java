package com.relance.prospect;

import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.springframework.stereotype.Component;

/**
 * The one place prospect data is checked and put in canonical form, for the JSON API and CSV imports
 * alike: E.164 phones, IANA time zones (inferred from the phone when missing), BCP 47 locales.
 * Values the data does not give stay null, so that an update never overwrites them with a default.
 */
@Component
class ProspectNormaliser {

    private static final Pattern LIST_SEPARATOR = Pattern.compile("[,;|]");
    private static final int MAX_TEXT = 200;

    private final ProspectProperties properties;
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final PhoneNumberToTimeZonesMapper timeZones = PhoneNumberToTimeZonesMapper.getInstance();

    ProspectNormaliser(ProspectProperties properties) {
        this.properties = properties;
    }

    /** The normalised details, or every problem found (never both). */
    record Result(ProspectDetails details, List<FieldProblem> problems) {
        boolean valid() {
            return problems.isEmpty();
        }
    }

    Result normalise(ProspectDetails raw, Predicate<String> knownUser) {
        List<FieldProblem> problems = new ArrayList<>();
        String email = email(raw.email(), problems);
        PhoneNumber phone = phone(raw.phone(), problems);
        String timeZone = timeZone(raw.timeZone(), phone, problems);
        String locale = locale(raw.locale(), problems);
        String linkedin = linkedin(raw.linkedinUrl(), problems);
        String owner = blankToNull(raw.owner());
        if (owner != null && !knownUser.test(owner)) {
            problems.add(new FieldProblem("owner", "no user '" + owner + "' in the identity service"));
        }
        String firstName = text("first_name", raw.firstName(), problems);
        String lastName = text("last_name", raw.lastName(), problems);
        String company = text("company", raw.company(), problems);
        String title = text("title", raw.title(), problems);
        if (!problems.isEmpty()) {
            return new Result(null, List.copyOf(problems));
        }
        ProspectDetails details = new ProspectDetails(firstName, lastName, email,
                phone == null ? null : phones.format(phone, PhoneNumberUtil.PhoneNumberFormat.E164),
                company, title, linkedin, timeZone, locale, owner, tags(raw.tags()), customFields(raw.customFields()));
        return new Result(details, List.of());
    }

    /**
     * Fills what a new prospect needs and the data did not say (time zone, locale). Only for new
     * prospects: an update without these keeps the stored values.
     */
    ProspectDetails withDefaults(ProspectDetails details) {
        return details.updatedWith(new ProspectDetails(null, null, null, null, null, null, null,
                details.timeZone() == null ? properties.defaultTimeZone().getId() : null,
                details.locale() == null ? properties.defaultLocale().toLanguageTag() : null,
                null, List.of(), Map.of()));
    }

    static String emailKey(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** Splits a tag cell such as {@code "cto, saas|paris"}. */
    static List<String> splitTags(String cell) {
        if (cell == null || cell.isBlank()) {
            return List.of();
        }
        return Arrays.stream(LIST_SEPARATOR.split(cell)).map(String::trim).filter(tag -> !tag.isEmpty()).toList();
    }

    private static String email(String raw, List<FieldProblem> problems) {
        String email = blankToNull(raw);
        if (email == null) {
            problems.add(new FieldProblem("email", "is required"));
            return null;
        }
        try {
            InternetAddress address = new InternetAddress(email, true);
            address.validate();
            if (address.getPersonal() != null || !email.equals(address.getAddress())
                    || !email.substring(email.indexOf('@') + 1).contains(".")) {
                throw new AddressException("not a plain address");
            }
        } catch (AddressException | StringIndexOutOfBoundsException e) {
            problems.add(new FieldProblem("email", "'" + email + "' is not a valid email address"));
        }
        return email;
    }

    private PhoneNumber phone(String raw, List<FieldProblem> problems) {
        String phone = blankToNull(raw);
        if (phone == null) {
            return null;
        }
        try {
            PhoneNumber number = phones.parse(phone, properties.defaultRegion());
            if (phones.isValidNumber(number)) {
                return number;
            }
        } catch (NumberParseException e) {
            // reported below with the region, which is what users need to fix it
        }
        problems.add(new FieldProblem("phone", "'" + phone + "' is not a valid phone number (numbers without a "
                + "+country code are read as " + properties.defaultRegion() + ")"));
        return null;
    }

    private String timeZone(String raw, PhoneNumber phone, List<FieldProblem> problems) {
        String zone = blankToNull(raw);
        if (zone != null) {
            try {
                return ZoneId.of(zone).getId();
            } catch (DateTimeException e) {
                problems.add(new FieldProblem("timezone", "'" + zone + "' is not an IANA time zone such as Europe/Paris"));
                return null;
            }
        }
        if (phone != null) {
            List<String> candidates = timeZones.getTimeZonesForNumber(phone).stream()
                    .filter(id -> !id.equals(PhoneNumberToTimeZonesMapper.getUnknownTimeZone()))
                    .toList();
            if (!candidates.isEmpty()) {
                return candidates.get(0);
            }
        }
        return null;
    }

    private String locale(String raw, List<FieldProblem> problems) {
        String tag = blankToNull(raw);
        if (tag == null) {
            return null;
        }
        Locale locale = Locale.forLanguageTag(tag.replace('_', '-'));
        if (locale.getLanguage().isEmpty()) {
            problems.add(new FieldProblem("locale", "'" + tag + "' is not a language tag such as fr or en-GB"));
            return null;
        }
        return locale.toLanguageTag();
    }

    private static String linkedin(String raw, List<FieldProblem> problems) {
        String url = blankToNull(raw);
        if (url == null) {
            return null;
        }
        String candidate = url.contains("://") ? url : "https://" + url;
        try {
            URI uri = URI.create(candidate);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            if ((uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                    && (host.equals("linkedin.com") || host.endsWith(".linkedin.com"))) {
                return candidate;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problems.add(new FieldProblem("linkedin_url", "'" + url + "' is not a linkedin.com profile URL"));
        return null;
    }

    private static String text(String field, String raw, List<FieldProblem> problems) {
        String value = blankToNull(raw);
        if (value != null && value.length() > MAX_TEXT) {
            problems.add(new FieldProblem(field, "is longer than " + MAX_TEXT + " characters"));
        }
        return value;
    }

    private static List<String> tags(List<String> raw) {
        return raw.stream().map(String::trim).filter(tag -> !tag.isEmpty()).distinct().toList();
    }

    private static Map<String, String> customFields(Map<String, String> raw) {
        Map<String, String> fields = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            if (key != null && !key.isBlank() && value != null && !value.isBlank()) {
                // MongoDB field names cannot contain dots or start with $
                fields.put(key.trim().replace('.', '_').replace("$", ""), value.trim());
            }
        });
        return fields;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
