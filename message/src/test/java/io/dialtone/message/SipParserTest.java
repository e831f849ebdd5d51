package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static io.dialtone.message.Messages.INVITE;
import static io.dialtone.message.Messages.SDP;
import static io.dialtone.message.Messages.bytes;
import static io.dialtone.message.Messages.minimal;
import static io.dialtone.message.Messages.parse;
import static io.dialtone.message.Messages.request;
import static io.dialtone.message.Messages.response;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3261 §7, §20: parsing valid messages")
class SipParserTest {

    @Nested
    @DisplayName("§7.1 request line and §7.2 status line")
    class StartLine {
        @Test
        void parsesRequestLine() {
            SipRequest r = request(INVITE);
            assertThat(r.method()).isSameAs(SipMethod.INVITE);
            assertThat(r.is(SipMethod.INVITE)).isTrue();
            assertThat(r.requestUri()).isEqualTo(SipUri.of("bob", "biloxi.example.com", -1));
            assertThat(r.startLine()).isEqualTo("INVITE sip:bob@biloxi.example.com SIP/2.0");
        }

        @Test
        void keepsUnknownMethodAsWritten() {
            SipRequest r = request(Messages.MINIMAL.replace("OPTIONS sip", "FOO-BAR sip")
                    .replace(" OPTIONS\r\n", " FOO-BAR\r\n").formatted("Max-Forwards: 70"));
            assertThat(r.method()).isEqualTo("FOO-BAR");
        }

        @Test
        void versionIsCaseInsensitive() {
            SipRequest r = request(Messages.MINIMAL.replace(" SIP/2.0\r", " sip/2.0\r").formatted(""));
            assertThat(r.method()).isEqualTo("OPTIONS");
        }

        @Test
        void parsesStatusLineWithMultiWordReason() {
            SipResponse r = response(statusLine("SIP/2.0 481 Call/Transaction Does Not Exist"));
            assertThat(r.statusCode()).isEqualTo(481);
            assertThat(r.reasonPhrase()).isEqualTo("Call/Transaction Does Not Exist");
            assertThat(r.isFailure()).isTrue();
            assertThat(r.isFinal()).isTrue();
        }

        @Test
        void toleratesStatusLineWithoutReason() {
            SipResponse r = response(statusLine("SIP/2.0 200"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.reasonPhrase()).isEmpty();
        }

        @ParameterizedTest(name = "{0}: provisional={1} success={2} final={3} failure={4}")
        @CsvSource({
                "100, true,  false, false, false",
                "180, true,  false, false, false",
                "200, false, true,  true,  false",
                "302, false, false, true,  true",
                "486, false, false, true,  true",
                "603, false, false, true,  true",
        })
        void classifiesStatus(int code, boolean provisional, boolean success, boolean fin, boolean failure) {
            SipResponse r = response(statusLine("SIP/2.0 " + code + " X"));
            assertThat(r.isProvisional()).isEqualTo(provisional);
            assertThat(r.isSuccess()).isEqualTo(success);
            assertThat(r.isFinal()).isEqualTo(fin);
            assertThat(r.isFailure()).isEqualTo(failure);
        }

        private String statusLine(String line) {
            return Messages.MINIMAL.replace("OPTIONS sip:bob@biloxi.example.com SIP/2.0", line).formatted("");
        }
    }

    @Nested
    @DisplayName("§20.42 Via")
    class ViaHeader {
        @Test
        void parsesSentProtocolSentByAndParams() {
            Via v = request(INVITE).topVia();
            assertThat(v.transport()).isEqualTo("UDP");
            assertThat(v.host()).isEqualTo("client.atlanta.example.com");
            assertThat(v.port()).isEqualTo(5060);
            assertThat(v.branch()).isEqualTo("z9hG4bK74bf9");
            assertThat(v.hasRport()).isTrue();
            assertThat(v.rport()).isEmpty();
        }

