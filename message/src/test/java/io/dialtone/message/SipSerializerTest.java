package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.dialtone.message.Messages.INVITE;
import static io.dialtone.message.Messages.SDP;
import static io.dialtone.message.Messages.minimal;
import static io.dialtone.message.Messages.parse;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3261 §7: serialization round trips")
class SipSerializerTest {

    static SipRequest builtInvite() {
        SipUri bob = SipUri.of("bob", "biloxi.example.com", -1);
        return SipRequest.builder(SipMethod.INVITE, bob)
                .addVia(Via.of("udp", "[2001:db8::1]", 5062, "z9hG4bKabc"))
                .maxForwards(70)
                .from(NameAddr.of("Alice \"Al\" Liddell", SipUri.of("alice", "atlanta.example.com", -1)).withTag("t1"))
                .to(NameAddr.of(bob))
                .callId("cid@atlanta")
                .cseq(4711, SipMethod.INVITE)
                .contact(NameAddr.of(SipUri.of("alice", "192.0.2.1", 5062).withParam("transport", "udp")))
                .routes(List.of(NameAddr.of(SipUri.of(null, "p1.example.com", -1).withParam("lr", null))))
                .header(HeaderNames.ALLOW, "INVITE, ACK, BYE")
                .header(HeaderNames.SUPPORTED, "timer")
                .sessionExpires(SessionExpires.of(1800, "uac"))
                .header(HeaderNames.MIN_SE, "90")
                .body("application/sdp", SDP)
                .build();
    }

    @Test
    void builtRequestParsesBackToEqualFields() {
        SipRequest m = builtInvite();
        SipRequest p = (SipRequest) SipParser.parse(m.toBytes());
        assertThat(p.method()).isEqualTo(m.method());
        assertThat(p.requestUri()).isEqualTo(m.requestUri());
        assertThat(p.vias()).isEqualTo(m.vias());
        assertThat(p.from()).isEqualTo(m.from());
        assertThat(p.to()).isEqualTo(m.to());
        assertThat(p.callId()).isEqualTo(m.callId());
        assertThat(p.cseq()).isEqualTo(m.cseq());
        assertThat(p.maxForwards()).isEqualTo(70);
        assertThat(p.contacts()).isEqualTo(m.contacts());
        assertThat(p.routes()).isEqualTo(m.routes());
        assertThat(p.sessionExpires()).isEqualTo(m.sessionExpires());
        assertThat(p.minSE()).hasValue(90);
        assertThat(p.contentType()).hasValue("application/sdp");
        assertThat(p.header(HeaderNames.CONTENT_LENGTH)).hasValue(Integer.toString(SDP.length()));
        assertThat(p.headers()).isEqualTo(m.headers());
        assertThat(p.body()).isEqualTo(m.body());
        assertThat(p.from().displayText()).isEqualTo("Alice \"Al\" Liddell");
        assertThat(p.topVia().host()).isEqualTo("[2001:db8::1]");
    }

    @Test
    void builtResponseParsesBackToEqualFields() {
        SipResponse r = SipResponse.to(builtInvite(), 200).toTag("b1").body("application/sdp", SDP).build();
        SipResponse p = (SipResponse) SipParser.parse(r.toBytes());
        assertThat(p.statusCode()).isEqualTo(200);
        assertThat(p.reasonPhrase()).isEqualTo("OK");
        assertThat(p.headers()).isEqualTo(r.headers());
        assertThat(p.to().tag()).isEqualTo("b1");
        assertThat(p.bodyText()).isEqualTo(SDP);
    }

    @Test
    void parsedMessageSerializesToItsOwnBytes() {
        SipMessage m = parse(INVITE);
        assertThat(new String(m.toBytes(), StandardCharsets.UTF_8)).isEqualTo(INVITE);
        assertThat(m.toString()).isEqualTo(INVITE);
    }

    @Test
    @DisplayName("unknown headers survive with name and value unchanged")
    void unknownHeadersSurvive() {
        SipMessage m = parse(minimal("X-Custom:  weird;;value,,\r\nP-Foo: a=b; c, <d>\r\nx-lower-CASE: \"q,;\" "));
        SipMessage again = SipParser.parse(m.toBytes());
        assertThat(again.headers()).isEqualTo(m.headers());
        assertThat(again.headers()).contains(new HeaderField("X-Custom", "weird;;value,,"),
                new HeaderField("P-Foo", "a=b; c, <d>"), new HeaderField("x-lower-CASE", "\"q,;\""));
        assertThat(again.header("x-custom")).hasValue("weird;;value,,");
    }

    @Test
    void compactNamesAndFoldedValuesAreKept() {
        SipMessage m = parse(minimal("k: timer\r\nSubject: a\r\n b"));
        String wire = new String(m.toBytes(), StandardCharsets.UTF_8);
        assertThat(wire).contains("\r\nk: timer\r\n", "\r\nSubject: a b\r\n");
    }

    @Test
    void extraDatagramBytesAreNotReserialized() {
        SipMessage m = parse(INVITE + "trailing junk");
        assertThat(new String(m.toBytes(), StandardCharsets.UTF_8)).isEqualTo(INVITE);
    }

    @Test
    @DisplayName("toBytes() serializes once and returns the same array")
    void toBytesIsCached() {
        SipRequest m = builtInvite();
        byte[] first = m.toBytes();
        assertThat(m.toBytes()).isSameAs(first);
        SipMessage parsed = parse(INVITE);
        assertThat(parsed.toBytes()).isSameAs(parsed.toBytes());
    }

    @Test
    void writesStartLineHeadersEmptyLineAndBody() {
        SipResponse r = SipResponse.builder(486, "Busy Here")
                .header("Via", "SIP/2.0/UDP h.example.com;branch=z9hG4bK1")
                .header("From", "<sip:a@a.example.com>;tag=1").header("To", "<sip:b@b.example.com>;tag=2")
                .callId("c").cseq(1, "INVITE").build();
        assertThat(r.toString()).isEqualTo("""
                SIP/2.0 486 Busy Here\r
                Via: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\r
                From: <sip:a@a.example.com>;tag=1\r
                To: <sip:b@b.example.com>;tag=2\r
                Call-ID: c\r
                CSeq: 1 INVITE\r
                Content-Length: 0\r
                \r
                """);
    }
}
