package com.relance.inbox;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import com.relance.campaign.Campaign;
import com.relance.campaign.Campaigns;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.StoreClosedException;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads the sender mailboxes over IMAP for replies, out-of-office answers and bounces
 * ({@code relance.inbox.*}). Each poll reads every configured folder of every mailbox from where the last
 * one stopped (the folder's last UID, kept in MongoDB, so messages that arrived while Relance was down are
 * read at the next start), and hands each new message to {@link InboundMessages} once. A mailbox that
 * cannot be reached is logged and the others are still read; a message that cannot be read is recorded
 * as skipped and never blocks its folder.
 *
 * <p>Polls every {@code relance.inbox.poll-interval} when mailboxes are configured, unless
 * {@code relance.inbox.scheduled-polling} is false; {@link #pollOnce()} polls on demand.
 */
@Component
public class InboxWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxWatcher.class);
    private static final int FETCH_BATCH = 100;

    private final InboxProperties properties;
    private final InboundMessages messages;
    private final InboxRecords records;
    private final Campaigns campaigns;
    private final ReentrantLock polling = new ReentrantLock();
    private final Map<String, MailboxStatus> statuses = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService scheduler;

    InboxWatcher(InboxProperties properties, InboundMessages messages, InboxRecords records, Campaigns campaigns,
                 MeterRegistry meters) {
        this.properties = properties;
        this.messages = messages;
        this.records = records;
        this.campaigns = campaigns;
        Gauge.builder("relance.inbox.lag.seconds", this, InboxWatcher::lagSeconds)
                .description("Seconds since the mailbox least recently read in full was read")
                .register(meters);
    }

    /**
     * How one mailbox's last poll went.
     *
     * @param lastPollAt    when it was last read in full; null before the first success
     * @param lastError     why the last attempt failed, null when it succeeded
     * @param lastProcessed messages processed by the last poll
     */
    public record MailboxStatus(String mailbox, Instant lastPollAt, String lastError, int lastProcessed) {
    }

    /** What one poll did: messages processed (including ignored ones) and mailboxes that failed. */
    public record PollReport(int processed, int failedMailboxes) {
    }

    /** The state of each mailbox, for monitoring. */
    public List<MailboxStatus> status() {
        return properties.mailboxes().stream().map(mailbox -> statuses.getOrDefault(mailbox.name(),
                new MailboxStatus(mailbox.name(), null, null, 0))).toList();
    }

    /** Reads every mailbox once. Waits for a poll already under way rather than reading in parallel. */
    public PollReport pollOnce() {
        polling.lock();
        try {
            Set<String> own = ownAddresses();
            int processed = 0;
            int failed = 0;
            for (InboxProperties.Mailbox mailbox : properties.mailboxes()) {
                try {
                    int count = poll(mailbox, own);
                    processed += count;
                    statuses.put(mailbox.name(), new MailboxStatus(mailbox.name(), records.now(), null, count));
                } catch (MessagingException | RuntimeException e) {
                    failed++;
                    MailboxStatus before = statuses.get(mailbox.name());
                    statuses.put(mailbox.name(), new MailboxStatus(mailbox.name(),
                            before == null ? null : before.lastPollAt(), e.toString(), 0));
                    log.warn("Inbox {}: could not read the mailbox: {}", mailbox.name(), e.toString());
                }
            }
            return new PollReport(processed, failed);
        } finally {
            polling.unlock();
        }
    }

    private int poll(InboxProperties.Mailbox mailbox, Set<String> own) throws MessagingException {
        String protocol = mailbox.ssl() ? "imaps" : "imap";
        Properties settings = new Properties();
        settings.put("mail." + protocol + ".connectiontimeout", "10000");
        settings.put("mail." + protocol + ".timeout", "30000");
        // reading a message must not mark it as read in the user's mail client
        settings.put("mail." + protocol + ".peek", "true");
        // headers in raw UTF-8 (RFC 6532), as some servers deliver them
        settings.put("mail.mime.allowutf8", "true");
        Store store = Session.getInstance(settings).getStore(protocol);
        store.connect(mailbox.host(), mailbox.effectivePort(), mailbox.username(), mailbox.password());
        try {
            int processed = 0;
            for (Folder folder : folders(store, mailbox)) {
                processed += poll(mailbox, folder, own);
            }
            return processed;
        } finally {
            store.close();
        }
    }

    private List<Folder> folders(Store store, InboxProperties.Mailbox mailbox) throws MessagingException {
        List<Folder> folders = new ArrayList<>();
        if (!mailbox.folders().isEmpty()) {
            for (String name : mailbox.folders()) {
                Folder folder = store.getFolder(name);
                if (!folder.exists()) {
                    log.warn("Inbox {}: no folder '{}'", mailbox.name(), name);
                    continue;
                }
                folders.add(folder);
            }
            return folders;
        }
        for (Folder folder : store.getDefaultFolder().list("*")) {
            if ((folder.getType() & Folder.HOLDS_MESSAGES) != 0) {
                folders.add(folder);
            }
        }
        return folders;
    }

    private int poll(InboxProperties.Mailbox mailbox, Folder folder, Set<String> own) throws MessagingException {
        try {
            folder.open(Folder.READ_ONLY);
        } catch (MessagingException e) {
            // \Noselect folders and the like: nothing to read there
            log.debug("Inbox {}: folder {} not readable: {}", mailbox.name(), folder.getFullName(), e.toString());
            return 0;
        }
        try {
            UIDFolder uids = (UIDFolder) folder;
            String cursorId = mailbox.name() + "/" + folder.getFullName();
            long validity = uids.getUIDValidity();
            long last = records.cursor(cursorId)
                    .filter(cursor -> cursor.uidValidity() == validity)
                    // another UIDVALIDITY: UIDs were reset, read it all again; Message-IDs say what was done
                    .map(InboxRecords.Cursor::lastUid)
                    .orElse(0L);
            Message[] found = uids.getMessagesByUID(last + 1, UIDFolder.LASTUID);
            int processed = 0;
            for (int start = 0; start < found.length; start += FETCH_BATCH) {
                Message[] batch = Arrays.copyOfRange(found, start, Math.min(found.length, start + FETCH_BATCH));
                FetchProfile profile = new FetchProfile();
                profile.add(UIDFolder.FetchProfileItem.UID);
                profile.add(FetchProfile.Item.ENVELOPE);
                profile.add("Message-ID"); // known messages are passed over without fetching them
                folder.fetch(batch, profile);
                Arrays.sort(batch, Comparator.comparingLong(message -> uid(uids, message)));
                for (Message message : batch) {
                    long uid = uid(uids, message);
                    // "n:*" always returns the last message, even when it is older than n
                    if (uid <= last) {
                        continue;
                    }
                    if (handle(mailbox, folder, uid, message, own)) {
                        processed++;
                    }
                    records.advance(cursorId, validity, uid);
                }
            }
            return processed;
        } finally {
            folder.close(false);
        }
    }

    /** Handles one message; false when it had been processed before. */
    private boolean handle(InboxProperties.Mailbox mailbox, Folder folder, long uid, Message message, Set<String> own)
            throws MessagingException {
        InboundMessages.Source source = new InboundMessages.Source(mailbox.name(), folder.getFullName(), uid);
        String[] header = message.getHeader("Message-ID");
        String messageId = header == null ? null : InboundMessage.ids(header[0]).stream().findFirst().orElse(null);
        if (messageId != null && messages.processed(messageId)) {
            return false;
        }
        InboundMessage inbound;
        try {
            // a full local copy: parsing never goes back to the server part by part
            inbound = InboundMessage.read(new MimeMessage((MimeMessage) message),
                    message.getReceivedDate() == null ? records.now() : message.getReceivedDate().toInstant());
        } catch (FolderClosedException | StoreClosedException e) {
            throw e; // the connection, not the message: the cursor stays before it
        } catch (MessagingException | IOException | RuntimeException e) {
            String key = messageId != null ? messageId
                    : "<uid-" + uid + "." + ((UIDFolder) folder).getUIDValidity() + "@" + source.mailbox() + "/" + source.folder() + ">";
            messages.skipped(key, source, e.toString());
            return true;
        }
        if (messages.processed(inbound.messageId())) {
            return false;
        }
        messages.handle(inbound, source, own);
        return true;
    }

    private static long uid(UIDFolder folder, Message message) {
        try {
            return folder.getUID(message);
        } catch (MessagingException e) {
            throw new IllegalStateException("No UID for message " + message.getMessageNumber(), e);
        }
    }

    /** Our senders: every campaign's sender and every watched mailbox's user. Their messages never count. */
    private Set<String> ownAddresses() {
        Set<String> own = new HashSet<>();
        for (Campaign campaign : campaigns.findAll()) {
            if (campaign.sender() != null && campaign.sender().email() != null) {
                own.add(campaign.sender().email().trim().toLowerCase(Locale.ROOT));
            }
        }
        for (InboxProperties.Mailbox mailbox : properties.mailboxes()) {
            if (mailbox.username() != null && mailbox.username().contains("@")) {
                own.add(mailbox.username().trim().toLowerCase(Locale.ROOT));
            }
        }
        return own;
    }

    private double lagSeconds() {
        Instant oldest = null;
        for (MailboxStatus status : status()) {
            if (status.lastPollAt() == null) {
                return Double.NaN;
            }
            if (oldest == null || status.lastPollAt().isBefore(oldest)) {
                oldest = status.lastPollAt();
            }
        }
        return oldest == null ? 0 : Duration.between(oldest, records.now()).toSeconds();
    }

    @Override
    public void start() {
        if (!properties.scheduledPolling() || properties.mailboxes().isEmpty()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "inbox-watcher");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                log.error("Inbox poll failed; next one in {}", properties.pollInterval(), e);
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
        log.info("Inbox watcher: {} mailbox(es), every {}", properties.mailboxes().size(), properties.pollInterval());
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = scheduler;
        if (running != null) {
            running.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
