package com.relance.channel.phone;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The addresses Twilio calls back, under {@code relance.public-url}: the TwiML that bridges a call, the notice
 * the prospect hears before a recorded call, and the status callback.
 */
final class TwilioPaths {

    static final String BRIDGE = "/twilio/twiml/bridge/{touchKey}";
    static final String NOTICE = "/twilio/twiml/notice";
    static final String STATUS = "/webhooks/twilio/status";

    private TwilioPaths() {
    }

    static String bridge(URI publicUrl, String touchKey) {
        return base(publicUrl).path(BRIDGE).buildAndExpand(touchKey).encode().toUriString();
    }

    static String notice(URI publicUrl) {
        return base(publicUrl).path(NOTICE).build().toUriString();
    }

    static String status(URI publicUrl) {
        return base(publicUrl).path(STATUS).build().toUriString();
    }

    /** The address Twilio requested, as it signed it: the public URL followed by the path as received. */
    static String requested(URI publicUrl, HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String query = request.getQueryString();
        return trimmed(publicUrl) + path + (query == null ? "" : "?" + query);
    }

    private static UriComponentsBuilder base(URI publicUrl) {
        return UriComponentsBuilder.fromUriString(trimmed(publicUrl));
    }

    private static String trimmed(URI publicUrl) {
        String url = publicUrl.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
