package com.relance.channel.phone;

import java.security.Principal;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.relance.prospect.ProspectProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/users/me/phone}: the logged-in user's own phone, the one Twilio rings for click-to-call. Kept in
 * Camunda's identity service as the user info {@code phone} (E.164); Camunda Admin has no field for it.
 */
@RestController
@RequestMapping("/api/users/me/phone")
class CallerPhoneController {

    private final IdentityService identity;
    private final ProspectProperties prospectProperties;
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    CallerPhoneController(IdentityService identity, ProspectProperties prospectProperties) {
        this.identity = identity;
        this.prospectProperties = prospectProperties;
    }

    record PhoneRequest(@NotBlank @Size(max = 40) String phone) {
    }

    /** @param phone E.164, null when not set */
    record CallerPhone(String phone) {
    }

    @GetMapping
    CallerPhone get(Principal user) {
        return new CallerPhone(identity.getUserInfo(user.getName(), TwilioDialer.PHONE_INFO));
    }

    /** Stores the number in E.164; a national number is read in {@code relance.prospects.default-region}. */
    @PutMapping
    CallerPhone set(@Valid @RequestBody PhoneRequest request, Principal user) {
        String e164 = e164(request.phone().trim());
        identity.setUserInfo(user.getName(), TwilioDialer.PHONE_INFO, e164);
        return new CallerPhone(e164);
    }

    private String e164(String raw) {
        try {
            PhoneNumber number = phones.parse(raw, prospectProperties.defaultRegion());
            if (phones.isValidNumber(number)) {
                return phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
            }
        } catch (NumberParseException e) {
            // reported below
        }
        throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "phone: '" + raw + "' is not a valid phone number "
                + "(numbers without a +country code are read as " + prospectProperties.defaultRegion() + ")");
    }
}
