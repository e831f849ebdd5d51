package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * RFC 4475 (SIP torture test messages): each of the 49 messages, bit-exact in
 * {@code src/test/resources/rfc4475/}, with the outcome its section prescribes.
 *
 * <p>{@code valid/} holds the messages that are well-formed by the RFC 3261 §25 grammar: §3.1.1, §3.2.1,
 * §3.3 except 3.3.1/3.3.8/3.3.9, and §3.4.1 (27). Their prescribed outcome is to parse, with the values the
 * RFC discusses; for the §3.3 ones the application's answer (416, 420, 415, 483, ...) is checked as far as
 * this layer decides it (a Request-URI scheme other than sip/sips is 416 here).
 * {@code invalid/} holds §3.1.2 and §3.3.1, §3.3.8, §3.3.9 (22): rejected with 400 (505 for the version,
 * dropped for a response, which is the same typed error), except where the RFC lets an element be liberal,
 * which is said at each test.
 *
 * <p>Exclusions: {@code test.dat} of the RFC's archive is not a numbered case and is not copied. No
 * numbered case is excluded.
 */
@DisplayName("RFC 4475: SIP torture test messages")
class Rfc4475Test {

    static byte[] load(String dir, String name) {
        try (InputStream in = Rfc4475Test.class.getResourceAsStream("/rfc4475/" + dir + "/" + name + ".dat")) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SipMessage valid(String name) {
        return SipParser.parse(load("valid", name));
    }

    static SipRequest request(String name) {
        return (SipRequest) valid(name);
    }

    static SipParseException rejected(String name) {
        byte[] b = load("invalid", name);
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> SipParser.parse(b));
        assertThat(e).as("%s is rejected", name).isNotNull();
        assertThat(e.offset()).isBetween(0, b.length);
        return e;
    }

