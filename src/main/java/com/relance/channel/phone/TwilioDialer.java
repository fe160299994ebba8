package com.relance.channel.phone;

import java.net.URI;
import java.util.List;

import com.relance.campaign.Campaign;
import com.relance.campaign.Campaigns;
import com.relance.touch.Touches;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import org.camunda.bpm.engine.IdentityService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Click-to-call: Twilio rings the caller's own phone (their Camunda user info {@code phone}); when they answer,
 * our TwiML ({@link TwilioWebhooks}) bridges them to the prospect. The call is recorded in {@code calls} and its
 * SID on the touch. When Twilio refuses or cannot be reached, the caller is told why and nothing else changes.
 */
class TwilioDialer implements Dialer, AutoCloseable {

    /** The Camunda user info key holding a caller's phone number, E.164. */
    static final String PHONE_INFO = "phone";
    static final List<String> STATUS_EVENTS = List.of("initiated", "ringing", "answered", "completed");

    private static final Logger log = LoggerFactory.getLogger(TwilioDialer.class);

    private final TwilioProperties properties;
    private final URI publicUrl;
    private final IdentityService identity;
    private final Campaigns campaigns;
    private final PhoneCalls calls;
    private final Touches touches;
    private final RoutedTwilioHttpClient http;
    private final TwilioRestClient client;

    TwilioDialer(TwilioProperties properties, URI publicUrl, IdentityService identity, Campaigns campaigns,
                 PhoneCalls calls, Touches touches) {
        this.properties = properties;
        this.publicUrl = publicUrl;
        this.identity = identity;
        this.campaigns = campaigns;
        this.calls = calls;
        this.touches = touches;
        this.http = new RoutedTwilioHttpClient(properties.apiBaseUrl());
        this.client = new TwilioRestClient.Builder(properties.accountSid(), properties.authToken()).httpClient(http).build();
    }

    @Override
    public DialResult dial(CallRequest request) {
        String callerPhone = identity.getUserInfo(request.callerUserId(), PHONE_INFO);
        if (callerPhone == null || callerPhone.isBlank()) {
            return refused("Twilio cannot ring you: your profile has no phone number. Add yours (PUT /api/users/me/phone) "
                    + "and try again, or dial " + request.prospectPhone() + " from your phone.");
        }
        if (request.prospectPhone() == null || request.prospectPhone().isBlank()) {
            return refused("This prospect has no phone number: there is nobody to call.");
        }
        Campaign campaign = campaigns.findById(request.campaignId()).orElse(null);
        String callerId = callerId(campaign, properties);
        if (callerId == null) {
            return refused("No caller ID is set for this campaign nor in relance.twilio.caller-id: ask an administrator. "
                    + "Meanwhile, dial " + request.prospectPhone() + " from your phone.");
        }
        Call call;
        try {
            call = Call.creator(new PhoneNumber(callerPhone), new PhoneNumber(callerId),
                            URI.create(TwilioPaths.bridge(publicUrl, request.touchKey())))
                    .setStatusCallback(URI.create(TwilioPaths.status(publicUrl)))
                    .setStatusCallbackEvent(STATUS_EVENTS)
                    .create(client);
        } catch (ApiException e) {
            log.warn("Twilio did not place the call of touch {} by {}: HTTP {}, error {}: {}", request.touchKey(),
                    request.callerUserId(), e.getStatusCode(), e.getCode(), e.getMessage());
            return refused(explain(e, request.prospectPhone()));
        } catch (TwilioException e) {
            log.warn("Twilio could not be reached for the call of touch {} by {}: {}", request.touchKey(),
                    request.callerUserId(), e.getMessage());
            return refused(unreachable(request.prospectPhone()));
        }
        String status = call.getStatus() == null ? "queued" : call.getStatus().toString();
        calls.placed(call.getSid(), status, request);
        touches.callPlaced(request.touchKey(), call.getSid(), request.callerUserId());
        log.info("Twilio call {} placed for touch {} by {}", call.getSid(), request.touchKey(), request.callerUserId());
        return new DialResult(DialResult.Mode.TWILIO, null, call.getSid(),
                "Your phone (" + callerPhone + ") rings now: answer it and Twilio connects you to the prospect.");
    }

    /** The campaign's caller ID, else the global one; null when neither is set. */
    static String callerId(Campaign campaign, TwilioProperties properties) {
        if (campaign != null && campaign.callerId() != null && !campaign.callerId().isBlank()) {
            return campaign.callerId();
        }
        return properties.callerId() == null || properties.callerId().isBlank() ? null : properties.callerId();
    }

    private static String explain(ApiException e, String prospectPhone) {
        Integer status = e.getStatusCode();
        if (status != null && (status == 401 || status == 403)) {
            return "Twilio refused Relance's credentials (error " + e.getCode() + "): ask an administrator to check "
                    + "the Twilio settings. Meanwhile, dial " + prospectPhone + " from your phone.";
        }
        if (status != null && status >= 400 && status < 500) {
            return "Twilio refused the call: " + e.getMessage() + " (Twilio error " + e.getCode() + ").";
        }
        return unreachable(prospectPhone);
    }

    private static String unreachable(String prospectPhone) {
        return "Twilio could not place the call right now: try again in a moment, or dial " + prospectPhone
                + " from your phone.";
    }

    private static DialResult refused(String message) {
        return new DialResult(DialResult.Mode.TWILIO, null, null, message);
    }

    @Override
    public void close() {
        http.close();
    }
}
