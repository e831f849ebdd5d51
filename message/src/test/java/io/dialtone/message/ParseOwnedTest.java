package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("SipParser.parseOwned: the same message as parse, over the caller's array")
class ParseOwnedTest {
    private static final String OPTIONS = """
            OPTIONS sip:bob@example.com SIP/2.0\r
            Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKo1\r
            Max-Forwards: 70\r
            From: <sip:alice@example.com>;tag=a1\r
            To: <sip:bob@example.com>\r
            Call-ID: o1@192.0.2.1\r
            CSeq: 1 OPTIONS\r
            Content-Length: 0\r
            \r
            """;

    @Test
    void parsesTheSameFieldsAsParseAndKeepsTheArrayAsItsWireForm() {
        byte[] owned = OPTIONS.getBytes(StandardCharsets.US_ASCII);
        SipRequest copied = (SipRequest) SipParser.parse(owned.clone());

        SipRequest r = (SipRequest) SipParser.parseOwned(owned, SipParserLimits.DEFAULT);

        assertThat(r.method()).isEqualTo("OPTIONS");
        assertThat(r.headers()).isEqualTo(copied.headers());
        assertThat(r.fromTag()).isEqualTo("a1");
        assertThat(r.raw).isSameAs(owned);                        // no copy
    }

    @Test
    void leadingCrlfsAreSkippedByACopyAndOffsetsInErrorsCountThem() {
        byte[] withCrlf = ("\r\n" + OPTIONS).getBytes(StandardCharsets.US_ASCII);
        SipRequest r = (SipRequest) SipParser.parseOwned(withCrlf, SipParserLimits.DEFAULT);
        assertThat(r.callId()).isEqualTo("o1@192.0.2.1");
        assertThat(r.raw).isNotSameAs(withCrlf);

        byte[] bad = ("\r\n" + OPTIONS.replace("CSeq: 1 OPTIONS", "CSeq: x OPTIONS")).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> SipParser.parseOwned(bad, SipParserLimits.DEFAULT))
                .isInstanceOfSatisfying(SipParseException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void aMessageOverTheLimitIsRefusedAs513() {
        byte[] owned = OPTIONS.replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nSubject: " + "x".repeat(300) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        SipParserLimits small = new SipParserLimits(256, 256, 8192);
        assertThatThrownBy(() -> SipParser.parseOwned(owned, small))
                .isInstanceOfSatisfying(SipParseException.class, e -> assertThat(e.status()).isEqualTo(513));
    }
}
