package com.relance.channel.phone;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Click-to-call through Twilio. Twilio is used when both the account SID and the auth token are set; otherwise
 * callers dial by hand ({@code tel:} links).
 *
 * @param accountSid      the Twilio account ({@code AC...}); empty: manual dialing
 * @param authToken       the account's auth token: authenticates our API calls and signs Twilio's webhooks
 *                        ({@code X-Twilio-Signature}); never logged
 * @param callerId        the number (E.164, a Twilio number or a verified caller ID) that callers' phones and
 *                        prospects see, unless the campaign sets its own {@code callerId}
 * @param apiBaseUrl      where Twilio's REST API is reached: every request is routed to this scheme, host and port
 *                        (tests point it at a stand-in, proxies at themselves); the request keeps Twilio's own
 *                        path and {@code Host}
 * @param recordCalls     whether calls are recorded when the campaign does not say ({@code recordCalls})
 * @param recordingNotice what is said before a recorded call is connected, to the prospect and to the caller
 */
@ConfigurationProperties("relance.twilio")
public record TwilioProperties(String accountSid,
                               String authToken,
                               String callerId,
                               @DefaultValue("https://api.twilio.com") URI apiBaseUrl,
                               @DefaultValue("false") boolean recordCalls,
                               @DefaultValue(DEFAULT_NOTICE) String recordingNotice) {

    static final String DEFAULT_NOTICE = "Cet appel est susceptible d'être enregistré. This call may be recorded.";

    /** Twilio places the calls when the account and its token are known. */
    public boolean configured() {
        return accountSid != null && !accountSid.isBlank() && authToken != null && !authToken.isBlank();
    }

    /** Keeps the auth token out of logs and error messages. */
    @Override
    public String toString() {
        return "TwilioProperties[accountSid=" + accountSid + ", authToken=" + (authToken == null ? null : "******")
                + ", callerId=" + callerId + ", apiBaseUrl=" + apiBaseUrl + ", recordCalls=" + recordCalls
                + ", recordingNotice=" + recordingNotice + "]";
    }
}
