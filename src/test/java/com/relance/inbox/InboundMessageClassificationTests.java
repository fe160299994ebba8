package com.relance.inbox;

import java.time.Instant;
import java.time.LocalDate;

import com.relance.touch.Touch.Reply.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What an inbound message is, decided from its headers and text alone (no server, no database). */
class InboundMessageClassificationTests {

    private static final Instant RECEIVED = Instant.parse("2027-03-02T10:00:00Z");

    @Test
    void aReplyIsThreadedByInReplyToThenReferencesNewestFirstAndKeepsOnlyWhatTheSenderWrote() throws Exception {
        InboundMessage reply = read(Mails.raw("Ana Costa <Ana.Costa@Costa.example>", "Re: Bonjour Ana",
                "In-Reply-To: <second@relance.test>\r\nReferences: <first@relance.test> <second@relance.test>\r\n",
                """
                Yes, let's talk on Tuesday.

                On Mon, 1 Mar 2027 at 09:00, Camille Martin <camille@relance.test> wrote:
                > Hello Ana, do you have 15 minutes?
                > Unsubscribe: https://relance.test/unsubscribe/abc
                """));

        assertThat(reply.from()).isEqualTo("ana.costa@costa.example");
        assertThat(reply.threadIds()).containsExactly("<second@relance.test>", "<first@relance.test>");
        assertThat(reply.text()).isEqualTo("Yes, let's talk on Tuesday.");
        assertThat(Classification.classify(reply).kind())
                .as("the unsubscribe link of our quoted email is not theirs").isEqualTo(Kind.REPLY);
    }

    @Test
    void theSnippetIsAbout200CharactersOnOneLine() throws Exception {
        InboundMessage reply = read(Mails.raw("ana@costa.example", "Re: Bonjour", "", "word ".repeat(100)));

        assertThat(reply.snippet()).hasSizeLessThanOrEqualTo(200).endsWith("…").doesNotContain("\n");
    }

    @Test
    void anHtmlOnlyReplyIsReadAsText() throws Exception {
        String raw = Mails.raw("ana@costa.example", "Re: Bonjour", "", "<p>Avec plaisir&nbsp;!</p><blockquote>Bonjour Ana</blockquote>")
                .replace("text/plain", "text/html");

        assertThat(read(raw).text()).isEqualTo("Avec plaisir !");
    }

    @Test
    void automaticHeadersMakeAnAutoReply() throws Exception {
        for (String header : new String[] {"Auto-Submitted: auto-replied\r\n", "X-Autoreply: yes\r\n",
                "Precedence: auto_reply\r\n"}) {
            InboundMessage message = read(Mails.raw("ana@costa.example", "Re: Bonjour", header, "Thanks for your email."));
            assertThat(Classification.classify(message).kind()).as(header).isEqualTo(Kind.AUTO_REPLY);
        }
        InboundMessage person = read(Mails.raw("ana@costa.example", "Re: Bonjour", "Auto-Submitted: no\r\n", "Hello"));
        assertThat(Classification.classify(person).kind()).isEqualTo(Kind.REPLY);
    }

    @Test
    void outOfOfficeSubjectsInFrenchAndEnglishMakeAnAutoReply() throws Exception {
        for (String subject : new String[] {"Out of Office: Bonjour", "Automatic reply: Hello", "Réponse automatique : Bonjour",
                "Absence du bureau", "Auto-Reply: Hello", "=?UTF-8?Q?R=C3=A9ponse_automatique_:_Bonjour?="}) {
            InboundMessage message = read(Mails.raw("ana@costa.example", subject, "", "I am away."));
            assertThat(Classification.classify(message).kind()).as(subject).isEqualTo(Kind.AUTO_REPLY);
        }
    }

