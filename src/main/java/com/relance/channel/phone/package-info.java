/**
 * The phone channel: placing calls (click-to-call with Twilio, or manual dialing) and recording them.
 * Exposed to the console as the {@code phone} named interface.
 */
@org.springframework.modulith.NamedInterface("phone")
package com.relance.channel.phone;
