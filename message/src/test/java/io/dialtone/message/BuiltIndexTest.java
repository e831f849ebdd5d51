package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.dialtone.message.Messages.INVITE;
import static io.dialtone.message.Messages.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A built message is indexed while it is written, never parsed back: its index must be exactly the one
 * {@link SipParser} gives for its bytes, for every header field (name, value bounds, kind) and every
 * routing slot (RFC 3261 §7; §8.2.6 responses, §8.1.1 requests).
 */
@DisplayName("RFC 3261 §7: a built message's index equals the index of its parsed bytes")
class BuiltIndexTest {
    private static final SipUri BOB = SipUri.of("bob", "biloxi.example.com", -1);
    private static final String ANSWER = "v=0\r\no=- 1 1 IN IP4 192.0.2.4\r\ns=-\r\nc=IN IP4 192.0.2.4\r\n"
            + "t=0 0\r\nm=audio 9 RTP/AVP 0\r\na=inactive\r\n";

    /** Compares the whole index with a parse of the bytes, then the accessors read through it. */
    static void assertIndexMatchesParse(SipMessage built) {
        SipMessage parsed = SipParser.parse(built.toBytes());
        assertThat(parsed.getClass()).isEqualTo(built.getClass());
        assertThat(built.idx.length).as("index length").isEqualTo(parsed.idx.length);
        for (int i = 0; i < built.idx.length; i++) {
            if (i == MessageIndex.I_FLAGS) { // a built message is canonical by construction; the parse may say otherwise
                assertThat(built.idx[i] & MessageIndex.F_RESPONSE).as("response flag")
                        .isEqualTo(parsed.idx[i] & MessageIndex.F_RESPONSE);
                assertThat(built.idx[i] & MessageIndex.F_CANONICAL).as("canonical flag").isNotZero();
                continue;
            }
            assertThat(built.idx[i]).as("index slot %d of %s", i, built.startLine()).isEqualTo(parsed.idx[i]);
        }
        for (int h = 0; h < built.idx[MessageIndex.I_COUNT]; h++) {
            assertThat(MessageIndex.valueOf(built.raw, built.idx, h)).as("value of field %d", h)
                    .isEqualTo(parsed.headers().get(h).value());
        }
        assertThat(built.topViaBranch()).isEqualTo(parsed.topViaBranch());
        assertThat(built.fromTag()).isEqualTo(parsed.fromTag());
        assertThat(built.toTag()).isEqualTo(parsed.toTag());
        assertThat(built.callId()).isEqualTo(parsed.callId());
        assertThat(built.cseqNumber()).isEqualTo(parsed.cseqNumber());
        assertThat(built.cseqMethod()).isEqualTo(parsed.cseqMethod());
        assertThat(built.maxForwards()).isEqualTo(parsed.maxForwards());
        assertThat(built.contentLength()).isEqualTo(parsed.contentLength());
        assertThat(built.bodyText()).isEqualTo(parsed.bodyText());
        assertThat(built.startLine()).isEqualTo(parsed.startLine());
    }

    @Test
    void responsesAUasSendsForAnInvite() {
        SipRequest invite = request(INVITE);
        NameAddr contact = NameAddr.of(SipUri.of("bob", "192.0.2.4", 5060));
        List<SipResponse> responses = List.of(
                SipResponse.to(invite, 100).build(),
                SipResponse.to(invite, 180).header(HeaderNames.SERVER, "Dialtone/0.1").toTag("a6c85cf")
                        .contact(contact).build(),
                SipResponse.to(invite, 200).header(HeaderNames.SERVER, "Dialtone/0.1").toTag("a6c85cf")
                        .contact(contact).header(HeaderNames.ALLOW, "INVITE, ACK, BYE")
                        .header(HeaderNames.SUPPORTED, "timer, replaces").body("application/sdp", ANSWER).build(),
                SipResponse.to(invite, 486).toTag("x").reason("Busy Here").build());
        for (SipResponse r : responses) {
            assertIndexMatchesParse(r);
        }
        assertThat(responses.get(2).bodyText()).isEqualTo(ANSWER);
        assertThat(responses.get(2).toTag()).isEqualTo("a6c85cf");
    }

    @Test
    void responseToAByeInsideTheDialog() {
        SipRequest bye = request(Messages.minimal("Max-Forwards: 70").replace("OPTIONS", "BYE")
                .replace("To: <sip:bob@biloxi.example.com>", "To: <sip:bob@biloxi.example.com>;tag=a6c85cf"));
        SipResponse ok = SipResponse.to(bye, 200).build();
        assertIndexMatchesParse(ok);
        assertThat(ok.toTag()).isEqualTo("a6c85cf");
        assertThat(ok.cseqMethod()).isSameAs(SipMethod.BYE);
    }