    @Test
    void anOutOfOfficeGivesTheLastDateItNamesAsItsReturn() {
        LocalDate received = LocalDate.of(2027, 3, 2);
        assertThat(ReturnDates.last("Je suis absente du 1er au 12 mars 2027 inclus.", received)).contains(LocalDate.of(2027, 3, 12));
        assertThat(ReturnDates.last("I'm out until 12/03/2027, back on March 15th.", received)).contains(LocalDate.of(2027, 3, 15));
        assertThat(ReturnDates.last("De retour le 05/01.", LocalDate.of(2026, 12, 20))).contains(LocalDate.of(2027, 1, 5));
        assertThat(ReturnDates.last("Back on 2027-04-06; for urgent matters call 06.12.34.56.78 at 10.30", received))
                .contains(LocalDate.of(2027, 4, 6));
        assertThat(ReturnDates.last("Back on 03/15 (US style)", received)).contains(LocalDate.of(2027, 3, 15));
        assertThat(ReturnDates.last("I am away with limited access to email.", received)).isEmpty();
        assertThat(ReturnDates.last("Absent depuis le 1er février.", received)).as("a past date is not a return").isEmpty();
    }

    @Test
    void theReturnDateGoesWithTheAutoReply() throws Exception {
        InboundMessage message = read(Mails.raw("ana@costa.example", "Absence du bureau", "Auto-Submitted: auto-replied\r\n",
                "Bonjour, je suis en congés jusqu'au 12 mars 2027. Je vous répondrai à mon retour."));

        Classification classification = Classification.classify(message);

        assertThat(classification.kind()).isEqualTo(Kind.AUTO_REPLY);
        assertThat(classification.returnDate()).isEqualTo(LocalDate.of(2027, 3, 12));
    }

    @Test
    void askingToStopInTheirOwnWordsIsAnUnsubscribe() throws Exception {
        for (String text : new String[] {"Merci de me désinscrire de vos envois.", "Please unsubscribe me.",
                "Je souhaite ne plus recevoir vos messages.", "STOP"}) {
            InboundMessage message = read(Mails.raw("ana@costa.example", "Re: Bonjour", "", text));
            assertThat(Classification.classify(message).kind()).as(text).isEqualTo(Kind.UNSUBSCRIBE);
        }
        InboundMessage ownSubject = read(Mails.raw("ana@costa.example", "STOP", "", "."));
        assertThat(Classification.classify(ownSubject).kind()).isEqualTo(Kind.UNSUBSCRIBE);
        InboundMessage ourSubject = read(Mails.raw("ana@costa.example", "Re: Stop losing leads", "", "Sounds interesting."));
        assertThat(Classification.classify(ourSubject).kind()).as("words of our own subject").isEqualTo(Kind.REPLY);
    }

    @Test
    void aPermanentDeliveryFailureIsABounceWithItsStatusRecipientAndOriginalMessage() throws Exception {
        InboundMessage report = read(Mails.deliveryReport("nobody@costa.example", "5.1.1", "<sent@relance.test>"));

        Classification classification = Classification.classify(report);

        assertThat(classification.kind()).as("a bounce even though it is auto-submitted").isEqualTo(Kind.BOUNCE);
        assertThat(classification.detail()).startsWith("5.1.1 smtp; 550 5.1.1");
        assertThat(report.delivery().finalRecipient()).isEqualTo("nobody@costa.example");
        assertThat(report.delivery().originalMessageId()).isEqualTo("<sent@relance.test>");
    }

    @Test
    void aTemporaryDeliveryFailureIsASoftBounce() throws Exception {
        InboundMessage report = read(Mails.deliveryReport("full@costa.example", "4.2.2", "<sent@relance.test>"));

        assertThat(Classification.classify(report).kind()).isEqualTo(Kind.SOFT_BOUNCE);
    }

    @Test
    void aFailureNoticeWithoutAReportIsNeverAReply() throws Exception {
        InboundMessage notice = read(Mails.raw("MAILER-DAEMON@mx.example", "Mail delivery failed", "", "Sorry."));

        assertThat(Classification.classify(notice).ignored()).contains("delivery failure");
    }

    @Test
    void aMessageWithoutMessageIdGetsAStableOne() throws Exception {
        String raw = Mails.raw("ana@costa.example", "Hello", "", "Hi").replaceFirst("Message-ID: [^\r]*\r\n", "");

        assertThat(read(raw).messageId()).endsWith("@no-message-id.relance>").isEqualTo(read(raw).messageId());
    }

    private static InboundMessage read(String raw) throws Exception {
        return InboundMessage.read(Mails.parse(raw), RECEIVED);
    }
}
