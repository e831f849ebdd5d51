package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Random;

import static io.dialtone.message.Messages.INVITE;
import static io.dialtone.message.Messages.bytes;
import static io.dialtone.message.Messages.minimal;
import static io.dialtone.message.Messages.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The byte index and its lazily built values (RFC 3261 §7, §20): what the parser validated while
 * framing must build into records later without error, and the allocation-free accessors
 * ({@link SipMessage#topViaBranch()}, {@link SipMessage#fromTag()}, ...) must agree with the records.
 */
@DisplayName("RFC 3261 §7: lazily built values agree with the validated bytes")
class SipParserIndexTest {

    /** Every value validated at parse time builds, and the fast accessors equal the record accessors. */
    static void assertConsistent(SipMessage m) {
        assertThat(m.topViaBranch()).isEqualTo(m.topVia().branch());
        assertThat(m.fromTag()).isEqualTo(m.from().tag());
        assertThat(m.toTag()).isEqualTo(m.to().tag());
        assertThat(m.cseqNumber()).isEqualTo(m.cseq().number());
        assertThat(m.cseqMethod()).isEqualTo(m.cseq().method());
        assertThat(m.callId()).isNotEmpty();
        assertThat(m.bodyLength()).isEqualTo(m.body().length);
        if (m instanceof SipRequest r) {
            assertThat(r.requestUri()).isNotNull();
        }
        if (m instanceof SipResponse r) {
            assertThat(r.reasonPhrase()).isNotNull();
        }
        SipMessage again = SipParser.parse(m.toBytes());
        assertThat(again.headers()).isEqualTo(m.headers());
        assertThat(again.vias()).isEqualTo(m.vias());
    }

    @Test
    void samplesAreConsistent() {
        assertConsistent(parse(INVITE));
        assertConsistent(parse(minimal("")));
        assertConsistent(parse(minimal("").replace("To: <sip:bob@biloxi.example.com>", "To: Bob <sip:bob@b.example.com>;tag=x;tag=y")));
        assertConsistent(parse(minimal("").replace("From: <sip:alice@atlanta.example.com>;tag=1928301774",
                "From: sip:alice@atlanta.example.com;tag=1928301774")));
        assertConsistent(parse(minimal("").replace("branch=z9hG4bK776asdhds", "BRANCH=x;branch=y")));
        assertConsistent(parse(minimal("").replace(";branch=z9hG4bK776asdhds", "")));
    }

    @Test
    void accessorsReadTheBytes() {
        SipMessage m = parse(INVITE);
        assertThat(m.topViaBranch()).isEqualTo("z9hG4bK74bf9");
        assertThat(m.fromTag()).isEqualTo("9fxced76sl");
        assertThat(m.toTag()).isNull();
        assertThat(m.cseqNumber()).isEqualTo(1);
        assertThat(m.cseqMethod()).isSameAs(SipMethod.INVITE);
        assertThat(m.contentLength()).isEqualTo(m.body().length);
        assertThat(parse(minimal("")).contentLength()).isEqualTo(-1);
    }

    @Test
    @DisplayName("an unmodified parsed message serializes to the very bytes it was parsed from")
    void canonicalBytesAreReturnedAsReceived() {
        byte[] in = bytes(INVITE);
        SipMessage m = SipParser.parse(in);
        assertThat(m.toBytes()).isEqualTo(in);
        assertThat(new String(parse(minimal("Subject:  x")).toBytes(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\r\nSubject: x\r\n");
    }

    @Test
    void mutantsThatParseAreConsistent() {
        Random random = new Random(42);
        String[] seeds = {INVITE, minimal("Record-Route: <sip:rr.example.com;lr>\r\nl: 0"),
                SipResponse.to(Messages.request(INVITE), 180).toTag("x").build().toString()};
        for (int n = 0; n < 20_000; n++) {
            byte[] in = bytes(seeds[n % seeds.length]);
            for (int k = 0; k < 1 + random.nextInt(3); k++) {
                int i = random.nextInt(in.length);
                in[i] = (byte) ":;,<>\"\\[]@= \t0aZ%/".length() > 0 ? (byte) ":;,<>\"\\[]@= \t0aZ%/".charAt(random.nextInt(18)) : 0;
            }
            SipMessage m;
            try {
                m = SipParser.parse(in);
            } catch (SipParseException e) {
                continue;
            }
            try {
                assertConsistent(m);
            } catch (RuntimeException | AssertionError e) {
                fail("case " + n + ": " + e + " for " + Base64.getEncoder().encodeToString(in), e);
            }
        }
    }
}