        @Test
        void splitsCommaSeparatedValuesAndKeepsFieldOrder() {
            SipMessage m = parse(minimal("""
                    Via: SIP/2.0/TCP b.example.com;branch=z9hG4bK2, SIP/2.0/UDP c.example.com;branch=z9hG4bK3\r
                    v: SIP/2.0/TLS d.example.com:5061;branch=z9hG4bK4""").replace(
                    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
                    "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1"));
            assertThat(m.vias()).extracting(Via::host)
                    .containsExactly("a.example.com", "b.example.com", "c.example.com", "d.example.com");
            assertThat(m.vias()).extracting(Via::branch)
                    .containsExactly("z9hG4bK1", "z9hG4bK2", "z9hG4bK3", "z9hG4bK4");
            assertThat(m.vias().get(3).portOrDefault()).isEqualTo(5061);
            assertThat(m.headerValues(HeaderNames.VIA)).hasSize(3);
        }

        @Test
        @DisplayName("§18.2.1 and RFC 3581: received and rport filled in")
        void parsesReceivedAndRport() {
            Via v = parse(minimal("").replace("branch=z9hG4bK776asdhds",
                    "branch=z9hG4bK776asdhds;received=192.0.2.4;rport=61234")).topVia();
            assertThat(v.received()).isEqualTo("192.0.2.4");
            assertThat(v.rport()).hasValue(61234);
            assertThat(v.hasRport()).isTrue();
        }

        @Test
        void parsesIpv6SentBy() {
            Via v = parse(minimal("").replace("pc33.atlanta.example.com;",
                    "[::1]:5060;")).topVia();
            assertThat(v.host()).isEqualTo("[::1]");
            assertThat(v.port()).isEqualTo(5060);
        }

        @Test
        void toleratesLinearWhiteSpaceInsideSentProtocol() {
            Via v = Via.parse("SIP / 2.0 / udp   host.example.com : 5070 ;branch=z9hG4bKx");
            assertThat(v.transport()).isEqualTo("UDP");
            assertThat(v.host()).isEqualTo("host.example.com");
            assertThat(v.port()).isEqualTo(5070);
        }
    }

    @Nested
    @DisplayName("§20.20 From, §20.39 To")
    class FromTo {
        @Test
        void parsesQuotedAndTokenDisplayNames() {
            SipMessage m = parse(INVITE);
            assertThat(m.from().displayName()).isEqualTo("\"Alice\"");
            assertThat(m.from().displayText()).isEqualTo("Alice");
            assertThat(m.from().tag()).isEqualTo("9fxced76sl");
            assertThat(m.to().displayName()).isEqualTo("Bob");
            assertThat(m.to().tag()).isNull();
            assertThat(m.to().uri().userName()).isEqualTo("bob");
        }

        @Test
        void parsesQuotedDisplayNameWithEscapesAndSpecials() {
            NameAddr a = NameAddr.parse("\"Bob \\\"the <Builder>\\\\, Jr.\" <sip:bob@b.example.com>;tag=x", "To");
            assertThat(a.displayName()).isEqualTo("\"Bob \\\"the <Builder>\\\\, Jr.\"");
            assertThat(a.displayText()).isEqualTo("Bob \"the <Builder>\\, Jr.");
            assertThat(a.uri().host()).isEqualTo("b.example.com");
            assertThat(a.tag()).isEqualTo("x");
        }

        @Test
        void parsesTokenRunDisplayName() {
            NameAddr a = NameAddr.parse("Mr. Bob  Smith <sip:bob@b.example.com>", "To");
            assertThat(a.displayName()).isEqualTo("Mr. Bob  Smith");
        }

        @Test
        @DisplayName("§20.10: in the addr-spec form, parameters belong to the header")
        void addrSpecParametersBelongToHeader() {
            SipMessage m = parse(minimal("").replace("From: <sip:alice@atlanta.example.com>;tag=1928301774",
                    "f: sip:alice@atlanta.example.com;tag=1928301774;x-foo=bar"));
            assertThat(m.from().displayName()).isNull();
            assertThat(m.from().uri().params().isEmpty()).isTrue();
            assertThat(m.from().tag()).isEqualTo("1928301774");
            assertThat(m.from().params().get("x-foo")).hasValue("bar");
        }

        @Test
        void bracketedUriKeepsItsOwnParameters() {
            NameAddr a = NameAddr.parse("<sip:p.example.com;lr;transport=tcp>;tag=1", "To");
            assertThat(a.uri().looseRouting()).isTrue();
            assertThat(a.uri().transportParam()).isEqualTo("tcp");
            assertThat(a.params().asList()).containsExactly(new Parameters.Param("tag", "1"));
        }
    }

