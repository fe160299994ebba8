package com.relance.inbox;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sender mailboxes the inbox watcher reads replies, out-of-office answers and bounces from.
 *
 * @param mailboxes        the mailboxes, read over IMAP; none: the watcher does nothing
 * @param pollInterval     the pause between two polls of every mailbox
 * @param scheduledPolling whether the watcher polls by itself (with at least one mailbox); false leaves it to
 *                         whoever calls {@link InboxWatcher#pollOnce()} (tests)
 * @param clockSkew        how much earlier than our email a message may be dated and still answer it (clocks
 *                         of mail servers differ); older messages from a prospect are not replies
 */
@ConfigurationProperties("relance.inbox")
public record InboxProperties(@DefaultValue List<Mailbox> mailboxes,
                              @DefaultValue("PT1M") Duration pollInterval,
                              @DefaultValue("true") boolean scheduledPolling,
                              @DefaultValue("PT10M") Duration clockSkew) {

    /**
     * One mailbox.
     *
     * @param port    the IMAP port; 0 uses 993 with {@code ssl}, 143 without
     * @param ssl     IMAP over TLS (imaps)
     * @param folders the folders to read; empty reads every folder that holds messages (INBOX, but also
     *                the folders a mail client's rules file replies into)
     */
    public record Mailbox(String host,
                          @DefaultValue("0") int port,
                          @DefaultValue("true") boolean ssl,
                          String username,
                          String password,
                          @DefaultValue List<String> folders) {

        int effectivePort() {
            return port != 0 ? port : ssl ? 993 : 143;
        }

        /** How logs and records name the mailbox: never with its password. */
        String name() {
            return username + "@" + host + ":" + effectivePort();
        }
    }
}
