package com.relance.channel.phone;

import com.relance.campaign.Campaigns;
import com.relance.system.RelanceProperties;
import com.relance.touch.Touches;
import org.camunda.bpm.engine.IdentityService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** The {@link Dialer} the console calls: Twilio click-to-call when Twilio is configured, else manual dialing. */
@Component
class Dialing implements Dialer, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Dialing.class);

    private final ManualDialer manual = new ManualDialer();
    private final TwilioDialer twilio;

    Dialing(TwilioProperties properties, RelanceProperties relance, IdentityService identity, Campaigns campaigns,
            PhoneCalls calls, Touches touches) {
        this.twilio = properties.configured()
                ? new TwilioDialer(properties, relance.publicUrl(), identity, campaigns, calls, touches)
                : null;
        if (twilio == null) {
            log.info("Calls are dialled by hand (tel: links): set relance.twilio.account-sid and auth-token for click-to-call");
        } else {
            log.info("Click-to-call through Twilio, account {}, API at {}", properties.accountSid(), properties.apiBaseUrl());
        }
    }

    @Override
    public DialResult dial(CallRequest request) {
        return twilio != null ? twilio.dial(request) : manual.dial(request);
    }

    @Override
    public void destroy() {
        if (twilio != null) {
            twilio.close();
        }
    }
}