    @Nested
    @DisplayName("§20.8 Call-ID, §20.16 CSeq, §20.22 Max-Forwards")
    class CallIdCSeqMaxForwards {
        @Test
        void parsesThem() {
            SipMessage m = parse(INVITE);
            assertThat(m.callId()).isEqualTo("3848276298220188511@atlanta.example.com");
            assertThat(m.cseq()).isEqualTo(new CSeq(1, "INVITE"));
            assertThat(m.maxForwards()).isEqualTo(70);
        }

        @Test
        void maxForwardsAbsentIsMinusOne() {
            assertThat(parse(minimal("X-None: 1")).maxForwards()).isEqualTo(-1);
        }

        @Test
        void maxForwardsZeroIsKept() {
            assertThat(parse(minimal("Max-Forwards: 0")).maxForwards()).isZero();
        }
    }

    @Nested
    @DisplayName("§20.10 Contact, §20.30 Record-Route, §20.34 Route")
    class ContactAndRoutes {
        @Test
        void parsesContact() {
            SipMessage m = parse(INVITE);
            assertThat(m.contacts()).singleElement().satisfies(c -> {
                assertThat(c.uri().userName()).isEqualTo("alice");
                assertThat(c.uri().transportParam()).isEqualTo("udp");
            });
        }

        @Test
        void parsesContactListWithExpires() {
            SipMessage m = parse(minimal("""
                    m: "A, B" <sip:a@a.example.com>;expires=3600, sip:b@b.example.com;expires=0\r
                    Contact: <sip:c@c.example.com>;q=0.5"""));
            assertThat(m.contacts()).extracting(c -> c.uri().host())
                    .containsExactly("a.example.com", "b.example.com", "c.example.com");
            assertThat(m.contacts()).extracting(c -> c.params().get("expires").orElse(null))
                    .containsExactly("3600", "0", null);
            assertThat(m.contacts().get(0).displayName()).isEqualTo("\"A, B\"");
        }

        @Test
        @DisplayName("§10.2.2: Contact * yields no contacts")
        void starContact() {
            SipMessage m = parse(minimal("Contact: *\r\nExpires: 0"));
            assertThat(m.contacts()).isEmpty();
            assertThat(m.header(HeaderNames.CONTACT)).hasValue("*");
            assertThat(m.header(HeaderNames.EXPIRES)).hasValue("0");
        }

        @Test
        void parsesRoutesAcrossFieldsInOrder() {
            SipMessage m = parse(minimal("""
                    Route: <sip:r1.example.com;lr>, <sip:r2.example.com;lr>\r
                    Route: <sip:r3.example.com;lr>\r
                    Record-Route: <sip:rr1.example.com;lr>,<sip:rr2.example.com;lr>"""));
            assertThat(m.routes()).extracting(r -> r.uri().host())
                    .containsExactly("r1.example.com", "r2.example.com", "r3.example.com");
            assertThat(m.routes()).allSatisfy(r -> assertThat(r.uri().looseRouting()).isTrue());
            assertThat(m.recordRoutes()).extracting(r -> r.uri().host())
                    .containsExactly("rr1.example.com", "rr2.example.com");
        }

        @Test
        void noRoutesIsEmpty() {
            assertThat(parse(minimal("")).routes()).isEmpty();
        }
    }

    @Nested
    @DisplayName("§20.15 Content-Type, §20.5 Allow, §20.37 Supported, §20.32 Require, RFC 4028 §4-5")
    class OtherHeaders {
        @Test
        void parsesContentTypeWithoutParameters() {
            SipMessage m = parse(minimal("c: Application/SDP ; charset=utf-8"));
            assertThat(m.contentType()).hasValue("application/sdp");
        }

        @Test
        void listsOptionsCaseInsensitively() {
            SipMessage m = parse(INVITE + "");
            assertThat(m.lists(HeaderNames.ALLOW, "UPDATE")).isTrue();
            assertThat(m.lists(HeaderNames.ALLOW, "PRACK")).isFalse();
            assertThat(m.lists(HeaderNames.SUPPORTED, "TIMER")).isTrue();
            assertThat(m.headerList(HeaderNames.ALLOW)).containsExactly("INVITE", "ACK", "CANCEL", "BYE", "UPDATE");
        }

