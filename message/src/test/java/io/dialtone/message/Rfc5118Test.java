package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * RFC 5118 §4 (SIP torture test messages for IPv6): the twelve messages, written from the RFC's text
 * into {@code src/test/resources/rfc5118/}, with the outcome each section prescribes.
 *
 * <p>Deviation, not an exclusion: the Content-Length values printed in §4.6 (268), §4.8 (181) and §4.9
 * (236) do not match the SDP bodies printed with them (251, 189 and 245 octets with CRLF line ends);
 * the files carry the bodies' real lengths, since a wrong Content-Length is RFC 4475 §3.1.2.2's case,
 * not what these sections test.
 */
@DisplayName("RFC 5118: IPv6 torture test messages")
class Rfc5118Test {

    static byte[] load(String name) {
        try (InputStream in = Rfc5118Test.class.getResourceAsStream("/rfc5118/" + name + ".dat")) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SipRequest request(String name) {
        return (SipRequest) SipParser.parse(load(name));
    }

    @Test
    @DisplayName("§4.1 ipv6-good: IPv6 reference in the Request-URI, Via and Contact")
    void ipv6Good() {
        SipRequest r = request("ipv6-good");
        assertThat(r.requestUri().host()).isEqualTo("[2001:db8::10]");
        assertThat(r.requestUri().hostAddress()).isEqualTo("2001:db8::10");
        assertThat(r.topVia().host()).isEqualTo("[2001:db8::9:1]");
        assertThat(r.contacts().get(0).uri().host()).isEqualTo("[2001:db8::1]");
    }

    @Test
    @DisplayName("§4.2 ipv6-bad: an IPv6 address without brackets in the Request-URI is 400")
    void ipv6Bad() {
        byte[] b = load("ipv6-bad");
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> SipParser.parse(b));
        assertThat(e).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.header()).isNull();
    }

    @Test
    @DisplayName("§4.3 port-ambiguous: [2001:db8::10:5070] is an address without a port")
    void portAmbiguous() {
        SipUri u = request("port-ambiguous").requestUri();
        assertThat(u.hostAddress()).isEqualTo("2001:db8::10:5070");
        assertThat(u.port()).isEqualTo(-1);
        assertThat(u.equivalent(SipUri.parse("sip:[2001:db8::10]:5070"))).isFalse();
    }

    @Test
    @DisplayName("§4.4 port-unambiguous: [2001:db8::10]:5070 has port 5070")
    void portUnambiguous() {
        SipUri u = request("port-unambiguous").requestUri();
        assertThat(u.hostAddress()).isEqualTo("2001:db8::10");
        assertThat(u.port()).isEqualTo(5070);
    }

    @Test
    @DisplayName("§4.5 via-received-param-with-delim: received=[IPv6] is accepted")
    void viaReceivedWithDelimiters() {
        Via v = request("via-received-param-with-delim").topVia();
        assertThat(v.received()).isEqualTo("[2001:db8::9:255]");
        assertThat(v.receivedAddress()).isEqualTo("2001:db8::9:255");
        assertThat(v.branch()).isEqualTo("z9hG4bKas3-111");
    }

    @Test
    @DisplayName("§4.5 via-received-param-no-delim: received=IPv6 (the §25.1 form) is accepted")
    void viaReceivedWithoutDelimiters() {
        Via v = request("via-received-param-no-delim").topVia();
        assertThat(v.received()).isEqualTo("2001:db8::9:255");
        assertThat(v.receivedAddress()).isEqualTo("2001:db8::9:255");
    }

    @Test
    @DisplayName("§4.6 ipv6-in-sdp: IPv6 in the URIs and the SDP body")
    void ipv6InSdp() {
        SipRequest r = request("ipv6-in-sdp");
        assertThat(r.to().uri().hostAddress()).isEqualTo("2001:db8::10");
        assertThat(r.topVia().host()).isEqualTo("[2001:db8::20]");
        assertThat(r.bodyText()).contains("c=IN IP6 2001:db8::20");
    }

    @Test
    @DisplayName("§4.7 mult-ip-in-header: IPv6 and IPv4 Vias, IPv4 received on an IPv6 Via")
    void multipleIpsInHeaders() {
        SipRequest r = request("mult-ip-in-header");
        assertThat(r.vias()).extracting(Via::host).containsExactly("[2001:db8::9:1]", "192.0.2.1", "[2001:db8::9:255]");
        assertThat(r.vias().get(0).port()).isEqualTo(6050);
        assertThat(r.vias().get(2).received()).isEqualTo("192.0.2.200");
    }

    @Test
    @DisplayName("§4.8 mult-ip-in-sdp: IPv4 and IPv6 c= lines in one body")
    void multipleIpsInSdp() {
        SipRequest r = request("mult-ip-in-sdp");
        assertThat(r.bodyText()).contains("c=IN IP4 192.0.2.1", "c=IN IP6 2001:db8::1");
        assertThat(r.contacts().get(0).uri().hostAddress()).isEqualTo("2001:db8::9:1");
    }

    @Test
    @DisplayName("§4.9 ipv4-mapped-ipv6: ::ffff:192.0.2.10 forms in Via and Contact")
    void ipv4MappedIpv6() {
        SipRequest r = request("ipv4-mapped-ipv6");
        assertThat(r.vias()).extracting(Via::host).containsExactly("[::ffff:192.0.2.10]", "[::ffff:192.0.2.2]");
        assertThat(r.vias().get(0).port()).isEqualTo(19823);
        assertThat(r.contacts().get(0).uri().equivalent(SipUri.parse("sip:ted@[::FFFF:C000:0202]"))).isTrue();
    }

    @Test
    @DisplayName("§4.10 ipv6-bug-abnf-3-colons: 2001:db8:::192.0.2.1 is not an address, 400")
    void threeColonsAreRejected() {
        byte[] b = load("ipv6-bug-abnf-3-colons");
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> SipParser.parse(b));
        assertThat(e).isNotNull();
        assertThat(e.status()).isEqualTo(400);
    }

    @Test
    @DisplayName("§4.10 ipv6-correct-abnf-2-colons: 2001:db8::192.0.2.1 is an address")
    void twoColonsAreAccepted() {
        SipRequest r = request("ipv6-correct-abnf-2-colons");
        assertThat(r.requestUri().hostAddress()).isEqualTo("2001:db8::192.0.2.1");
        assertThat(r.to().uri().equivalent(SipUri.parse("sip:user@[2001:DB8:0:0:0:0:C000:201]"))).isTrue();
    }
}
