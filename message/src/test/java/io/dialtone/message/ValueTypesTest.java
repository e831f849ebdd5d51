package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("RFC 3261 §7.3.1, §20, §25.1, RFC 4028 §4: header value types")
class ValueTypesTest {

    @Nested
    @DisplayName("§7.3.1, §19.1.1 Parameters")
    class ParametersTest {
        @Test
        void parsesValuesAndFlagsInOrder() {
            Parameters p = Parameters.parse(";branch=z9hG4bK1 ; rport; received=192.0.2.1; LR", "Via");
            assertThat(p.asList()).containsExactly(new Parameters.Param("branch", "z9hG4bK1"),
                    new Parameters.Param("rport", null), new Parameters.Param("received", "192.0.2.1"),
                    new Parameters.Param("LR", null));
            assertThat(p.toString()).isEqualTo(";branch=z9hG4bK1;rport;received=192.0.2.1;LR");
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {";;lr", ";a=b;", "a=b;;c", "a=", "a=b c", "a=\"x", "a b=c", "=x"})
        @DisplayName("§25.1 generic-param: empty parameters, empty or broken values are 400 (RFC 4475 §3.1.2.1)")
        void rejectsEmptyOrBrokenParameters(String s) {
            assertThatThrownBy(() -> Parameters.parse(s, "Contact")).isInstanceOfSatisfying(SipParseException.class,
                    e -> assertThat(e.header()).isEqualTo("Contact"));
        }

        @Test
        void getAndHasIgnoreNameCase() {
            Parameters p = Parameters.parse("Tag=AbC;lr", null);
            assertThat(p.get("TAG")).hasValue("AbC");
            assertThat(p.has("LR")).isTrue();
            assertThat(p.get("lr")).isEmpty();
            assertThat(p.has("maddr")).isFalse();
            assertThat(p.get("maddr")).isEmpty();
        }

        @Test
        void keepsQuotedValuesWithSemicolons() {
            Parameters p = Parameters.parse(";text=\"a;b=c\";x", "Reason");
            assertThat(p.get("text")).hasValue("\"a;b=c\"");
            assertThat(p.has("x")).isTrue();
        }

        @Test
        void withReplacesInPlaceOrAppends() {
            Parameters p = Parameters.parse("a=1;b=2", null);
            assertThat(p.with("A", "9").toString()).isEqualTo(";a=9;b=2");
            assertThat(p.with("c", null).toString()).isEqualTo(";a=1;b=2;c");
            assertThat(p.toString()).isEqualTo(";a=1;b=2");
        }

        @Test
        void withoutRemovesIgnoringCase() {
            Parameters p = Parameters.parse("a=1;b=2", null);
            assertThat(p.without("B").toString()).isEqualTo(";a=1");
            assertThat(p.without("z")).isSameAs(p);
            assertThat(Parameters.EMPTY.isEmpty()).isTrue();
            assertThat(Parameters.parse("  ", null)).isSameAs(Parameters.EMPTY);
        }

        @Test
        void equalityIgnoresNameCaseButNotValues() {
            assertThat(Parameters.parse("Tag=x", null)).isEqualTo(Parameters.parse("tag=x", null))
                    .hasSameHashCodeAs(Parameters.parse("tag=x", null));
            assertThat(Parameters.parse("tag=x", null)).isNotEqualTo(Parameters.parse("tag=X", null));
            assertThat(Parameters.parse("a;b", null)).isNotEqualTo(Parameters.parse("b;a", null));
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {";=x", ";a b=c", ";a@b", ";\"q\"=1"})
        void rejectsNonTokenNames(String s) {
            assertThatThrownBy(() -> Parameters.parse(s, "Via")).isInstanceOfSatisfying(SipParseException.class,
                    e -> assertThat(e.header()).isEqualTo("Via"));
        }
    }

    @Nested
    @DisplayName("§20.42 Via, RFC 3581")
    class ViaTest {
        @Test
        void ofAddsBranchAndBareRport() {
            Via v = Via.of("tcp", "h.example.com", 5070, "z9hG4bKx");
            assertThat(v.toString()).isEqualTo("SIP/2.0/TCP h.example.com:5070;branch=z9hG4bKx;rport");
            assertThat(v.hasRport()).isTrue();
            assertThat(v.rport()).isEmpty();
            assertThat(v.reliable()).isTrue();
            assertThat(Via.parse(v.toString())).isEqualTo(v);
        }

