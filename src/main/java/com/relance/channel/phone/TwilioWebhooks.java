package com.relance.channel.phone;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.relance.campaign.Campaign;
import com.relance.campaign.Campaigns;
import com.relance.prospect.Prospect;
import com.relance.prospect.Prospects;
import com.relance.system.RelanceProperties;
import com.relance.touch.Channel;
import com.relance.touch.Touch;
import com.relance.touch.Touches;
import com.twilio.security.RequestValidator;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Number;
import com.twilio.twiml.voice.Say;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What Twilio asks us during a click-to-call, all public and all signed by Twilio ({@code X-Twilio-Signature},
 * HMAC of {@code relance.public-url} + path and the form parameters with the auth token): a request without a
 * valid signature gets 403 and changes nothing.
 * <ul>
 * <li>{@code POST /twilio/twiml/bridge/{touchKey}}: the caller answered; the TwiML dials the prospect with the
 * campaign's caller ID, and, when the campaign records calls, says the recording notice and records both sides;</li>
 * <li>{@code POST /twilio/twiml/notice}: the notice the prospect hears on answering a recorded call;</li>
 * <li>{@code POST /webhooks/twilio/status}: call status callbacks ({@code initiated}, {@code ringing},
 * {@code answered}, {@code completed} with the duration) and recording callbacks update the call record, and
 * the touch's duration on {@code completed}.</li>
 * </ul>
 */
@RestController
class TwilioWebhooks {

    private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);
    private static final String SIGNATURE = "X-Twilio-Signature";

    private final TwilioProperties properties;
    private final URI publicUrl;
    private final RequestValidator validator;
    private final Touches touches;
    private final Prospects prospects;
    private final Campaigns campaigns;
    private final PhoneCalls calls;
    private final Clock clock;

    TwilioWebhooks(TwilioProperties properties, RelanceProperties relance, Touches touches, Prospects prospects,
                   Campaigns campaigns, PhoneCalls calls, Clock clock) {
        this.properties = properties;
        this.publicUrl = relance.publicUrl();
        // without an auth token nothing can be verified, so nothing is accepted
        this.validator = properties.configured() ? new RequestValidator(properties.authToken()) : null;
        this.touches = touches;
        this.prospects = prospects;
        this.campaigns = campaigns;
        this.calls = calls;
        this.clock = clock;
    }

    @PostMapping(path = TwilioPaths.BRIDGE, produces = MediaType.APPLICATION_XML_VALUE)
    ResponseEntity<String> bridge(@PathVariable String touchKey, HttpServletRequest request) {
        if (!signed(request)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        Optional<Touch> touch = touches.find(touchKey).filter(found -> found.channel() == Channel.CALL);
        Optional<String> prospectPhone = touch.flatMap(found -> prospects.find(found.prospectId())).map(Prospect::phone);
        if (prospectPhone.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        Campaign campaign = campaigns.findById(touch.get().campaignId()).orElse(null);
        boolean record = campaign != null && campaign.recordCalls() != null ? campaign.recordCalls() : properties.recordCalls();
        Number.Builder prospect = new Number.Builder(prospectPhone.get());
        Dial.Builder dial = new Dial.Builder().callerId(TwilioDialer.callerId(campaign, properties));
        VoiceResponse.Builder twiml = new VoiceResponse.Builder();
        if (record) {
            twiml.say(new Say.Builder(properties.recordingNotice()).build());
            prospect.url(TwilioPaths.notice(publicUrl));
            dial.record(Dial.Record.RECORD_FROM_ANSWER_DUAL).recordingStatusCallback(TwilioPaths.status(publicUrl));
        }
        return ResponseEntity.ok(twiml.dial(dial.number(prospect.build()).build()).build().toXml());
    }

    @PostMapping(path = TwilioPaths.NOTICE, produces = MediaType.APPLICATION_XML_VALUE)
    ResponseEntity<String> notice(HttpServletRequest request) {
        if (!signed(request)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        return ResponseEntity.ok(new VoiceResponse.Builder()
                .say(new Say.Builder(properties.recordingNotice()).build()).build().toXml());
    }

    @PostMapping(TwilioPaths.STATUS)
    ResponseEntity<Void> status(HttpServletRequest request) {
        if (!signed(request)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        Optional<PhoneCall> found = Optional.ofNullable(request.getParameter("CallSid")).flatMap(calls::find)
                .or(() -> Optional.ofNullable(request.getParameter("ParentCallSid")).flatMap(calls::find));
        if (found.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        PhoneCall call = found.get();
        String status = request.getParameter("CallStatus");
        if (status != null && !status.isBlank()) {
            calls.statusReported(call.id(), new PhoneCall.StatusEvent(status, time(request.getParameter("Timestamp")),
                    integer(request.getParameter("SequenceNumber"))));
            Integer duration = integer(request.getParameter("CallDuration"));
            if ("completed".equals(status) && duration != null) {
                calls.durationReported(call.id(), duration);
                touches.callDuration(call.touchKey(), duration);
            }
        }
        String recordingUrl = request.getParameter("RecordingUrl");
        if (recordingUrl != null && !recordingUrl.isBlank()) {
            calls.recorded(call.id(), recordingUrl);
        }
        return ResponseEntity.noContent().build();
    }

    private boolean signed(HttpServletRequest request) {
        String signature = request.getHeader(SIGNATURE);
        String url = TwilioPaths.requested(publicUrl, request);
        if (validator == null) {
            log.warn("Refused a request to {}: without relance.twilio.auth-token no Twilio signature can be checked", url);
            return false;
        }
        if (signature == null || signature.isBlank()) {
            log.warn("Refused a request to {} without X-Twilio-Signature", url);
            return false;
        }
        Map<String, String> parameters = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, values.length == 0 ? "" : values[0]));
        if (!validator.validate(url, parameters, signature)) {
            log.warn("Refused a request to {} whose X-Twilio-Signature does not match (relance.public-url must be "
                    + "the address Twilio calls)", url);
            return false;
        }
        return true;
    }

    private Instant time(String twilioTimestamp) {
        if (twilioTimestamp != null) {
            try {
                return ZonedDateTime.parse(twilioTimestamp, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                // Twilio's clock is a nicety: ours will do
            }
        }
        return clock.instant();
    }

    private static Integer integer(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
