package com.relance.channel.phone;

/** Places the call of a call task: through Twilio when it is configured, else by the caller's own phone. */
public interface Dialer {

    DialResult dial(CallRequest request);

    /**
     * What the console knows when a caller clicks "call".
     *
     * @param touchKey      the call task's touch (task variable {@code touchKey})
     * @param callerUserId  the logged-in caller
     * @param prospectPhone E.164
     */
    record CallRequest(String taskId, String touchKey, String callerUserId, String prospectId, String campaignId,
                       String prospectPhone) {
    }

    /**
     * @param telUri  for {@code MANUAL}: the {@code tel:} link the caller's device dials
     * @param callSid for {@code TWILIO}: the call Twilio placed
     * @param message what to tell the caller, e.g. "Your phone rings now" or why the call failed
     */
    record DialResult(Mode mode, String telUri, String callSid, String message) {

        public enum Mode {
            MANUAL, TWILIO
        }
    }
}
