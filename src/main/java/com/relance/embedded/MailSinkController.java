package com.relance.embedded;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Shows what the local mail sink received, so a newcomer sees the emails without an IMAP client. */
@RestController
@RequestMapping("/api/mail-sink")
@ConditionalOnBean(MailSink.class)
class MailSinkController {

    private final MailSink sink;

    MailSinkController(MailSink sink) {
        this.sink = sink;
    }

    @GetMapping("/messages")
    List<MailSink.SinkMessage> messages() {
        return sink.messages();
    }
}