    static SipParseException rejectedFromValid(String name) {
        byte[] b = load("valid", name);
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> SipParser.parse(b));
        assertThat(e).as("%s is answered by the parser", name).isNotNull();
        return e;
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("all 49 messages are present and each has a test")
    void corpusIsComplete() throws IOException, URISyntaxException {
        Set<String> files = new TreeSet<>();
        for (String dir : List.of("valid", "invalid")) {
            URL url = Rfc4475Test.class.getResource("/rfc4475/" + dir);
            try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
                s.forEach(p -> files.add(dir + "/" + p.getFileName().toString().replace(".dat", "")));
            }
        }
        Set<String> tested = new TreeSet<>();
        for (Class<?> c : List.of(Valid.class, Invalid.class, Semantics.class)) {
            for (var m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Test.class)) {
                    tested.add(m.getName());
                }
            }
        }
        assertThat(files).hasSize(49);
        assertThat(tested).containsAll(files.stream().map(f -> f.substring(f.indexOf('/') + 1)).toList());
    }

    @Nested
    @DisplayName("§3.1.1 valid messages")
    class Valid {
        @Test
        @DisplayName("§3.1.1.1 wsinv: short tortuous INVITE (folding, LWS everywhere, compact and long forms)")
        void wsinv() {
            SipRequest r = request("wsinv");
            assertThat(r.method()).isEqualTo("INVITE");
            assertThat(r.requestUri().params().has("unknownparam")).isTrue();
            assertThat(r.to().uri().equivalent(SipUri.parse("sip:vivekg@chair-dnrc.example.com"))).isTrue();
            assertThat(r.to().tag()).isEqualTo("1918181833n");
            assertThat(r.from().displayName()).isEqualTo("\"J Rosenberg \\\\\\\"\"");
            assertThat(r.from().displayText()).isEqualTo("J Rosenberg \\\"");
            assertThat(r.from().tag()).isEqualTo("98asjd8");
            assertThat(r.maxForwards()).isEqualTo(68);                  // leading zeros
            assertThat(r.cseq()).isEqualTo(new CSeq(9, "INVITE"));     // folded, leading zeros
            assertThat(r.callId()).isEqualTo("wsinv.ndaksdj@192.0.2.1");
            assertThat(r.vias()).extracting(Via::transport, Via::host, Via::branch).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("UDP", "192.0.2.2", "390skdjuw"),
                    org.assertj.core.groups.Tuple.tuple("TCP", "spindle.example.com", "z9hG4bK9ikj8"),
                    org.assertj.core.groups.Tuple.tuple("UDP", "192.168.255.111", "z9hG4bK30239"));
            assertThat(r.header("Subject")).hasValue("");                // empty subject, compact s
            assertThat(r.header("NewFangledHeader")).hasValue("newfangled value continued newfangled value");
            assertThat(r.header("UnknownHeaderWithUnusualValue")).hasValue(";;,,;;,;"); // kept raw, never parsed
            assertThat(r.routes()).singleElement().satisfies(route -> {
                assertThat(route.uri().looseRouting()).isTrue();
                assertThat(route.uri().params().get("unknownwith")).hasValue("value");
                assertThat(route.uri().params().has("unknown-no-value")).isTrue();
            });
            NameAddr contact = r.contacts().get(0);
            assertThat(contact.displayText()).isEqualTo("Quoted string \"\"");
            assertThat(contact.params().get("newparam")).hasValue("newvalue");
            assertThat(contact.params().has("secondparam")).isTrue();
            assertThat(contact.params().get("q")).hasValue("0.33");
            assertThat(r.body()).hasSize(150);
        }

        @Test
        @DisplayName("§3.1.1.2 intmeth: wide range of valid characters (method, URI user/password, quoted-pair controls, UTF-8)")
        void intmeth() {
            SipRequest r = request("intmeth");
            String method = "!interesting-Method0123456789_*+`.%indeed'~";
            assertThat(r.method()).isEqualTo(method);
            assertThat(r.cseq().method()).isEqualTo(method);
            assertThat(r.requestUri().userName()).isEqualTo("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
            assertThat(r.requestUri().password()).isEqualTo("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
            assertThat(r.requestUri().host()).isEqualTo("example.com");
            assertThat(r.topVia().branch()).isEqualTo("z9hG4bK-.!%66*_+`'~");
            assertThat(r.to().displayText()).isEqualTo("BEL:\u0007 NUL:\u0000 DEL:\u007F"); // quoted-pairs
            assertThat(r.to().uri().userName()).isEqualTo("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
            assertThat(r.from().displayName()).isEqualTo("token1~` token2'+_ token3*%!.-");
            assertThat(r.from().params().get("fromParam''~+*_!.-%")).hasValue("\"работающий\"");
            assertThat(r.from().tag()).isEqualTo("_token~1'+`*%!-.");
            assertThat(r.callId()).isEqualTo("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
            assertThat(r.maxForwards()).isEqualTo(255);
            assertThat(r.header("extensionHeader-!.%*+_`'~")).hasValue("\uFEFF大停電");
        }

        @Test
        @DisplayName("§3.1.1.2 intmeth, the To value alone: quoted-pairs of BEL, NUL and DEL in a display name")
        void intmethToValue() {
            NameAddr to = NameAddr.parse("\"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007F\" "
                    + "<sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>", "To");
            assertThat(to.displayText()).isEqualTo("BEL:\u0007 NUL:\u0000 DEL:\u007F");
            assertThat(to.uri().userName()).isEqualTo("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
        }

        @Test
        @DisplayName("§3.1.1.3 esc01: escaped characters in URIs compare equal to their unescaped forms (§19.1.4)")
        void esc01() {
            SipRequest r = request("esc01");
            assertThat(r.requestUri().unescapedUser()).isEqualTo("sips:user@example.com");
            assertThat(r.requestUri().host()).isEqualTo("example.net");
            assertThat(r.to().uri().equivalent(SipUri.parse("sip:user@example.com"))).isTrue();
            assertThat(r.from().uri().unescapedUser()).isEqualTo("I have spaces");
            SipUri contact = r.contacts().get(0).uri();
            assertThat(contact.equivalent(SipUri.parse("sip:caller@host5.example.net;lr;name=value%25%34%31"))).isTrue();
            // n%61me=v%61lue%25%34%31 unescapes to name = the eight characters "value%41", not "valueA"
            assertThat(contact.equivalent(SipUri.parse("sip:caller@host5.example.net;lr;name=value%2541"))).isTrue();
            assertThat(contact.equivalent(SipUri.parse("sip:caller@host5.example.net;lr;name=value%41"))).isFalse();
            assertThat(r.contentType()).hasValue("application/sdp");
            assertThat(r.body()).hasSize(150);
        }

        @Test
        @DisplayName("§3.1.1.4 escnull: escaped NULs in URIs are legal and distinct")
        void escnull() {
            SipRequest r = request("escnull");
            assertThat(r.to().uri().unescapedUser()).isEqualTo("null-\u0000-null");
            assertThat(r.from().uri().equivalent(r.to().uri())).isTrue();
            List<NameAddr> contacts = r.contacts();
            assertThat(contacts).hasSize(2);
            assertThat(contacts.get(0).uri().unescapedUser()).isEqualTo("\u0000");
            assertThat(contacts.get(1).uri().unescapedUser()).isEqualTo("\u0000\u0000");
            assertThat(contacts.get(0).uri().equivalent(contacts.get(1).uri())).isFalse();
        }

        @Test
        @DisplayName("§3.1.1.5 esc02: % in method, header name and values is not an escape there")
        void esc02() {
            SipRequest r = request("esc02");
            assertThat(r.method()).isEqualTo("RE%47IST%45R").isNotEqualTo("REGISTER");
            assertThat(r.cseq().method()).isEqualTo("RE%47IST%45R");
            assertThat(r.to().displayText()).isEqualTo("%Z%45");
            assertThat(r.topVia().branch()).isEqualTo("z9hG4bK209%fzsnel234");
            assertThat(r.contacts()).extracting(c -> c.uri().host())
                    .containsExactly("host1.example.com", "host3.example.com"); // C%6Fntact is another header
            assertThat(r.header("C%6Fntact")).hasValue("<sip:alias2@host2.example.com>");
        }

        @Test
        @DisplayName("§3.1.1.6 lwsdisp: no LWS between display name and <")
        void lwsdisp() {
            SipRequest r = request("lwsdisp");
            assertThat(r.from().displayName()).isEqualTo("caller");
            assertThat(r.from().uri()).isEqualTo(SipUri.parse("sip:caller@example.com"));
            assertThat(r.from().tag()).isEqualTo("323");
        }

        @Test
        @DisplayName("§3.1.1.7 longreq: long values in header fields")
        void longreq() {
            SipRequest r = request("longreq");
            assertThat(r.to().displayText()).startsWith("I have a user name of extremeextreme").endsWith("proportion");
            assertThat(r.to().uri().port()).isEqualTo(6000);
            assertThat(r.to().uri().params().get("unknownparam1")).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("verylonglong");
            assertThat(r.from().uri().userName()).hasSizeGreaterThan(100).startsWith("amazinglylongcallername");
            assertThat(r.from().tag()).hasSizeGreaterThan(100);
            assertThat(r.callId()).startsWith("longreq.onereallyreally").endsWith("longcallid");
            assertThat(r.vias()).hasSize(34);
            assertThat(r.vias().get(0).host()).isEqualTo("sip33.example.com");
            assertThat(r.vias().get(33).host()).isEqualTo("host.example.com");
            assertThat(r.vias().get(33).branch()).startsWith("verylonglong").endsWith("longbranchvalue").hasSizeGreaterThan(200);
            assertThat(r.vias().get(33).received()).isEqualTo("192.0.2.5");
            assertThat(r.contacts().get(0).uri().userName()).startsWith("amazinglylong");
            assertThat(r.body()).hasSize(150);
        }

        @Test
        @DisplayName("§3.1.1.8 dblreq: extra octets after Content-Length in a datagram are discarded (§18.3)")
        void dblreq() {
            SipRequest r = request("dblreq");
            assertThat(r.method()).isEqualTo("REGISTER");
            assertThat(r.body()).isEmpty();
            assertThat(r.callId()).isEqualTo("dblreq.0ha0isndaksdj99sdfafnl3lk233412");
        }

        @Test
        @DisplayName("§3.1.1.9 semiuri: ; in the user part of a URI is not a parameter")
        void semiuri() {
            SipRequest r = request("semiuri");
            assertThat(r.requestUri().userName()).isEqualTo("user;par=u%40example.net");
            assertThat(r.requestUri().host()).isEqualTo("example.com");
            assertThat(r.requestUri().params().isEmpty()).isTrue();
            assertThat(r.headerList("Accept")).containsExactly("application/sdp", "application/pkcs7-mime",
                    "multipart/mixed", "multipart/signed", "message/sip", "message/sipfrag");
        }

        @Test
        @DisplayName("§3.1.1.10 transports: varied and unknown transports")
        void transports() {
            SipRequest r = request("transports");
            assertThat(r.vias()).extracting(Via::transport).containsExactly("UDP", "SCTP", "TLS", "UNKNOWN", "TCP");
            assertThat(r.callId()).isEqualTo("transports.kijh4akdnaqjkwendsasfdj");
        }

        @Test
        @DisplayName("§3.1.1.11 mpart01: multipart MIME body with binary octets")
        void mpart01() {
            byte[] in = load("valid", "mpart01");
            SipRequest r = (SipRequest) SipParser.parse(in);
            assertThat(r.method()).isEqualTo("MESSAGE");
            assertThat(r.contentType()).hasValue("multipart/mixed");
            assertThat(r.header("Content-Type")).hasValue("multipart/mixed;boundary=7a9cbec02ceef655");
            assertThat(r.body()).hasSize(553);
            byte[] tail = java.util.Arrays.copyOfRange(in, in.length - 553, in.length);
            assertThat(r.body()).isEqualTo(tail); // binary octets kept exactly
        }

        @Test
        @DisplayName("§3.1.1.12 unreason: UTF-8 and symbols in the reason phrase")
        void unreason() {
            SipResponse r = (SipResponse) valid("unreason");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.reasonPhrase()).isEqualTo("= 2**3 * 5**2 но сто девяносто девять - простое");
            assertThat(r.body()).hasSize(154);
        }

        @Test
        @DisplayName("§3.1.1.13 noreason: empty reason phrase")
        void noreason() {
            SipResponse r = (SipResponse) valid("noreason");
            assertThat(r.statusCode()).isEqualTo(100);
            assertThat(r.reasonPhrase()).isEmpty();
        }
    }

    @Nested
    @DisplayName("§3.1.2 invalid messages")
    class Invalid {
        private void isBad(SipParseException e, String header) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.header()).isEqualTo(header);
            assertThat(e.reasonPhrase()).isNotBlank().doesNotContain("\r", "\n");
        }

        @Test
        @DisplayName("§3.1.2.1 badinv01: extraneous header field separators are 400")
        void badinv01() {
            isBad(rejected("badinv01"), "Via");
            assertThatThrownBy(() -> NameAddr.parse("\"Joe\" <sip:joe@example.org>;;;;", "Contact"))
                    .isInstanceOfSatisfying(SipParseException.class, e -> isBad(e, "Contact"));
        }

        @Test
        @DisplayName("§3.1.2.2 clerr: Content-Length larger than the datagram is 400")
        void clerr() {
            isBad(rejected("clerr"), "Content-Length");
        }

        @Test
        @DisplayName("§3.1.2.3 ncl: negative Content-Length is 400")
        void ncl() {
            isBad(rejected("ncl"), "Content-Length");
        }

        @Test
        @DisplayName("§3.1.2.4 scalar02: overlarge CSeq (and Max-Forwards, Expires) is 400")
        void scalar02() {
            isBad(rejected("scalar02"), "CSeq");
        }

        @Test
        @DisplayName("§3.1.2.5 scalarlg: response with overlarge CSeq is rejected (a UA drops it)")
        void scalarlg() {
            isBad(rejected("scalarlg"), "CSeq");
        }

        @Test
        @DisplayName("§3.1.2.6 quotbal: unterminated quoted string in display name is 400")
        void quotbal() {
            isBad(rejected("quotbal"), "To");
        }

        @Test
        @DisplayName("§3.1.2.7 ltgtruri: <> around the Request-URI is 400, not 416")
        void ltgtruri() {
            SipParseException e = rejected("ltgtruri");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.header()).isNull();
        }

        @Test
        @DisplayName("§3.1.2.8 lwsruri: LWS inside the Request-URI is 400")
        void lwsruri() {
            SipParseException e = rejected("lwsruri");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.header()).isNull();
        }

        @Test
        @DisplayName("§3.1.2.9 lwsstart: several SP between Request-Line elements is 400")
        void lwsstart() {
            SipParseException e = rejected("lwsstart");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.header()).isNull();
        }

        @Test
        @DisplayName("§3.1.2.10 trws: SP at the end of the Request-Line is 400 (the RFC's 'reasonable to reject')")
        void trws() {
            SipParseException e = rejected("trws");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.header()).isNull();
        }

        @Test
        @DisplayName("§3.1.2.11 escruri: escaped headers in the Request-URI are accepted and exposed, never applied (liberal)")
        void escruri() {
            // RFC: 400 is acceptable; an element may instead ignore the escaped headers. This layer parses
            // them into SipUri.headerFields() and never turns them into header fields; a proxy strips them.
            SipRequest r = (SipRequest) SipParser.parse(load("invalid", "escruri"));
            assertThat(r.requestUri().headers()).isEqualTo("Route=%3Csip:example.com%3E");
            assertThat(r.requestUri().headerFields()).containsExactly(new Parameters.Param("Route", "<sip:example.com>"));
            assertThat(r.routes()).isEmpty();
        }

        @Test
        @DisplayName("§3.1.2.12 baddate: non-GMT Date is accepted (the RFC's recommended handling), kept raw")
        void baddate() {
            SipRequest r = (SipRequest) SipParser.parse(load("invalid", "baddate"));
            assertThat(r.header("Date")).hasValue("Fri, 01 Jan 2010 16:00:00 EST");
        }

        @Test
        @DisplayName("§3.1.2.13 regbadct: addr-spec with ? not in <> is 400 when the Contact is read")
        void regbadct() {
            SipRequest r = (SipRequest) SipParser.parse(load("invalid", "regbadct"));
            assertThatThrownBy(r::contacts).isInstanceOfSatisfying(SipParseException.class, e -> isBad(e, "Contact"));
        }

        @Test
        @DisplayName("§3.1.2.14 badaspec: whitespace inside <> is 400")
        void badaspec() {
            isBad(rejected("badaspec"), "To");
        }

        @Test
        @DisplayName("§3.1.2.15 baddn: non-token characters in an unquoted display name are 400")
        void baddn() {
            // the RFC's copy ends after "l: 0" without the empty line, so as a datagram it is already 400 for framing
            SipParseException framing = rejected("baddn");
            assertThat(framing.status()).isEqualTo(400);
            byte[] terminated = (text(load("invalid", "baddn")) + "\r\n").getBytes(StandardCharsets.UTF_8);
            SipParseException e = catchThrowableOfType(SipParseException.class, () -> SipParser.parse(terminated));
            isBad(e, "From");
        }

        @Test
        @DisplayName("§3.1.2.16 badvers: unknown protocol version is 505")
        void badvers() {
            SipParseException e = rejected("badvers");
            assertThat(e.status()).isEqualTo(505);
        }

        @Test
        @DisplayName("§3.1.2.17 mismatch01: CSeq method differing from the Request-Line is 400")
        void mismatch01() {
            isBad(rejected("mismatch01"), "CSeq");
        }

        @Test
        @DisplayName("§3.1.2.18 mismatch02: unknown method with a mismatched CSeq is 400 (501 also allowed)")
        void mismatch02() {
            isBad(rejected("mismatch02"), "CSeq");
        }

        @Test
        @DisplayName("§3.1.2.19 bigcode: overlarge response code is rejected (dropped)")
        void bigcode() {
            SipParseException e = rejected("bigcode");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.header()).isNull();
        }

        @Test
        @DisplayName("§3.3.1 insuf: missing required header fields are 400")
        void insuf() {
            SipParseException e = rejected("insuf");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.header()).isIn("From", "To", "Call-ID");
        }

        @Test
        @DisplayName("§3.3.8 multi01: several values in single-value fields are 400")
        void multi01() {
            SipParseException e = rejected("multi01");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.header()).isIn("CSeq", "Call-ID", "To", "From", "Max-Forwards");
        }

        @Test
        @DisplayName("§3.3.9 mcl01: several differing Content-Length values are 400")
        void mcl01() {
            isBad(rejected("mcl01"), "Content-Length");
        }
    }

    @Nested
    @DisplayName("§3.2–§3.4 transaction and application semantics")
    class Semantics {
        @Test
        @DisplayName("§3.2.1 badbranch: a branch that is just the cookie is not an RFC 3261 branch")
        void badbranch() {
            SipRequest r = request("badbranch");
            assertThat(r.topVia().branch()).isEqualTo("z9hG4bK");
            assertThat(r.topVia().hasRfc3261Branch()).isFalse();
        }

        @Test
        @DisplayName("§3.3.2 unkscm: Request-URI with an unknown scheme is 416")
        void unkscm() {
            SipParseException e = rejectedFromValid("unkscm");
            assertThat(e.status()).isEqualTo(416);
            assertThat(Uri.parse("nobodyKnowsThisScheme:totallyopaquecontent")).isEqualTo(
                    new AbsoluteUri("nobodyknowsthisscheme", "totallyopaquecontent"));
        }

        @Test
        @DisplayName("§3.3.3 novelsc: Request-URI with a known but atypical scheme (soap.beep) is 416")
        void novelsc() {
            SipParseException e = rejectedFromValid("novelsc");
            assertThat(e.status()).isEqualTo(416);
            assertThat(Uri.parse("soap.beep://192.0.2.103:3002").scheme()).isEqualTo("soap.beep");
        }

        @Test
        @DisplayName("§3.3.4 unksm2: unknown URI schemes in To, From and Contact parse")
        void unksm2() {
            SipRequest r = request("unksm2");
            assertThat(r.to().address()).isEqualTo(new AbsoluteUri("isbn", "2983792873"));
            assertThat(r.to().isSip()).isFalse();
            assertThatThrownBy(() -> r.to().uri()).isInstanceOf(IllegalStateException.class);
            assertThat(r.from().address()).isEqualTo(new AbsoluteUri("http", "//www.example.com"));
            assertThat(r.from().tag()).isEqualTo("3234233");
            assertThat(r.contacts()).singleElement().extracting(NameAddr::address)
                    .isEqualTo(new AbsoluteUri("name", "John_Smith"));
        }

        @Test
        @DisplayName("§3.3.5 bext01: Require and Proxy-Require options are read for the 420")
        void bext01() {
            SipRequest r = request("bext01");
            assertThat(r.headerList("Require")).containsExactly("nothingSupportsThis", "nothingSupportsThisEither");
            assertThat(r.headerList("Proxy-Require")).containsExactly("noProxiesSupportThis", "norDoAnyProxiesSupportThis");
        }

        @Test
        @DisplayName("§3.3.6 invut: unknown Content-Type parses, for a 415")
        void invut() {
            SipRequest r = request("invut");
            assertThat(r.contentType()).hasValue("application/unknownformat");
            assertThat(r.body()).hasSize(40);
        }

        @Test
        @DisplayName("§3.3.7 regaut01: unknown authorization scheme parses, kept raw")
        void regaut01() {
            SipRequest r = request("regaut01");
            assertThat(r.header("Authorization")).hasValue("NoOneKnowsThisScheme opaque-data=here");
            assertThat(r.body()).isEmpty();
        }

        @Test
        @DisplayName("§3.3.10 bcast: a response with a broadcast Via sent-by parses (the UA does not send there)")
        void bcast() {
            SipResponse r = (SipResponse) valid("bcast");
            assertThat(r.vias()).extracting(Via::host).containsExactly("192.0.2.198", "255.255.255.255");
        }

        @Test
        @DisplayName("§3.3.11 zeromf: Max-Forwards of zero parses (a proxy answers 483, an OPTIONS UAS answers)")
        void zeromf() {
            assertThat(request("zeromf").maxForwards()).isZero();
        }

        @Test
        @DisplayName("§3.3.12 cparam01: in addr-spec form, ;unknownparam is a Contact parameter")
        void cparam01() {
            NameAddr c = request("cparam01").contacts().get(0);
            assertThat(c.params().has("unknownparam")).isTrue();
            assertThat(c.uri().params().isEmpty()).isTrue();
            assertThat(c.uri().userName()).isEqualTo("+19725552222");
        }

        @Test
        @DisplayName("§3.3.13 cparam02: inside <>, ;unknownparam is a URI parameter")
        void cparam02() {
            NameAddr c = request("cparam02").contacts().get(0);
            assertThat(c.params().isEmpty()).isTrue();
            assertThat(c.uri().params().has("unknownparam")).isTrue();
        }

        @Test
        @DisplayName("§3.3.14 regescrt: escaped Route header in a Contact URI is exposed for the registrar to strip or refuse")
        void regescrt() {
            SipUri c = request("regescrt").contacts().get(0).uri();
            assertThat(c.headerFields()).containsExactly(new Parameters.Param("Route", "<sip:sip.example.com>"));
            assertThat(c.equivalent(SipUri.parse("sip:user@example.com"))).isFalse(); // headers take part (§19.1.4)
        }

        @Test
        @DisplayName("§3.3.15 sdp01: an unacceptable Accept parses, for a 406")
        void sdp01() {
            SipRequest r = request("sdp01");
            assertThat(r.headerList("Accept")).containsExactly("text/nobodyKnowsThis");
            assertThat(r.contentType()).hasValue("application/sdp");
        }

        @Test
        @DisplayName("§3.4.1 inv2543: RFC 2543 syntax (no Max-Forwards, no branch, no From tag) parses")
        void inv2543() {
            SipRequest r = request("inv2543");
            assertThat(r.maxForwards()).isEqualTo(-1);
            assertThat(r.topVia().branch()).isNull();
            assertThat(r.topVia().hasRfc3261Branch()).isFalse();
            assertThat(r.from().tag()).isNull();
            assertThat(r.to().uri().params().isEmpty()).isTrue();
            assertThat(r.to().params().get("user")).hasValue("phone"); // addr-spec form: a header parameter
            assertThat(r.from().uri().params().get("user")).hasValue("phone");
            assertThat(r.recordRoutes().get(0).uri().params().get("maddr")).hasValue("ss1.example.com");
            assertThat(r.hasBody()).isTrue();
        }
    }
}
