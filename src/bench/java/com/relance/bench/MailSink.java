package com.relance.bench;

import java.net.Socket;
import java.net.SocketException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpServer;

import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

/**
 * GreenMail's SMTP server on a free loopback port: Relance sends over a real socket and GreenMail reads
 * every message to the end, then the message is counted and dropped instead of kept in a mailbox
 * (300,000 kept messages would be gigabytes of this JVM's heap, the heap the benchmark measures).
 *
 * <p>Its sockets get TCP_NODELAY: GreenMail writes its multi-line EHLO answer line by line, and on
 * loopback Nagle's algorithm meeting the client's delayed ACK makes every EHLO wait 40 ms, which would
 * charge each email a delay no real mail relay adds.
 */
final class MailSink implements AutoCloseable {

    private final GreenMail greenMail;
    private final LongAdder received = new LongAdder();

    MailSink() {
        greenMail = new GreenMail(new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort()) {
            @Override
            protected Map<String, AbstractServer> createServices(ServerSetup[] setups, Managers managers) {
                Map<String, AbstractServer> services = new HashMap<>();
                for (ServerSetup setup : setups) {
                    services.put(setup.getProtocol(), new NoDelaySmtpServer(setup, managers));
                }
                return services;
            }
        };
        greenMail.start();
        GreenMailUser sink = new DroppingUser();
        greenMail.getManagers().getUserManager().setMessageDeliveryHandler((message, address) -> sink);
    }

    int port() {
        return greenMail.getSmtp().getPort();
    }

    long received() {
        return received.sum();
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    private static final class NoDelaySmtpServer extends SmtpServer {
        NoDelaySmtpServer(ServerSetup setup, Managers managers) {
            super(setup, managers);
        }

        @Override
        protected ProtocolHandler createProtocolHandler(Socket socket) {
            try {
                socket.setTcpNoDelay(true);
            } catch (SocketException e) {
                // keep Nagle then
            }
            return super.createProtocolHandler(socket);
        }
    }

    private final class DroppingUser implements GreenMailUser {
        @Override
        public void deliver(MovingMessage message) {
            received.increment();
        }

        @Override
        public void deliver(MimeMessage message) {
            received.increment();
        }

        @Override
        public String getEmail() {
            return "sink@bench.local";
        }

        @Override
        public String getLogin() {
            return "sink";
        }

        @Override
        public void create() {
        }

        @Override
        public void delete() {
        }

        @Override
        public String getPassword() {
            return "";
        }

        @Override
        public void setPassword(String password) {
        }

        @Override
        public void authenticate(String password) {
        }

        @Override
        public String getQualifiedMailboxName() {
            return "sink";
        }
    }
}