        @Test
        @DisplayName("§18.2.1: received and rport replace in place")
        void withReceivedAndRport() {
            Via v = Via.of("UDP", "h.example.com", -1, "z9hG4bKx").withReceived("192.0.2.5").withRport(6000);
            assertThat(v.toString()).isEqualTo("SIP/2.0/UDP h.example.com;branch=z9hG4bKx;rport=6000;received=192.0.2.5");
            assertThat(v.received()).isEqualTo("192.0.2.5");
            assertThat(v.rport()).hasValue(6000);
            assertThat(v.withReceived("192.0.2.6").received()).isEqualTo("192.0.2.6");
            assertThat(v.reliable()).isFalse();
            assertThat(Via.parse(v.toString())).isEqualTo(v);
        }

        @ParameterizedTest(name = "{0} port {1} -> {2}")
        @CsvSource({"UDP, -1, 5060", "TCP, -1, 5060", "TLS, -1, 5061", "UDP, 5080, 5080", "TLS, 5062, 5062"})
        @DisplayName("§18.2.2: default sent-by port")
        void portOrDefault(String transport, int port, int expected) {
            assertThat(Via.of(transport, "h.example.com", port, "z9hG4bK1").portOrDefault()).isEqualTo(expected);
        }

        @Test
        void ipv6SentByRoundTrips() {
            Via v = Via.parse("SIP/2.0/UDP [2001:db8::9]:5062;branch=z9hG4bK1;received=2001:db8::1");
            assertThat(v.host()).isEqualTo("[2001:db8::9]");
            assertThat(v.port()).isEqualTo(5062);
            assertThat(v.received()).isEqualTo("2001:db8::1");
            assertThat(v.toString()).isEqualTo("SIP/2.0/UDP [2001:db8::9]:5062;branch=z9hG4bK1;received=2001:db8::1");
        }

        @Test
        void withParamsReplacesAll() {
            Via v = Via.of("UDP", "h.example.com", -1, "z9hG4bKx").withParams(Parameters.parse("branch=z9hG4bKy", null));
            assertThat(v.branch()).isEqualTo("z9hG4bKy");
            assertThat(v.hasRport()).isFalse();
            assertThat(v.received()).isNull();
        }

