package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Supplier;

import static io.dialtone.message.Messages.bytes;
import static io.dialtone.message.Messages.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The bug classes of published SIP-stack advisories (crashes, overflows and smuggling in parsers):
 * each input is either parsed to exactly what it says or refused with a typed {@link SipParseException}
 * carrying the status a UAS answers — never another exception, never an allocation of a claimed size.
 */
@DisplayName("Advisory bug classes: typed rejection of hostile input")
class AdvisoryTest {

    /** Runs {@code parse}, asserts it fails with a SipParseException (only), and returns it. */
    static SipParseException typed(Supplier<?> parse) {
        Throwable t = catchThrowable(parse::get);
        assertThat(t).as("rejected").isInstanceOf(SipParseException.class);
        SipParseException e = (SipParseException) t;
        assertThat(e.status()).isIn(400, 416, 505, 513);
        assertThat(e.reasonPhrase()).isNotBlank().doesNotContain("\r", "\n", "\0");
        return e;
    }

    static SipParseException message(String s) {
        byte[] b = bytes(s);
        SipParseException e = typed(() -> SipParser.parse(b));
        assertThat(e.offset()).isBetween(0, b.length);
        return e;
    }

    static String withVia(String via) {
        return Messages.MINIMAL.formatted("Max-Forwards: 70")
                .replace("Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds", via);
    }

    @Nested
    @DisplayName("Via sent-by host")
    class ViaHost {
        @ParameterizedTest(name = "Via: SIP/2.0/UDP {0}")
        @ValueSource(strings = {":]", "[:]", "]", "[", "[]", "[::1]:]", "[::1]]", "[::1", "::1", "[::1]x", "h:]", "h:", ":5060",
                "[fe80::1%eth0]", "[1:2:3:4:5:6:7:8:9]", "[::1.2.3.4.5]", "h_h", "-h", "h-.example", "a..b", "1.2.3.256", "example.123"})
        void malformedSentByIs400Via(String host) {
            SipParseException e = message(withVia("Via: SIP/2.0/UDP " + host + ";branch=z9hG4bK1"));
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.header()).isEqualTo("Via");
            typed(() -> Via.parse("SIP/2.0/UDP " + host));
        }

