package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static io.dialtone.message.Messages.INVITE;
import static io.dialtone.message.Messages.MINIMAL;
import static io.dialtone.message.Messages.bytes;
import static io.dialtone.message.Messages.failure;
import static io.dialtone.message.Messages.minimal;
import static io.dialtone.message.Messages.offsetOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

@DisplayName("RFC 3261 §21.4.1, §21.5.14, §21.5.6, §8.2.2: malformed messages")
class SipParserErrorTest {

    private static void assertFault(SipParseException e, int offset, String header, int status) {
        assertThat(e.offset()).as("offset of '%s'", e.getMessage()).isEqualTo(offset);
        assertThat(e.header()).as("header of '%s'", e.getMessage()).isEqualTo(header);
        assertThat(e.status()).as("status of '%s'", e.getMessage()).isEqualTo(status);
        assertThat(e.reasonPhrase()).doesNotContain("\r", "\n");
        if (header != null) {
            assertThat(e.reasonPhrase()).startsWith("Bad " + header + ": ");
        }
    }

    @Nested
    @DisplayName("§8.1.1 mandatory headers")
    class MandatoryHeaders {
        @ParameterizedTest(name = "missing {0}")
        @CsvSource({
                "Via,     'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n'",
                "From,    'From: <sip:alice@atlanta.example.com>;tag=1928301774\r\n'",
                "To,      'To: <sip:bob@biloxi.example.com>\r\n'",
                "Call-ID, 'Call-ID: a84b4c76e66710\r\n'",
                "CSeq,    'CSeq: 63104 OPTIONS\r\n'",
        })
        void missingHeaderIsReportedAtTheEndOfTheHeaderSection(String header, String line) {
            String msg = minimal("").replace(line.replace("\\r\\n", "\r\n"), "");
            SipParseException e = failure(msg);
            assertFault(e, msg.indexOf("\r\n\r\n") + 2, header, 400);
            assertThat(e.getMessage()).contains("missing");
        }

        @Test
        void twoToHeadersAreReportedAtTheSecond() {
            String msg = minimal("To: <sip:carol@c.example.com>");
            assertFault(failure(msg), offsetOf(msg, "To: <sip:carol"), "To", 400);
        }

        @Test
        void toAndCompactToCount() {
            String msg = minimal("t: <sip:carol@c.example.com>");
            assertFault(failure(msg), offsetOf(msg, "t: <sip:carol"), "To", 400);
        }

        @ParameterizedTest
        @ValueSource(strings = {"From: <sip:x@y.example.com>", "Call-ID: other", "CSeq: 2 OPTIONS", "Max-Forwards: 69"})
        void duplicatedSingletonHeaderIsRejected(String extra) {
            String msg = minimal("Max-Forwards: 70\r\n" + extra);
            SipParseException e = failure(msg);
            assertThat(e.offset()).isEqualTo(offsetOf(msg, extra));
            assertThat(e.status()).isEqualTo(400);
        }

        @Test
        void conflictingContentLengthsAreRejected() {
            String msg = minimal("Content-Length: 0\r\nl: 1");
            assertFault(failure(msg + "x"), offsetOf(msg, "l: 1"), "Content-Length", 400);
        }

        @Test
        void repeatedEqualContentLengthIsTolerated() {
            assertThatCode(() -> Messages.parse(minimal("Content-Length: 1\r\nl: 01") + "x")).doesNotThrowAnyException();
        }
    }

    @Nested
    @DisplayName("§20.14 Content-Length, §20.16 CSeq, §20.22 Max-Forwards values")
    class NumericValues {
        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource({
                "Content-Length, -1",
                "Content-Length, abc",
                "Content-Length, 1 2",
                "Content-Length, 99999999999",
                "Content-Length, ''",
                "Max-Forwards,   -1",
                "Max-Forwards,   seventy",
                "Max-Forwards,   0x10",
        })
        void rejectsBadNumber(String header, String value) {
            String msg = minimal(header + ": " + value);
            assertFault(failure(msg), offsetOf(msg, header + ":"), header, 400);
        }

        @ParameterizedTest(name = "CSeq: {0}")
        @ValueSource(strings = {"-1 OPTIONS", "one OPTIONS", "63104", "63104OPTIONS", "2147483648 OPTIONS",
                "99999999999 OPTIONS", "1 OPT/IONS", ""})
        void rejectsBadCSeq(String value) {
            String msg = minimal("").replace("CSeq: 63104 OPTIONS", "CSeq: " + value);
            assertFault(failure(msg), offsetOf(msg, "CSeq:"), "CSeq", 400);
        }