        @Test
        void parsesRequireAndCompactSupported() {
            SipMessage m = parse(minimal("Require: 100rel\r\nk: timer\r\nk: replaces"));
            assertThat(m.lists(HeaderNames.REQUIRE, "100rel")).isTrue();
            assertThat(m.headerList(HeaderNames.SUPPORTED)).containsExactly("timer", "replaces");
        }

        @Test
        void parsesSessionExpiresAndMinSE() {
            SipMessage m = parse(INVITE);
            assertThat(m.sessionExpires()).hasValue(SessionExpires.of(1800, "uac"));
            assertThat(m.minSE()).hasValue(90);
        }

        @Test
        void parsesCompactSessionExpiresWithoutRefresher() {
            SipMessage m = parse(minimal("x: 90"));
            assertThat(m.sessionExpires()).hasValueSatisfying(se -> {
                assertThat(se.deltaSeconds()).isEqualTo(90);
                assertThat(se.refresher()).isNull();
            });
            assertThat(m.minSE()).isEmpty();
        }

        @Test
        void minSEMayCarryParameters() {
            assertThat(parse(minimal("Min-SE: 120;x=y")).minSE()).hasValue(120);
        }
    }

    @Nested
    @DisplayName("§7.3.3 compact forms and §7.3.1 case-insensitive names")
    class CompactAndCase {
        static final String COMPACT = """
                INVITE sip:bob@biloxi.example.com SIP/2.0\r
                v: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r
                f: <sip:alice@atlanta.example.com>;tag=1\r
                t: <sip:bob@biloxi.example.com>\r
                i: cid-1\r
                m: <sip:alice@a.example.com>\r
                k: timer\r
                x: 1800;refresher=uas\r
                c: application/sdp\r
                l: 4\r
                CSeq: 2 INVITE\r
                \r
                v=0
                """;

        @Test
        void understandsCompactForms() {
            SipMessage m = parse(COMPACT);
            assertThat(m.topVia().host()).isEqualTo("a.example.com");
            assertThat(m.from().tag()).isEqualTo("1");
            assertThat(m.to().uri().userName()).isEqualTo("bob");
            assertThat(m.callId()).isEqualTo("cid-1");
            assertThat(m.contacts()).hasSize(1);
            assertThat(m.lists("Supported", "timer")).isTrue();
            assertThat(m.sessionExpires().orElseThrow().refresher()).isEqualTo("uas");
            assertThat(m.contentType()).hasValue("application/sdp");
            assertThat(m.bodyText()).isEqualTo("v=0\n");
            assertThat(m.header("Content-Length")).hasValue("4");
        }

        @ParameterizedTest
        @ValueSource(strings = {"call-id", "CALL-ID", "Call-Id", "i", "I"})
        void headerLookupIgnoresCaseAndForm(String name) {
            assertThat(parse(INVITE).header(name)).hasValue("3848276298220188511@atlanta.example.com");
        }

        @Test
        void mandatoryHeadersMatchInAnyCase() {
            SipMessage m = parse(minimal("").replace("Via:", "VIA:").replace("To:", "tO:")
                    .replace("From:", "FROM:").replace("Call-ID:", "call-id:").replace("CSeq:", "cseq:"));
            assertThat(m.cseq().number()).isEqualTo(63104);
            assertThat(m.callId()).isEqualTo("a84b4c76e66710");
        }
    }

    @Nested
    @DisplayName("§7.3.1 folding, §7.5 framing, §18.3 datagram rules")
    class Framing {
        @Test
        void unfoldsContinuationLines() {
            SipMessage m = parse(minimal("Subject: I know you're there,\r\n   pick up the phone\r\n\tand talk to me!"));
            assertThat(m.header("Subject")).hasValue("I know you're there, pick up the phone and talk to me!");
        }

        @Test
        void foldAfterEmptyFirstLineAddsNoLeadingSpace() {
            SipMessage m = parse(minimal("").replace("Call-ID: a84b4c76e66710", "Call-ID:\r\n a84b4c76e66710"));
            assertThat(m.callId()).isEqualTo("a84b4c76e66710");
            assertThat(m.header("Call-ID")).hasValue("a84b4c76e66710");
            assertThat(SipParser.parse(m.toBytes()).headers()).isEqualTo(m.headers());
        }