        @ParameterizedTest(name = "received={0}")
        @ValueSource(strings = {":]", "[", "host.example.com", "1.2.3", "256.1.1.1", "[::1"})
        void malformedReceivedIs400Via(String received) {
            assertThat(typed(() -> Via.parse("SIP/2.0/UDP h;received=" + received)).header()).isEqualTo("Via");
        }
    }

    @Nested
    @DisplayName("over-long branch and tag")
    class Lengths {
        @Test
        void branchWithinTheLineLimitIsKeptExactly() {
            String branch = "z9hG4bK" + "a".repeat(8000);
            SipMessage m = Messages.parse(withVia("Via: SIP/2.0/UDP h.example.com;branch=" + branch));
            assertThat(m.topVia().branch()).isEqualTo(branch);
        }

        @Test
        void branchBeyondTheLineLimitIs400() {
            SipParseException e = message(withVia("Via: SIP/2.0/UDP h.example.com;branch=z9hG4bK" + "a".repeat(9000)));
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains("line");
        }

        @Test
        void tagBeyondTheLineLimitIs400AndWithinIsKept() {
            String tag = "t".repeat(8000);
            String ok = Messages.MINIMAL.replace(";tag=1928301774", ";tag=" + tag).formatted("Max-Forwards: 70");
            assertThat(Messages.parse(ok).from().tag()).isEqualTo(tag);
            String bad = Messages.MINIMAL.replace(";tag=1928301774", ";tag=" + "t".repeat(9000)).formatted("Max-Forwards: 70");
            assertThat(message(bad).status()).isEqualTo(400);
        }
    }

    @Nested
    @DisplayName("duplicate singleton headers")
    class Duplicates {
        @Test
        void twoToAre400() {
            SipParseException e = message(minimal("To: <sip:carol@example.com>"));
            assertThat(e.header()).isEqualTo("To");
        }

        @Test
        void twoFromAre400() {
            assertThat(message(minimal("From: <sip:mallory@example.com>;tag=9")).header()).isEqualTo("From");
        }

        @Test
        void twoDisagreeingContentLengthsAre400() {
            String s = minimal("Content-Length: 4\r\nContent-Length: 2") + "abcd";
            assertThat(message(s).header()).isEqualTo("Content-Length");
        }

        @Test
        void twoCallIdsAndTwoCSeqsAre400() {
            assertThat(message(minimal("Call-ID: other")).header()).isEqualTo("Call-ID");
            assertThat(message(minimal("CSeq: 1 OPTIONS")).header()).isEqualTo("CSeq");
        }
    }

    @Nested
    @DisplayName("Content-Length against the body")
    class ContentLength {
        @Test
        void largerThanTheBodyIs400() {
            assertThat(message(minimal("Content-Length: 10") + "abc").header()).isEqualTo("Content-Length");
        }

        @Test
        void smallerThanTheBodyTruncatesTheDatagram() { // §18.3
            assertThat(Messages.parse(minimal("Content-Length: 2") + "abcdef").body()).containsExactly('a', 'b');
        }

        @ParameterizedTest(name = "Content-Length: {0}")
        @ValueSource(strings = {"4294967295", "2147483648", "99999999999", "18446744073709551617"})
        void hugeClaimsAre400WithoutAllocating(String cl) {
            long before = Runtime.getRuntime().totalMemory();
            assertThat(message(minimal("Content-Length: " + cl) + "abc").status()).isEqualTo(400);
            assertThat(Runtime.getRuntime().totalMemory() - before).isLessThan(64L << 20);
        }
    }

    @Nested
    @DisplayName("negative and non-numeric numbers")
    class Numbers {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"Content-Length: -1", "Content-Length: abc", "Content-Length: 1e3", "Content-Length: 0x10",
                "Content-Length: +5", "Content-Length: 1 2", "Max-Forwards: -1", "Max-Forwards: ten", "Max-Forwards: 7O"})
        void inHeadersAre400(String line) {
            SipParseException e = message(minimal(line));
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.header()).isEqualTo(line.substring(0, line.indexOf(':')));
        }

        @ParameterizedTest(name = "CSeq: {0}")
        @ValueSource(strings = {"-1 OPTIONS", "x OPTIONS", "2147483648 OPTIONS", "99999999999 OPTIONS", "1.5 OPTIONS"})
        void cseqIs400(String value) {
            assertThat(typed(() -> CSeq.parse(value)).header()).isEqualTo("CSeq");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"sip:h:-1", "sip:h:+5", "sip:h:99999", "sip:h:0x50", "sip:h:5060a", "sip:h:"})
        void portsAre400(String uri) {
            assertThat(typed(() -> SipUri.parse(uri)).status()).isEqualTo(400);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"SIP/2.0/UDP h:-1", "SIP/2.0/UDP h:abc", "SIP/2.0/UDP h;rport=-1", "SIP/2.0/UDP h;rport=x"})
        void viaNumbersAre400(String via) {
            assertThat(typed(() -> Via.parse(via)).header()).isEqualTo("Via");
        }

        @ParameterizedTest(name = "Session-Expires: {0}")
        @ValueSource(strings = {"-5", "abc", "0", "99999999999", "1800;refresher=x"})
        void sessionExpiresIs400(String value) {
            assertThat(typed(() -> SessionExpires.parse(value)).header()).isEqualTo("Session-Expires");
        }
    }

    @Nested
    @DisplayName("% at the end of a URI and broken escapes")
    class Escapes {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"sip:bob%@h", "sip:bob%4@h", "sip:bob%zz@h", "sip:bob@h;x=%", "sip:bob@h;x=%4", "sip:bob@h;%=1",
                "sip:bob@h?x=%", "sip:bob@h?x=%g1", "sip:bob:pw%@h", "sip:h%", "tel:+1;isub=%", "urn:x%", "urn:x%4"})
        void areRejected(String uri) {
            assertThat(typed(() -> Uri.parse(uri)).status()).isEqualTo(400);
            assertThat(typed(() -> NameAddr.parse("<" + uri + ">", "To")).header()).isEqualTo("To");
        }

        @Test
        void inTheRequestUriIs400() {
            String s = minimal("").replace("OPTIONS sip:bob@biloxi.example.com SIP/2.0", "OPTIONS sip:bob%@biloxi.example.com SIP/2.0");
            SipParseException e = message(s);
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.header()).isNull();
        }
    }

    @Nested
    @DisplayName("NUL and control bytes")
    class Controls {
        @ParameterizedTest(name = "0x{0}")
        @ValueSource(ints = {0x00, 0x01, 0x07, 0x08, 0x0B, 0x0C, 0x1B, 0x7F})
        void inHeaderValuesAre400(int c) {
            String s = minimal("Subject: a" + (char) c + "b");
            assertThat(message(s).status()).isEqualTo(400);
        }

        @ParameterizedTest(name = "0x{0}")
        @ValueSource(ints = {0x00, 0x01, 0x0D, 0x0A, 0x7F})
        void inTheRequestUriAre400(int c) {
            String s = minimal("").replace("sip:bob@biloxi", "sip:bo" + (char) c + "b@biloxi");
            assertThat(message(s).status()).isEqualTo(400);
        }

        @ParameterizedTest(name = "0x{0}")
        @ValueSource(ints = {0x00, 0x01, 0x09, 0x7F, 0x20})
        void inUrisAndNameAddrsAre400(int c) {
            typed(() -> SipUri.parse("sip:bo" + (char) c + "b@h"));
            typed(() -> NameAddr.parse("<sip:bob@h" + (char) c + ">", "Contact"));
            typed(() -> Uri.parse("urn:a" + (char) c));
        }

        @Test
        void nulInAHeaderNameIs400() {
            assertThat(message(minimal("X-A\0B: 1")).status()).isEqualTo(400);
        }

        @Test
        void nulInTheBodyIsData() {
            assertThat(Messages.parse(minimal("Content-Length: 3") + "a\0b").body()).containsExactly('a', 0, 'b');
        }
    }

    @Nested
    @DisplayName("65 KB headers")
    class Huge {
        @Test
        void a65KbHeaderHitsTheMessageLimit() {
            SipParseException e = message(minimal("X-Big: " + "x".repeat(65 * 1024)));
            assertThat(e.status()).isIn(400, 513);
            assertThat(e.getMessage()).containsAnyOf("larger than", "longer than");
        }

        @Test
        void a9KbHeaderHitsTheLineLimit() {
            SipParseException e = message(minimal("X-Big: " + "x".repeat(9 * 1024)));
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains("longer than");
        }

        @Test
        void manySmallFoldedLinesHitTheLineLimit() {
            SipParseException e = message(minimal("Subject: a" + "\r\n b".repeat(5000)));
            assertThat(e.status()).isEqualTo(400);
        }

        @Test
        void aHugeUriValueIsTypedToo() {
            typed(() -> NameAddr.parse("<sip:" + "a".repeat(70_000) + "@h%>", "To"));
            assertThat(SipUri.parse("sip:" + "a".repeat(70_000) + "@h").userName()).hasSize(70_000);
        }
    }
}
