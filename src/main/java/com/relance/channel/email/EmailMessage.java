package com.relance.channel.email;

/** A rendered email, ready to send. */
record EmailMessage(String subject, String html, String text) {
}