        @Test
        void rejectsInvalidValues() {
            assertThatThrownBy(() -> Via.of("UDP", "h", 0, "b")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Via.of("UDP", "h", 65536, "b")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Via.of("U DP", "h", -1, "b")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Via.of("UDP", "h", -1, "b").withRport(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("§20.16 CSeq")
    class CSeqTest {
        @ParameterizedTest(name = "''{0}''")
        @CsvSource(delimiter = '|', value = {"1 INVITE|1|INVITE", "  42   BYE |42|BYE", "2147483647 ACK|2147483647|ACK",
                "0 OPTIONS|0|OPTIONS", "007 FOO|7|FOO", "1\tINVITE|1|INVITE"})
        void parses(String value, long number, String method) {
            CSeq c = CSeq.parse(value);
            assertThat(c.number()).isEqualTo(number);
            assertThat(c.method()).isEqualTo(method);
        }

        @Test
        void knownMethodsAreInterned() {
            assertThat(CSeq.parse("1 " + new String("INVITE".toCharArray())).method()).isSameAs(SipMethod.INVITE);
        }

        @Test
        @DisplayName("§8.1.1.5: the sequence number is less than 2^31")
        void bounds() {
            assertThat(new CSeq(CSeq.MAX, "INVITE").number()).isEqualTo(2147483647L);
            assertThatThrownBy(() -> new CSeq(CSeq.MAX + 1, "INVITE")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new CSeq(-1, "INVITE")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new CSeq(1, "IN VITE")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> CSeq.parse("2147483648 INVITE")).isInstanceOf(SipParseException.class);
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"", "INVITE", "1", "1INVITE", "x 1", "-1 INVITE", "12345678901 INVITE", "1 IN VITE", "1 INVITE;x"})
        void rejectsMalformed(String value) {
            assertThatThrownBy(() -> CSeq.parse(value)).isInstanceOfSatisfying(SipParseException.class,
                    e -> assertThat(e.header()).isEqualTo("CSeq"));
        }

        @Test
        void toStringIsWireForm() {
            assertThat(new CSeq(4711, "INVITE")).hasToString("4711 INVITE");
        }
    }

    @Nested
    @DisplayName("RFC 4028 §4 Session-Expires")
    class SessionExpiresTest {
        @ParameterizedTest(name = "''{0}''")
        @CsvSource(delimiter = '|', value = {"1800;refresher=uac|1800|uac", "90 ; refresher=UAS|90|uas",
                "3600|3600|", "1800;x=y|1800|"})
        void parses(String value, long delta, String refresher) {
            SessionExpires se = SessionExpires.parse(value);
            assertThat(se.deltaSeconds()).isEqualTo(delta);
            assertThat(se.refresher()).isEqualTo(refresher);
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"", "abc", "-1", "0", "1800;refresher=both", "1800;refresher", "1800;refresher=",
                "99999999999", "1800;=x"})
        void rejectsMalformed(String value) {
            assertThatThrownBy(() -> SessionExpires.parse(value)).isInstanceOfSatisfying(SipParseException.class,
                    e -> assertThat(e.header()).isEqualTo("Session-Expires"));
        }

        @Test
        void ofAndToString() {
            assertThat(SessionExpires.of(1800, "uas")).hasToString("1800;refresher=uas");
            assertThat(SessionExpires.of(90, null)).hasToString("90");
            assertThat(SessionExpires.of(1800, "UAC").refresher()).isEqualTo("uac");
            assertThat(SessionExpires.parse(SessionExpires.of(1800, "uac").toString())).isEqualTo(SessionExpires.of(1800, "uac"));
        }

        @Test
        void constructorValidates() {
            assertThatThrownBy(() -> SessionExpires.of(0, null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SessionExpires.of(1800, "proxy")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void parseDeltaBounds() {
            assertThat(SessionExpires.parseDelta("0", "Content-Length")).isZero();
            assertThat(SessionExpires.parseDelta("4294967295", "Expires")).isEqualTo(4294967295L);
            assertThatThrownBy(() -> SessionExpires.parseDelta("4294967296", "Expires")).isInstanceOf(SipParseException.class);
        }
    }

    @Nested
    @DisplayName("§20.10 name-addr")
    class NameAddrTest {
        @Test
        void quotesDisplayNamesThatNeedIt() {
            NameAddr a = NameAddr.of("O'Neil, \"Bob\" \\ Jr", SipUri.of("bob", "b.example.com", -1)).withTag("1");
            assertThat(a.toString()).isEqualTo("\"O'Neil, \\\"Bob\\\" \\\\ Jr\" <sip:bob@b.example.com>;tag=1");
            NameAddr back = NameAddr.parse(a.toString(), "From");
            assertThat(back).isEqualTo(a);
            assertThat(back.displayText()).isEqualTo("O'Neil, \"Bob\" \\ Jr");
        }

        @Test
        void constructorRejectsUnquotedSpecials() {
            SipUri u = SipUri.of("bob", "b.example.com", -1);
            assertThatThrownBy(() -> new NameAddr("a,b", u, Parameters.EMPTY)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new NameAddr("\"open", u, Parameters.EMPTY)).isInstanceOf(IllegalArgumentException.class);
            assertThat(new NameAddr("Bob Smith", u, Parameters.EMPTY).toString()).isEqualTo("Bob Smith <sip:bob@b.example.com>");
        }

        @Test
        void addrSpecIsSerializedBracketed() {
            NameAddr a = NameAddr.parse("sip:bob@b.example.com;tag=x", "To");
            assertThat(a.toString()).isEqualTo("<sip:bob@b.example.com>;tag=x");
        }

        @Test
        void withersKeepTheRest() {
            NameAddr a = NameAddr.parse("\"B\" <sip:bob@b.example.com>;tag=1;x=y", "To");
            assertThat(a.withTag("2").toString()).isEqualTo("\"B\" <sip:bob@b.example.com>;tag=2;x=y");
            assertThat(a.withParam("expires", "0").params().get("expires")).hasValue("0");
            assertThat(a.withUri(SipUri.of(null, "c.example.com", -1)).toString())
                    .isEqualTo("\"B\" <sip:c.example.com>;tag=1;x=y");
        }

        @Test
        void unquotedUtf8DisplayNameIsTolerated() {
            assertThat(NameAddr.parse("José <sip:j@e.example.com>", "From").displayName()).isEqualTo("José");
        }
    }

    @Nested
    @DisplayName("§7.3.3 header names")
    class HeaderNamesTest {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({"v, Via", "f, From", "t, To", "i, Call-ID", "m, Contact", "l, Content-Length", "c, Content-Type",
                "k, Supported", "x, Session-Expires", "V, Via", "Q, Q", "From, From", "call-id, call-id"})
        void canonical(String name, String expected) {
            assertThat(HeaderNames.canonical(name)).isEqualTo(expected);
        }

        @Test
        void sameIgnoresCaseAndForm() {
            assertThat(HeaderNames.same("l", "CONTENT-LENGTH")).isTrue();
            assertThat(HeaderNames.same("x", "session-expires")).isTrue();
            assertThat(HeaderNames.same("To", "From")).isFalse();
            assertThat(new HeaderField("I", "x").is(HeaderNames.CALL_ID)).isTrue();
        }

        @Test
        void reasonPhrases() {
            assertThat(ReasonPhrases.of(180)).isEqualTo("Ringing");
            assertThat(ReasonPhrases.of(422)).isEqualTo("Session Interval Too Small");
            assertThat(ReasonPhrases.of(299)).isEqualTo("OK");
            assertThat(ReasonPhrases.of(699)).isEqualTo("Global Failure");
        }
    }
}
