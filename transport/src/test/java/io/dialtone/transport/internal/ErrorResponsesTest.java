package io.dialtone.transport.internal;

import io.dialtone.message.SipParseException;
import io.dialtone.message.SipParser;
import io.dialtone.message.SipResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@DisplayName("RFC 3261 §21.4.1: answering unparsable requests")
class ErrorResponsesTest {
    static final String HEAD = "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1\r\n"
            + "f: <sip:alice@a>;tag=a\r\nTo: <sip:bob@b>\r\nCall-ID: c9\r\nCSeq: 1 OPTIONS\r\n";

    static SipResponse answer(String raw) {
        byte[] b = raw.getBytes(StandardCharsets.UTF_8);
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> SipParser.parse(b));
        assertThat(e).as("parse must fail").isNotNull();
        return ErrorResponses.forUnparsable(b, 0, b.length, e);
    }

    @Test
    void badHeaderGets400NamingItWithCopiedHeadersAndToTag() {
        SipResponse r = answer("OPTIONS sip:bob@b SIP/2.0\r\n" + HEAD + "Max-Forwards: lots\r\n\r\n");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.reasonPhrase()).contains("Max-Forwards");
        assertThat(r.callId()).isEqualTo("c9");
        assertThat(r.topVia().branch()).isEqualTo("z9hG4bK1");
        assertThat(r.to().tag()).isNotNull();
    }

    @Test
    void wrongVersionGets505() {
        assertThat(answer("OPTIONS sip:bob@b SIP/3.0\r\n" + HEAD + "\r\n").statusCode()).isEqualTo(505);
    }

    @Test
    void ackIsNeverAnswered() {
        assertThat(answer("ACK sip:bob@b SIP/2.0\r\n" + HEAD.replace("1 OPTIONS", "1 ACK") + "Max-Forwards: x\r\n\r\n"))
                .isNull();
    }

    @Test
    void malformedResponseIsDropped() {
        assertThat(answer("SIP/2.0 2000 OK\r\n" + HEAD + "\r\n")).isNull();
    }

    @Test
    void garbageIsDropped() {
        assertThat(answer("\u0001\u0002 hello\r\n\r\n")).isNull();
    }

    @Test
    void malformedCopiedHeaderHasNoWellFormedResponse() {
        assertThat(answer("OPTIONS sip:bob@b SIP/2.0\r\n" + HEAD.replace("1 OPTIONS", "x OPTIONS") + "\r\n")).isNull();
    }

    static String answerBytes(String raw) {
        byte[] b = raw.getBytes(StandardCharsets.UTF_8);
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> SipParser.parse(b));
        byte[] out = ErrorResponses.answerBytes(b, 0, b.length, e);
        return out == null ? null : new String(out, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("§8.2.6.2: a malformed CSeq is copied as written into a 400 naming CSeq")
    void malformedCopiedHeaderIsAnsweredWithRawCopies() {
        String r = answerBytes("OPTIONS sip:bob@b SIP/2.0\r\n" + HEAD.replace("1 OPTIONS", "abc OPTIONS")
                + "Content-Length: 0\r\n\r\n");
        assertThat(r).startsWith("SIP/2.0 400 Bad CSeq");
        assertThat(r).contains("\r\nCSeq: abc OPTIONS\r\n", "\r\nCall-ID: c9\r\n",
                "\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1\r\n", "\r\nContent-Length: 0\r\n\r\n");
        assertThat(r).containsPattern("\r\nTo: <sip:bob@b>;tag=[0-9a-f]+\r\n");
    }

    @Test
    void rawAnswerNeverEchoesAnAck() {
        assertThat(answerBytes("ACK sip:bob@b SIP/2.0\r\n" + HEAD.replace("1 OPTIONS", "abc ACK") + "\r\n")).isNull();
    }

    @Test
    void wellFormedCopiesStillGiveAParsedResponse() {
        String r = answerBytes("OPTIONS sip:bob@b SIP/2.0\r\n" + HEAD + "Max-Forwards: lots\r\n\r\n");
        assertThat(SipParser.parse(r.getBytes(StandardCharsets.UTF_8))).isInstanceOf(SipResponse.class);
    }
}