        @Test
        void unfoldsMandatoryHeaders() {
            SipMessage m = parse(minimal("").replace("Via: SIP/2.0/UDP pc33.atlanta.example.com;",
                    "Via: SIP/2.0/UDP\r\n pc33.atlanta.example.com\r\n  ;"));
            assertThat(m.topVia().host()).isEqualTo("pc33.atlanta.example.com");
            assertThat(m.topVia().branch()).isEqualTo("z9hG4bK776asdhds");
        }

        @Test
        void toleratesSpaceBeforeColonAndNoSpaceAfter() {
            SipMessage m = parse(minimal("Subject   :hello"));
            assertThat(m.header("subject")).hasValue("hello");
            assertThat(m.headers()).extracting(HeaderField::name).contains("Subject");
        }

        @Test
        void ignoresLeadingCrlf() {
            assertThat(request("\r\n\r\n" + INVITE).method()).isEqualTo("INVITE");
        }

        @Test
        void acceptsLfOnlyLineEnds() {
            String head = INVITE.substring(0, INVITE.length() - SDP.length()).replace("\r\n", "\n");
            SipRequest r = request(head + SDP);
            assertThat(r.callId()).isEqualTo("3848276298220188511@atlanta.example.com");
            assertThat(r.headers()).hasSize(14);
            assertThat(r.bodyText()).isEqualTo(SDP);
        }

        @Test
        void parsesSdpBody() {
            SipMessage m = parse(INVITE);
            assertThat(m.hasBody()).isTrue();
            assertThat(m.bodyText()).isEqualTo(SDP);
            assertThat(m.body()).hasSize(SDP.length());
        }

        @Test
        void noBodyIsEmptyArray() {
            SipMessage m = parse(minimal("Content-Length: 0"));
            assertThat(m.hasBody()).isFalse();
            assertThat(m.body()).isEmpty();
        }

        @Test
        @DisplayName("§18.3: missing Content-Length takes the rest of the datagram")
        void missingContentLengthTakesRestOfDatagram() {
            SipMessage m = parse(INVITE.replaceFirst("Content-Length: \\d+\r\n", ""));
            assertThat(m.bodyText()).isEqualTo(SDP);
        }

        @Test
        @DisplayName("§18.3: bytes beyond Content-Length are discarded")
        void truncatesExtraBytes() {
            SipMessage m = parse(INVITE + "garbage after the body");
            assertThat(m.bodyText()).isEqualTo(SDP);
        }

        @Test
        void honoursOffsetAndLength() {
            byte[] inner = bytes(INVITE);
            byte[] outer = new byte[inner.length + 20];
            Arrays.fill(outer, (byte) 'Z');
            System.arraycopy(inner, 0, outer, 10, inner.length);
            SipMessage m = SipParser.parse(outer, 10, inner.length, SipParserLimits.DEFAULT);
            assertThat(m.bodyText()).isEqualTo(SDP);
        }

        @Test
        void keepsUtf8InValues() {
            SipMessage m = parse(minimal("Subject: Grüße ☎"));
            assertThat(m.header("Subject")).hasValue("Grüße ☎");
        }

        @Test
        void acceptsMessagesAtExactlyTheLimits() {
            String value = "x".repeat(128 - "Subject: ".length());
            byte[] b = bytes(minimal("Subject: " + value + "\r\nA: 1\r\nB: 2"));
            SipMessage m = SipParser.parse(b, 0, b.length, new SipParserLimits(b.length, 8, 128));
            assertThat(m.header("Subject")).hasValue(value);
            assertThat(m.headers()).hasSize(8);
        }
    }

    @Test
    @DisplayName("§7.3: headers() keeps every field in order with names as written")
    void keepsHeadersInOrderAsWritten() {
        SipMessage m = parse(minimal("P-Foo: 1\r\nx-custom: two"));
        assertThat(m.headers()).extracting(HeaderField::name)
                .containsExactly("Via", "To", "From", "Call-ID", "CSeq", "P-Foo", "x-custom");
        assertThat(m.headerValues("X-Custom")).containsExactly("two");
        assertThat(m.header("absent")).isEmpty();
    }
}
