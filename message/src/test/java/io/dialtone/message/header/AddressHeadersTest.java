package io.dialtone.message.header;

import io.dialtone.message.HeaderType;
import io.dialtone.message.NameAddr;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.dialtone.message.header.HeaderAssertions.rejects;
import static io.dialtone.message.header.HeaderAssertions.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@DisplayName("RFC 3261 §20.4, §20.9, §20.10, §20.18, §20.20, §20.30, §20.31, §20.34, §20.39; RFC 3325, 3327, 3515, 3892")
class AddressHeadersTest {

    static Stream<Arguments> nameAddrs() {
        return Stream.of(
                arguments(Headers.FROM, "\"A. G. Bell\" <sip:agb@bell-telephone.com> ;tag=a48s", "sip:agb@bell-telephone.com"),
                arguments(Headers.FROM, "sip:+12125551212@server.phone2net.com;tag=887s", "sip:+12125551212@server.phone2net.com"),
                arguments(Headers.TO, "The Operator <sip:operator@cs.columbia.edu>;tag=287447", "sip:operator@cs.columbia.edu"),
                arguments(Headers.REPLY_TO, "Bob <sip:bob@biloxi.com>", "sip:bob@biloxi.com"),
                arguments(Headers.ROUTE, "<sip:bigbox3.site3.atlanta.com;lr>", "sip:bigbox3.site3.atlanta.com;lr"),
                arguments(Headers.RECORD_ROUTE, "<sip:server10.biloxi.com;lr>", "sip:server10.biloxi.com;lr"),
                arguments(Headers.PATH, "<sip:P3.EXAMPLEHOME.COM;lr>", "sip:P3.EXAMPLEHOME.COM;lr"),
                arguments(Headers.PATH, "<sip:term@pcscf.example.net;lr;ob>", "sip:term@pcscf.example.net;lr;ob"),
                arguments(Headers.P_ASSERTED_IDENTITY, "\"Cullen Jennings\" <sip:fluffy@cisco.com>", "sip:fluffy@cisco.com"),
                arguments(Headers.P_ASSERTED_IDENTITY, "tel:+14085264000", "tel:+14085264000"),
                arguments(Headers.P_ASSERTED_IDENTITY, "<tel:+14085264000;phone-context=example.com>",
                        "tel:+14085264000;phone-context=example.com"),
                arguments(Headers.P_PREFERRED_IDENTITY, "<sip:alice@atlanta.example.com>", "sip:alice@atlanta.example.com"),
                arguments(Headers.REFER_TO, "sip:bob@biloxi.example.net", "sip:bob@biloxi.example.net"),
                arguments(Headers.REFER_TO, "<sip:dave@denver.example.org?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345"
                        + "%3Bfrom-tag%3D5FFE-3994>", "sip:dave@denver.example.org?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345"
                        + "%3Bfrom-tag%3D5FFE-3994"),
                arguments(Headers.REFERRED_BY, "<sip:referrer@referrer.example>;cid=\"20398823.2UWQFN309shb3@referrer.example\"",
                        "sip:referrer@referrer.example"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void nameAddrs(HeaderType<NameAddr> type, String value, String uri) {
        NameAddr a = roundTrip(type, value);
        assertThat(a.address().toString()).isEqualTo(uri);
    }

    @Test
    void multiValuedness() {
        assertThat(Headers.ROUTE.multiValued()).isTrue();
        assertThat(Headers.RECORD_ROUTE.multiValued()).isTrue();
        assertThat(Headers.PATH.multiValued()).isTrue();
        assertThat(Headers.P_ASSERTED_IDENTITY.multiValued()).isTrue();
        assertThat(Headers.CONTACT.multiValued()).isTrue();
        assertThat(Headers.FROM.multiValued()).isFalse();
        assertThat(Headers.REFER_TO.multiValued()).isFalse();
        assertThat(Headers.REFERRED_BY.multiValued()).isFalse();
    }

    @Test
    void unknownParametersSurvive() {
        NameAddr r = roundTrip(Headers.REFERRED_BY, "<sip:r@referrer.example>;cid=\"x@y\";x-new=1;flag");
        assertThat(r.params().get("cid")).contains("\"x@y\"");
        assertThat(r).hasToString("<sip:r@referrer.example>;cid=\"x@y\";x-new=1;flag");
    }

    static Stream<Arguments> contacts() {
        return Stream.of(
                arguments("\"Mr. Watson\" <sip:watson@worcester.bell-telephone.com>;q=0.7; expires=3600", 3600L, 0.7),
                arguments("<sips:bob@192.0.2.4>;expires=60", 60L, -1.0),
                arguments("\"Mr. Watson\" <mailto:watson@bell-telephone.com> ;q=0.1", -1L, 0.1),
                arguments("<sip:alice@192.0.2.1:5060;transport=udp;ob>;+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0>\";reg-id=1",
                        -1L, -1.0),
                arguments("sip:alice@[2001:db8::10]:5070;expires=0", 0L, -1.0),
                arguments("<sip:100@10.0.0.5:5060;line=abc>;q=1.0;+sip.ice", -1L, 1.0));
    }

    @ParameterizedTest(name = "Contact: {0}")
    @MethodSource
    void contacts(String value, long expires, double q) {
        Contact c = roundTrip(Headers.CONTACT, value);
        assertThat(c.isWildcard()).isFalse();
        assertThat(c.expiresSeconds()).isEqualTo(expires);
        assertThat(c.q()).isEqualTo(q);
    }

    @Test
    void wildcardContact() {
        Contact c = roundTrip(Headers.CONTACT, " * ");
        assertThat(c.isWildcard()).isTrue();
        assertThat(c).isEqualTo(Contact.WILDCARD).hasToString("*");
        assertThat(c.expiresSeconds()).isEqualTo(-1);
    }

    static Stream<Arguments> infoUris() {
        return Stream.of(
                arguments(Headers.CALL_INFO, "<http://wwww.example.com/alice/photo.jpg> ;purpose=icon", "icon", "http"),
                arguments(Headers.CALL_INFO, "<http://www.example.com/alice/> ;purpose=info", "info", "http"),
                arguments(Headers.CALL_INFO, "<sip:alice@pbx.example.com>;appearance-index=2;appearance-state=active", null, "sip"),
                arguments(Headers.CALL_INFO, "<urn:uuid:3f3b2d1c-4a7e>;purpose=\"emergency-CallId\"", "emergency-CallId", "urn"),
                arguments(Headers.ALERT_INFO, "<http://www.example.com/sounds/moo.wav>", null, "http"),
                arguments(Headers.ALERT_INFO, "<http://127.0.0.1/Bellcore-dr2>;x-line-id=0", null, "http"),
                arguments(Headers.ALERT_INFO, "<urn:alert:service:call-waiting>", null, "urn"),
                arguments(Headers.ERROR_INFO, "<sip:not-in-service-recording@atlanta.com>", null, "sip"),
                arguments(Headers.ERROR_INFO, "<HTTPS://example.com/err?a=1,2>", null, "https"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void infoUris(HeaderType<InfoUri> type, String value, String purpose, String scheme) {
        InfoUri i = roundTrip(type, value);
        assertThat(i.purpose()).isEqualTo(purpose);
        assertThat(i.scheme()).isEqualTo(scheme);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments(Headers.FROM, "\"Alice <sip:alice@atlanta.com>", "unterminated"),
                arguments(Headers.TO, "<sip:bob@biloxi.com", "missing '>'"),
                arguments(Headers.ROUTE, "<sip:p1.example.com;lr> junk", "junk after '>'"),
                arguments(Headers.CONTACT, "<sip:a@b.com>;expires=soon", "invalid delta-seconds"),
                arguments(Headers.CONTACT, "<sip:a@b.com>;q=2", "invalid q value"),
                arguments(Headers.REFER_TO, "<sip:bob@>", "invalid host"),
                arguments(Headers.CALL_INFO, "http://example.com/photo.jpg;purpose=icon", "missing '<'"),
                arguments(Headers.CALL_INFO, "<http://example.com/photo.jpg;purpose=icon", "missing '>'"),
                arguments(Headers.ALERT_INFO, "<moo.wav>", "invalid absolute URI"),
                arguments(Headers.ERROR_INFO, "<sip:x@y.com> ;purpose=\"x", "unterminated quoted-string"),
                arguments(Headers.CALL_INFO, "<http://a.com/> x", "junk after '>'"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void rejected(HeaderType<?> type, String value, String reason) {
        rejects(type, value, reason);
    }
}