        @Test
        void contentLengthLargerThanReceivedIsRejected() {
            String msg = INVITE.substring(0, INVITE.length() - 10);
            assertFault(failure(msg), offsetOf(msg, "Content-Length:"), "Content-Length", 400);
        }
    }

    @Nested
    @DisplayName("§7.1 start line")
    class StartLine {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"SIP/3.0", "SIP/2.1", "HTTP/1.1", "SIP/2.0/UDP"})
        void unsupportedVersionIs505(String version) {
            String msg = minimal("").replace(" SIP/2.0\r\n", " " + version + "\r\n");
            assertFault(failure(msg), 0, null, 505);
        }

        @Test
        void unsupportedVersionInStatusLineIs505() {
            String msg = minimal("").replace("OPTIONS sip:bob@biloxi.example.com SIP/2.0", "SIP/3.0 200 OK");
            assertFault(failure(msg), 0, null, 505);
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {
                "INVITE  sip:bob@biloxi.example.com SIP/2.0",
                "INVITE sip:bob@biloxi.example.com  SIP/2.0",
                "INVITE sip:bob@biloxi.example.com SIP/2.0 ",
                " INVITE sip:bob@biloxi.example.com SIP/2.0",
                "INVITE sip:bob@biloxi.example.com",
                "INVITE",
        })
        void malformedRequestLineIs400(String line) {
            String msg = minimal("").replace("OPTIONS sip:bob@biloxi.example.com SIP/2.0", line);
            assertFault(failure(msg), 0, null, 400);
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"INV:ITE", "INV\"ITE", "INV(ITE", "INVITÉ"})
        void invalidMethodTokenIs400(String method) {
            String msg = minimal("").replace("OPTIONS sip:", method + " sip:");
            SipParseException e = failure(msg);
            assertFault(e, 0, null, 400);
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"SIP/2.0 20 OK", "SIP/2.0 2000 OK", "SIP/2.0 abc OK", "SIP/2.0 099 Low",
                "SIP/2.0 700 High", "SIP/2.0"})
        void malformedStatusLineIs400(String line) {
            String msg = minimal("").replace("OPTIONS sip:bob@biloxi.example.com SIP/2.0", line);
            SipParseException e = failure(msg);
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.header()).isNull();
            assertThat(e.offset()).isBetween(0, line.length());
        }

        @Test
        @DisplayName("§8.2.2.1: a non-SIP Request-URI scheme is 416")
        void telRequestUriIs416() {
            String msg = minimal("").replace("OPTIONS sip:bob@biloxi.example.com", "OPTIONS tel:+15551234567");
            assertFault(failure(msg), "OPTIONS ".length(), null, 416);
        }

        @Test
        void requestUriWithoutSchemeIs400() {
            String msg = minimal("").replace("sip:bob@biloxi.example.com SIP", "bob SIP");
            assertFault(failure(msg), "OPTIONS ".length(), null, 400);
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"sip:bob@biloxi.example.com%", "sip:%", "sip:bob%@biloxi.example.com%25", "sip:%@h"})
        void percentAtEndOfUriDoesNotCrash(String uri) {
            String msg = minimal("").replace("sip:bob@biloxi.example.com SIP", uri + " SIP");
            assertThatCode(() -> {
                try {
                    Messages.parse(msg);
                } catch (SipParseException e) {
                    assertThat(e.status()).isEqualTo(400);
                }
            }).doesNotThrowAnyException();
        }

        @Test
        void controlCharacterInStartLineIs400() {
            String msg = minimal("").replace("sip:bob@", "sip:b\u0001b@");
            assertFault(failure(msg), offsetOf(msg, "\u0001"), null, 400);
        }

        @ParameterizedTest(name = "[{index}]")
        @ValueSource(strings = {"", "\r\n", "\r\n\r\n", "OPTIONS sip:a@b SIP/2.0"})
        void emptyOrUnterminatedInputIs400(String msg) {
            SipParseException e = failure(msg);
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.header()).isNull();
        }

        @Test
        void missingEmptyLineIs400() {
            String msg = minimal("").substring(0, minimal("").length() - 2);
            SipParseException e = failure(msg);
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains("empty line");
        }
    }

    @Nested
    @DisplayName("§7.3 header lines")
    class HeaderLines {
        @Test
        void headerLineWithoutColonIs400() {
            String msg = minimal("Subject hello");
            assertFault(failure(msg), offsetOf(msg, "Subject"), null, 400);
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {": value", "Sub ject: value", "Sub@ject: value", "Süb: value"})
        void invalidHeaderNameIs400(String line) {
            String msg = minimal(line);
            SipParseException e = failure(msg);
            assertFault(e, offsetOf(msg, line), null, 400);
        }

        @ParameterizedTest(name = "0x{0}")
        @ValueSource(ints = {0x00, 0x01, 0x0B, 0x0C, 0x1F, 0x7F, '\r'})
        void controlByteInValueIs400(int control) {
            String msg = minimal("Subject: ab" + (char) control + "cd");
            assertFault(failure(msg), offsetOf(msg, "ab" + (char) control) + 2, "Subject", 400);
        }

        @Test
        void controlByteInMandatoryHeaderNamesIt() {
            String msg = minimal("").replace("Call-ID: a84b", "Call-ID: a84b\u0000");
            assertFault(failure(msg), offsetOf(msg, "\u0000"), "Call-ID", 400);
        }

        @Test
        void controlByteInFoldedContinuationIs400() {
            String msg = minimal("Subject: ab\r\n c\u0000d");
            assertFault(failure(msg), offsetOf(msg, "\u0000"), "Subject", 400);
        }

        @Test
        void leadingControlByteIsNotSilentlyStripped() {
            String msg = minimal("Subject: \u001Fab");
            assertFault(failure(msg), offsetOf(msg, "\u001F"), "Subject", 400);
        }

        @Test
        void continuationBeforeAnyHeaderIs400() {
            String msg = MINIMAL.formatted("").replace("SIP/2.0\r\nVia", "SIP/2.0\r\n Via");
            assertFault(failure(msg), offsetOf(msg, " Via"), null, 400);
        }

        @Test
        @DisplayName("§21.5.14: a message over maxMessageBytes is 513")
        void messageOverLimitIs513() {
            byte[] b = bytes(INVITE);
            SipParseException e = failure(b, new SipParserLimits(b.length - 1, 256, 8192));
            assertFault(e, 0, null, 513);
            assertThatCode(() -> SipParser.parse(b, 0, b.length, new SipParserLimits(b.length, 256, 8192)))
                    .doesNotThrowAnyException();
        }

        @Test
        void headerLineOverMaxLineBytesIs400() {
            String msg = minimal("Subject: " + "x".repeat(200));
            SipParseException e = failure(bytes(msg), new SipParserLimits(65535, 256, 128));
            assertFault(e, offsetOf(msg, "Subject"), null, 400);
            assertThat(e.getMessage()).contains("line longer than 128");
        }

        @Test
        void lineOneByteOverLimitWithLfOnlyIs400() {
            String msg = minimal("Subject: " + "x".repeat(128 - 9 + 1)).replace("\r\n", "\n");
            SipParseException e = failure(bytes(msg), new SipParserLimits(65535, 256, 128));
            assertFault(e, offsetOf(msg, "Subject"), null, 400);
        }

        @Test
        void startLineOverMaxLineBytesIs400() {
            String msg = minimal("").replace("sip:bob@", "sip:" + "b".repeat(100) + "@");
            SipParseException e = failure(bytes(msg), new SipParserLimits(65535, 256, 64));
            assertFault(e, 0, null, 400);
        }

        @Test
        void foldedHeaderOverMaxLineBytesIs400() {
            String fold = "x".repeat(50);
            String msg = minimal("Subject: " + fold + "\r\n " + fold + "\r\n " + fold);
            SipParseException e = failure(bytes(msg), new SipParserLimits(65535, 256, 128));
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.header()).isEqualTo("Subject");
        }

        @Test
        void moreThanMaxHeadersIs400() {
            StringBuilder extra = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                extra.append(i == 0 ? "" : "\r\n").append("X-H").append(i).append(": ").append(i);
            }
            String msg = minimal(extra.toString());
            // 5 mandatory + 5 extra = 10 fields; a limit of 9 fails on the 10th
            SipParseException e = failure(bytes(msg), new SipParserLimits(65535, 9, 8192));
            assertFault(e, offsetOf(msg, "X-H4"), null, 400);
            assertThatCode(() -> SipParser.parse(bytes(msg), 0, bytes(msg).length, new SipParserLimits(65535, 10, 8192)))
                    .doesNotThrowAnyException();
        }
    }

    @Nested
    @DisplayName("§20.42 Via, §20.10 name-addr values")
    class HeaderValues {
        @ParameterizedTest(name = "Via: {0}")
        @ValueSource(strings = {
                "SIP/2.0/UDP :]",
                "SIP/2.0/UDP [::1",
                "SIP/2.0/UDP [:]",
                "SIP/2.0/UDP [::1]x:5060",
                "SIP/2.0/UDP [1:2:3]",
                "SIP/2.0/UDP [::1]]",
                "SIP/2.0/UDP host:",
                "SIP/2.0/UDP host:0",
                "SIP/2.0/UDP host:65536",
                "SIP/2.0/UDP host:50a",
                "SIP/2.0/UDP ho st",
                "SIP/2.0/UDP ho_st",
                "SIP/2.0/UDP",
                "SIP/2.0/ host",
                "SIP/2.0 UDP host",
                "SIP/1.0/UDP host",
                "SIP/2.0/UDPhost",
                "SIP/2.0/UDP host;=x",
                "SIP/2.0/UDP host;rport=abc",
                "SIP/2.0/UDP host;rport=70000",
        })
        void malformedViaIs400(String via) {
            String msg = minimal("").replace("Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
                    "Via: " + via);
            assertFault(failure(msg), offsetOf(msg, "Via:"), "Via", 400);
        }

        @Test
        void malformedSecondViaElementNamesTheField() {
            String msg = minimal("v: SIP/2.0/UDP ok.example.com, SIP/2.0/UDP bad:host");
            assertFault(failure(msg), offsetOf(msg, "v: "), "Via", 400);
        }

        @ParameterizedTest(name = "From: {0}")
        @CsvSource(delimiter = '|', value = {
                "\"Alice <sip:alice@a.example.com>;tag=1               | unterminated",
                "\"Alice\\\" <sip:alice@a.example.com>;tag=1            | unterminated",
                "\"Alice\" <sip:alice@a.example.com;tag=1              | missing '>'",
                "<sip:alice@a.example.com;tag=1                        | missing '>'",
                "Alice <sip:alice@a.example.com>junk;tag=1             | junk after '>'",
                "\"Alice\"x <sip:alice@a.example.com>;tag=1            | junk after quoted display name",
                "Al,ice <sip:alice@a.example.com>;tag=1                | invalid display name",
                "sip:alice@a.example.com>;tag=1                        | missing '<'",
                "sip:alice @a.example.com;tag=1                        | whitespace",
                "<sip:alice@a.example.com>;=1                          | parameter",
                "<sip:@a.example.com>;tag=1                            | empty user",
                "<sip:alice@>;tag=1                                    | invalid host",
        })
        void malformedFromIs400(String from, String reason) {
            String msg = minimal("").replace("From: <sip:alice@atlanta.example.com>;tag=1928301774", "From: " + from);
            SipParseException e = failure(msg);
            assertFault(e, offsetOf(msg, "From:"), "From", 400);
            assertThat(e.getMessage()).contains(reason);
        }

        @Test
        @DisplayName("a tel: URI in To parses: only a Request-URI is answered 416 (§8.2.2.1, RFC 4475 §3.3.4)")
        void telUriInToParses() {
            String msg = minimal("").replace("To: <sip:bob@biloxi.example.com>", "To: <tel:+15551234567>");
            assertThat(Messages.parse(msg).to().address()).isEqualTo(TelUri.global("+15551234567"));
        }

        @ParameterizedTest(name = "Call-ID: ''{0}''")
        @ValueSource(strings = {"", "a b", "caf\u00e9"})
        void malformedCallIdIs400(String cid) {
            String msg = minimal("").replace("Call-ID: a84b4c76e66710", "Call-ID: " + cid);
            assertFault(failure(msg), offsetOf(msg, "Call-ID:"), "Call-ID", 400);
        }
    }

    @Test
    void offsetsCountFromTheGivenOffset() {
        String msg = minimal("Content-Length: x");
        byte[] inner = msg.getBytes(StandardCharsets.UTF_8);
        byte[] outer = new byte[inner.length + 7];
        System.arraycopy(inner, 0, outer, 7, inner.length);
        SipParseException e = org.assertj.core.api.Assertions.catchThrowableOfType(SipParseException.class,
                () -> SipParser.parse(outer, 7, inner.length, SipParserLimits.DEFAULT));
        assertFault(e, offsetOf(msg, "Content-Length:"), "Content-Length", 400);
    }
}
