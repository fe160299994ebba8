package com.relance.test;

import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * One real mail server (GreenMail, SMTP and IMAP) for the whole test run, on free loopback ports. The
 * campaigns' sender {@link #SENDER} has a mailbox there, which the inbox watcher reads: mail sent to that
 * address over SMTP (a prospect's reply) lands in its INBOX.
 */
public final class TestMailServer {

    /** The sender of the test campaigns ({@link Fixtures}), whose mailbox the watcher reads. */
    public static final String SENDER = "camille@relance.test";
    public static final String SENDER_PASSWORD = "camille-secret";

    private static GreenMail greenMail;

    private TestMailServer() {
    }

    public static synchronized GreenMail get() {
        if (greenMail == null) {
            greenMail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});
            greenMail.start();
            greenMail.setUser(SENDER, SENDER, SENDER_PASSWORD);
            Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop));
        }
        return greenMail;
    }

    public static int smtpPort() {
        return get().getSmtp().getPort();
    }

    public static int imapPort() {
        return get().getImap().getPort();
    }

    /** Messages received for this address, oldest first. */
    public static List<MimeMessage> messagesTo(String address) {
        return Arrays.stream(get().getReceivedMessages())
                .filter(message -> {
                    try {
                        return Arrays.stream(message.getAllRecipients())
                                .anyMatch(to -> ((InternetAddress) to).getAddress().equalsIgnoreCase(address));
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }
}