    @Test
    void compactFormsMultiValueFieldsPaddingAndUtf8() {
        SipRequest r = SipRequest.builder(SipMethod.MESSAGE, BOB)
                .header("v", "SIP/2.0/UDP a.example.com;branch=z9hG4bK1;rport, SIP/2.0/TCP b.example.com:5070;branch=z9hG4bK0")
                .header("VIA", "SIP/2.0/UDP c.example.com;branch=z9hG4bKc")
                .header("f", "\"Al \\\"the\\\" ice\" <sip:alice@atlanta.example.com>;tag=f1")
                .header("t", "sip:bob@biloxi.example.com")
                .header("i", "cid-1@atlanta")
                .header("cseq", "7 MESSAGE")
                .header("Max-Forwards", "69")
                .header("Route", "<sip:p1.example.com;lr>, <sip:p2.example.com;lr>")
                .header("Route", "<sip:p3.example.com;lr>")
                .header("X-Padded", "  spaced value\t")
                .header("Subject", "")
                .header("Subject", "café ☎ on a call")
                .header("k", "timer, 100rel")
                .header(new String("Contact"), "<sip:alice@192.0.2.1>") // equal to the constant, not it: the byte lookup
                .header(new String("Route"), "<sip:p4.example.com;lr>")
                .body("text/plain;charset=utf-8", "héllo ☎")
                .build();
        assertIndexMatchesParse(r);
        assertThat(r.vias()).hasSize(3);
        assertThat(r.topViaBranch()).isEqualTo("z9hG4bK1");
        assertThat(r.routes()).hasSize(4);
        assertThat(r.contacts()).hasSize(1);
        assertThat(r.headerValues("Subject")).containsExactly("", "café ☎ on a call");
        assertThat(r.bodyLength()).isEqualTo("héllo ☎".getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void valuesTheByteGrammarLeavesToTheRecordParsers() {
        // IPv6 sent-by, quoted Via parameter, addr-spec From with a tag and a To tag, CSeq with extra LWS
        SipRequest r = SipRequest.builder(SipMethod.OPTIONS, BOB)
                .header("Via", "SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bKv6;x=\"a b\"")
                .header("From", "sip:alice@atlanta.example.com;tag=f2")
                .header("To", "Bob <sip:bob@biloxi.example.com>;tag=t9")
                .header("Call-ID", "c2")
                .header("CSeq", "8    OPTIONS")
                .header("Max-Forwards", "70")
                .build();
        assertIndexMatchesParse(r);
        assertThat(r.fromTag()).isEqualTo("f2");
        assertThat(r.toTag()).isEqualTo("t9");
        assertIndexMatchesParse(SipResponse.to(r, 200).reason("Ökay").build());
    }

    @Test
    void toBuilderRebuildsTheSameBytes() {
        SipRequest invite = request(INVITE);
        SipRequest again = invite.toBuilder().build();
        assertIndexMatchesParse(again);
        assertThat(new String(again.toBytes(), StandardCharsets.UTF_8)).isEqualTo(INVITE);
    }

    @Test
    void aMissingOrMalformedRoutingHeaderStillFailsTheBuildWithoutAnOffset() {
        SipRequest invite = request(INVITE);
        assertThatThrownBy(() -> SipResponse.to(invite, 200).remove(HeaderNames.CALL_ID).build())
                .isInstanceOfSatisfying(SipParseException.class, e -> {
                    assertThat(e.offset()).isEqualTo(-1);
                    assertThat(e.header()).isEqualTo(HeaderNames.CALL_ID);
                });
        assertThatThrownBy(() -> SipResponse.to(invite, 200).set(HeaderNames.FROM, "<sip:alice@atlanta.example.com").build())
                .isInstanceOfSatisfying(SipParseException.class, e -> {
                    assertThat(e.offset()).isEqualTo(-1);
                    assertThat(e.header()).isEqualTo(HeaderNames.FROM);
                });
        assertThatThrownBy(() -> invite.toBuilder().cseq(1, SipMethod.BYE).build()) // §8.1.1.5
                .isInstanceOfSatisfying(SipParseException.class, e -> {
                    assertThat(e.offset()).isEqualTo(-1);
                    assertThat(e.header()).isEqualTo(HeaderNames.CSEQ);
                });
        assertThatThrownBy(() -> SipResponse.to(invite, 200).header("X-Bad", "a\u0001b".translateEscapes()).build())
                .isInstanceOf(IllegalArgumentException.class); // HeaderField refuses controls: no line can be injected
    }
}
