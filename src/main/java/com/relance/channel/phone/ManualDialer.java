package com.relance.channel.phone;

/** Manual-dial mode: the caller's device dials a {@code tel:} link; outcomes are recorded the same way. */
class ManualDialer implements Dialer {

    @Override
    public DialResult dial(CallRequest request) {
        return new DialResult(DialResult.Mode.MANUAL, "tel:" + request.prospectPhone(), null,
                "Dial " + request.prospectPhone() + " from your phone");
    }
}
