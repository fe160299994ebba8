package com.relance.test;

import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** One real SMTP server (GreenMail) for the whole test run, on a free loopback port. */
public final class TestMailServer {

    private static GreenMail greenMail;

    private TestMailServer() {
    }

    public static synchronized GreenMail get() {
        if (greenMail == null) {
            greenMail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort()});
            greenMail.start();
            Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop));
        }
        return greenMail;
    }

    public static int smtpPort() {
        return get().getSmtp().getPort();
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
