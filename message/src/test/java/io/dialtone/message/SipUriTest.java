package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("RFC 3261 §19.1: SIP and SIPS URIs")
class SipUriTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "sip:bob@biloxi.example.com",
            "sip:biloxi.example.com",
            "sips:bob@biloxi.example.com:5061",
            "sip:alice:secret@atlanta.example.com;transport=tcp",
            "sip:+1-212-555-1212:1234@gateway.com;user=phone",
            "sip:alice@192.0.2.4:5070",
            "sip:[::1]:5060;transport=udp",
            "sip:bob@[2001:db8::10]",
            "sip:[::ffff:192.0.2.1]",
            "sip:p1.example.com;lr",
            "sip:atlanta.example.com;method=REGISTER?to=alice%40atlanta.com",
            "sip:alice;day=tuesday@atlanta.example.com",
            "sip:bob@biloxi.example.com;maddr=239.255.255.1;ttl=15",
    })
    void roundTripsAsWritten(String uri) {
        SipUri u = SipUri.parse(uri);
        assertThat(u.toString()).isEqualTo(uri);
        assertThat(SipUri.parse(u.toString())).isEqualTo(u);
    }

    @Test
    void splitsAllParts() {
        SipUri u = SipUri.parse("SIPS:alice:secret@[2001:db8::1]:5071;transport=TLS;lr;x=y?subject=hi&priority=urgent");
        assertThat(u.scheme()).isEqualTo("sips");
        assertThat(u.user()).isEqualTo("alice:secret");
        assertThat(u.userName()).isEqualTo("alice");
        assertThat(u.password()).isEqualTo("secret");
        assertThat(u.host()).isEqualTo("[2001:db8::1]");
        assertThat(u.hostAddress()).isEqualTo("2001:db8::1");
        assertThat(u.port()).isEqualTo(5071);
        assertThat(u.transportParam()).isEqualTo("tls");
        assertThat(u.looseRouting()).isTrue();
        assertThat(u.params().get("X")).hasValue("y");
        assertThat(u.headers()).isEqualTo("subject=hi&priority=urgent");
    }

    @Test
    void absentPartsAreNull() {
        SipUri u = SipUri.parse("sip:example.com");
        assertThat(u.user()).isNull();
        assertThat(u.userName()).isNull();
        assertThat(u.password()).isNull();
        assertThat(u.port()).isEqualTo(-1);
        assertThat(u.transportParam()).isNull();
        assertThat(u.looseRouting()).isFalse();
        assertThat(u.headers()).isNull();
        assertThat(SipUri.parse("sip:bob@example.com").password()).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"sip:h.example.com, 5060", "sips:h.example.com, 5061", "sip:h.example.com:5080, 5080",
            "sips:h.example.com:443, 443"})
    @DisplayName("§19.1.2: default ports")
    void portOrDefault(String uri, int port) {
        assertThat(SipUri.parse(uri).portOrDefault()).isEqualTo(port);
    }

    @Test
    void withersChangeOnePart() {
        SipUri u = SipUri.of("bob", "biloxi.example.com", -1);
        assertThat(u.withUser("carol").toString()).isEqualTo("sip:carol@biloxi.example.com");
        assertThat(u.withHostPort("[::1]", 5062).toString()).isEqualTo("sip:bob@[::1]:5062");
        assertThat(u.withParam("lr", null).withParam("transport", "tcp").toString())
                .isEqualTo("sip:bob@biloxi.example.com;lr;transport=tcp");
        assertThat(u.withParam("lr", null).withoutParam("LR")).isEqualTo(u);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"sip:", "sip:@h", "sip:bob@", "sip:h:", "sip:h:0", "sip:h:65536", "sip:h:12a",
            "sip:[::1", "sip:[]", "sip:[::1]x", "sip:[::1]:", "sip:[1:2:3]", "sip:[::1::2]", "sip:[12345::]",
            "sip:[1:2:3:4:5:6:7:8:9]", "sip:[::1.2.3]", "sip:[::256.1.1.1]", "sip:h;=x", "sip:h_h", "sip:a b@h",
            ":bob@h", "bob", "sip:h%"})
    void rejectsMalformed(String uri) {
        assertThatThrownBy(() -> SipUri.parse(uri)).isInstanceOfSatisfying(SipParseException.class,
                e -> assertThat(e.status()).isEqualTo(400));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"tel:+15551234567", "http://example.com", "mailto:a@b", "urn:service:sos"})
    @DisplayName("§8.2.2.1: other schemes are 416")
    void otherSchemesAre416(String uri) {
        assertThatThrownBy(() -> SipUri.parse(uri)).isInstanceOfSatisfying(SipParseException.class,
                e -> assertThat(e.status()).isEqualTo(416));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"::", "::1", "1::", "fe80::1:2", "2001:db8:0:0:0:0:0:1", "::ffff:192.0.2.1",
            "1:2:3:4:5:6:192.0.2.1", "ABCD:ef01::"})
    void acceptsIpv6Forms(String address) {
        assertThat(SipUri.parse("sip:[" + address + "]").hostAddress()).isEqualTo(address);
    }

    @Test
    void constructorRejectsBadPortAndHost() {
        assertThatThrownBy(() -> SipUri.of(null, "h", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SipUri.of(null, "h", 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SipUri.of(null, "", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
