package io.dialtone.message.header;

import io.dialtone.message.CSeq;
import io.dialtone.message.HeaderType;
import io.dialtone.message.SessionExpires;
import io.dialtone.message.Via;
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

@DisplayName("RFC 3262 §7, RFC 4028 §4–5, RFC 3891 §6.1, RFC 6665 §8.2, RFC 3326 §2, RFC 3329 §2.2; RFC 3261 §20.16, §20.42")
class ExtensionHeadersTest {

    static Stream<Arguments> rack() {
        return Stream.of(
                arguments("776656 1 INVITE", 776656L, 1L, "INVITE", "776656 1 INVITE"),
                arguments("  914768\t1   INVITE ", 914768L, 1L, "INVITE", "914768 1 INVITE"),
                arguments("4294967295 2147483647 UPDATE", 4294967295L, 2147483647L, "UPDATE", "4294967295 2147483647 UPDATE"));
    }

    @ParameterizedTest(name = "RAck: {0}")
    @MethodSource
    void rack(String value, long rseq, long cseq, String method, String wire) {
        RAck r = roundTrip(Headers.RACK, value);
        assertThat(r).isEqualTo(new RAck(rseq, cseq, method)).hasToString(wire);
        assertThat(r.matches(rseq, new CSeq(cseq, method))).isTrue();
        assertThat(RAck.of(rseq, new CSeq(cseq, method))).isEqualTo(r);
    }

    static Stream<Arguments> sessionTimers() {
        return Stream.of(
                arguments(Headers.SESSION_EXPIRES, "4000;refresher=uac"),
                arguments(Headers.SESSION_EXPIRES, "1800"),
                arguments(Headers.SESSION_EXPIRES, "90;refresher=UAS;x-ext=1"),
                arguments(Headers.MIN_SE, "3600"),
                arguments(Headers.MIN_SE, " 90 ;x-ext=\"a\""));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void sessionTimers(HeaderType<?> type, String value) {
        roundTrip(type, value);
    }

    @Test
    void minSeValue() {
        MinSe m = Headers.MIN_SE.parse("90;lr");
        assertThat(m.deltaSeconds()).isEqualTo(90);
        assertThat(m.params().has("lr")).isTrue();
        assertThat(MinSe.of(120)).hasToString("120");
        SessionExpires se = Headers.SESSION_EXPIRES.parse("1800;refresher=uac");
        assertThat(se.refresher()).isEqualTo("uac");
    }

    static Stream<Arguments> replaces() {
        return Stream.of(
                arguments("425928@bobster.example.org;to-tag=7743;from-tag=6472", "425928@bobster.example.org", "7743",
                        "6472", false, "425928@bobster.example.org;to-tag=7743;from-tag=6472"),
                arguments("98732@sip.example.com ;from-tag=r33th4x0r ;to-tag=ff87ff ;early-only", "98732@sip.example.com",
                        "ff87ff", "r33th4x0r", true, "98732@sip.example.com;to-tag=ff87ff;from-tag=r33th4x0r;early-only"),
                arguments("12345@192.168.118.3;to-tag=12345;from-tag=5FFE-3994;x-ext=1", "12345@192.168.118.3", "12345",
                        "5FFE-3994", false, "12345@192.168.118.3;to-tag=12345;from-tag=5FFE-3994;x-ext=1"));
    }

    @ParameterizedTest(name = "Replaces: {0}")
    @MethodSource
    void replaces(String value, String callId, String toTag, String fromTag, boolean early, String wire) {
        Replaces r = roundTrip(Headers.REPLACES, value);
        assertThat(r.callId()).isEqualTo(callId);
        assertThat(r.toTag()).isEqualTo(toTag);
        assertThat(r.fromTag()).isEqualTo(fromTag);
        assertThat(r.earlyOnly()).isEqualTo(early);
        assertThat(r).hasToString(wire);
    }

    static Stream<Arguments> events() {
        return Stream.of(
                arguments("presence", "presence", null, "presence"),
                arguments("refer;id=93809824", "refer", "93809824", "refer"),
                arguments("presence.winfo", "presence.winfo", null, "presence"),
                arguments("dialog ; id = 1234 ; call-id=xyz@h;from-tag=ab", "dialog", "1234", "dialog"),
                arguments("message-summary", "message-summary", null, "message-summary"),
                arguments("conference;x-ext=\"a\"", "conference", null, "conference"));
    }

    @ParameterizedTest(name = "Event: {0}")
    @MethodSource
    void events(String value, String type, String id, String pkg) {
        Event e = roundTrip(Headers.EVENT, value);
        assertThat(e.eventType()).isEqualTo(type);
        assertThat(e.id()).isEqualTo(id);
        assertThat(e.eventPackage()).isEqualTo(pkg);
    }

    @Test
    void eventUnknownParametersAndMatching() {
        Event e = Headers.EVENT.parse("dialog;id=1234;call-id=xyz@h;from-tag=ab");
        assertThat(e).hasToString("dialog;id=1234;call-id=xyz@h;from-tag=ab");
        assertThat(e.params().get("call-id")).contains("xyz@h");
        assertThat(e.sameSubscription(Headers.EVENT.parse("DIALOG;id=1234"))).isTrue();
        assertThat(e.sameSubscription(Event.of("dialog"))).isFalse();
    }

    static Stream<Arguments> subscriptionStates() {
        return Stream.of(
                arguments("active;expires=3600", "active", null, 3600L, -1L, "active;expires=3600"),
                arguments("pending; expires=60", "pending", null, 60L, -1L, "pending;expires=60"),
                arguments("terminated;reason=timeout", "terminated", "timeout", -1L, -1L,
                        "terminated;reason=timeout"),
                arguments("Terminated;reason=Probation;retry-after=30", "terminated", "probation", -1L, 30L,
                        "terminated;reason=probation;retry-after=30"),
                arguments("active;x-ext=1;expires=10", "active", null, 10L, -1L, "active;expires=10;x-ext=1"));
    }

    @ParameterizedTest(name = "Subscription-State: {0}")
    @MethodSource
    void subscriptionStates(String value, String state, String reason, long expires, long retry, String wire) {
        SubscriptionState s = roundTrip(Headers.SUBSCRIPTION_STATE, value);
        assertThat(s.state()).isEqualTo(state);
        assertThat(s.reason()).isEqualTo(reason);
        assertThat(s.expiresSeconds()).isEqualTo(expires);
        assertThat(s.retryAfterSeconds()).isEqualTo(retry);
        assertThat(s).hasToString(wire);
        assertThat(SubscriptionState.active(3600)).hasToString("active;expires=3600");
        assertThat(SubscriptionState.terminated("noresource")).hasToString("terminated;reason=noresource");
    }

    static Stream<Arguments> reasons() {
        return Stream.of(
                arguments("SIP ;cause=200 ;text=\"Call completed elsewhere\"", "SIP", 200, "Call completed elsewhere",
                        "SIP;cause=200;text=\"Call completed elsewhere\""),
                arguments("Q.850 ;cause=16 ;text=\"Terminated\"", "Q.850", 16, "Terminated", "Q.850;cause=16;text=\"Terminated\""),
                arguments("SIP;cause=600;text=\"Busy Everywhere\"", "SIP", 600, "Busy Everywhere",
                        "SIP;cause=600;text=\"Busy Everywhere\""),
                arguments("Q.850;cause=31", "Q.850", 31, null, "Q.850;cause=31"),
                arguments("SIP;text=\"say \\\"bye\\\"\";cause=487;x-vendor=abc", "SIP", 487, "say \"bye\"",
                        "SIP;cause=487;text=\"say \\\"bye\\\"\";x-vendor=abc"),
                arguments("RELEASE_CAUSE;cause=1;text=\"Normal\"", "RELEASE_CAUSE", 1, "Normal",
                        "RELEASE_CAUSE;cause=1;text=\"Normal\""));
    }

    @ParameterizedTest(name = "Reason: {0}")
    @MethodSource
    void reasons(String value, String protocol, int cause, String text, String wire) {
        Reason r = roundTrip(Headers.REASON, value);
        assertThat(r.protocol()).isEqualTo(protocol);
        assertThat(r.cause()).isEqualTo(cause);
        assertThat(r.text()).isEqualTo(text);
        assertThat(r).hasToString(wire);
    }

    static Stream<Arguments> security() {
        return Stream.of(
                arguments(Headers.SECURITY_CLIENT, "digest", "digest", -1.0),
                arguments(Headers.SECURITY_SERVER, "ipsec-ike;q=0.1", "ipsec-ike", 0.1),
                arguments(Headers.SECURITY_SERVER, "tls;q=0.2", "tls", 0.2),
                arguments(Headers.SECURITY_VERIFY, "tls;q=0.2", "tls", 0.2),
                arguments(Headers.SECURITY_CLIENT, "ipsec-3gpp; alg=hmac-sha-1-96; spi-c=23456789; spi-s=12345678; "
                        + "port-c=2468; port-s=1357", "ipsec-3gpp", -1.0),
                arguments(Headers.SECURITY_VERIFY, "digest;d-alg=md5;d-qop=auth;d-ver=\"0000000000000000000000000000abcd\";q=0.1",
                        "digest", 0.1));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void security(HeaderType<SecurityMechanism> type, String value, String mechanism, double q) {
        SecurityMechanism m = roundTrip(type, value);
        assertThat(m.mechanism()).isEqualTo(mechanism);
        assertThat(m.q()).isEqualTo(q);
    }

    @Test
    void securityDigestParameters() {
        SecurityMechanism m = Headers.SECURITY_VERIFY.parse(
                "digest;d-alg=md5;d-qop=auth-int;d-ver=\"0000000000000000000000000000abcd\";x-ext=7");
        assertThat(m.digestAlgorithm()).isEqualTo("md5");
        assertThat(m.digestQop()).isEqualTo("auth-int");
        assertThat(m.digestVerify()).isEqualTo("0000000000000000000000000000abcd");
        assertThat(m.param("x-ext")).isEqualTo("7");
        assertThat(Headers.SECURITY_CLIENT.parse("ipsec-3gpp;alg=hmac-md5-96;spi-c=1;port-c=5062").param("port-c"))
                .isEqualTo("5062");
    }

    @Test
    void existingValueTypes() {
        Via v = roundTrip(Headers.VIA, "SIP/2.0/UDP 192.0.2.1:5060 ;received=192.0.2.207;branch=z9hG4bK77asjd");
        assertThat(v.host()).isEqualTo("192.0.2.1");
        assertThat(roundTrip(Headers.CSEQ, "4711 INVITE")).isEqualTo(new CSeq(4711, "INVITE"));
        assertThat(Headers.VIA.multiValued()).isTrue();
        assertThat(Headers.CSEQ.multiValued()).isFalse();
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments(Headers.RACK, "776656 1", "expected response-num, CSeq-num and method"),
                arguments(Headers.RACK, "abc 1 INVITE", "non-numeric response-num"),
                arguments(Headers.RACK, "776656 x INVITE", "non-numeric CSeq-num"),
                arguments(Headers.RACK, "-1 1 INVITE", "non-numeric response-num"),
                arguments(Headers.RACK, "0 1 INVITE", "response-num out of range"),
                arguments(Headers.RACK, "1 2147483648 INVITE", "CSeq-num out of range"),
                arguments(Headers.RACK, "4294967296 1 INVITE", "response-num out of range"),
                arguments(Headers.RACK, "1 1 INV;TE", "invalid method"),
                arguments(Headers.RACK, "1 1 INVITE extra", "expected response-num"),
                arguments(Headers.MIN_SE, "ninety", "invalid delta-seconds"),
                arguments(Headers.MIN_SE, ";x=1", "missing delta-seconds"),
                arguments(Headers.SESSION_EXPIRES, "0", "at least 1"),
                arguments(Headers.SESSION_EXPIRES, "1800;refresher=both", "refresher must be uac or uas"),
                arguments(Headers.REPLACES, "abc@h;to-tag=1", "missing from-tag"),
                arguments(Headers.REPLACES, "abc@h;from-tag=1", "missing to-tag"),
                arguments(Headers.REPLACES, ";to-tag=1;from-tag=2", "missing Call-ID"),
                arguments(Headers.REPLACES, "a b@h;to-tag=1;from-tag=2", "invalid Call-ID"),
                arguments(Headers.REPLACES, "a@h;to-tag=1;from-tag=2;early-only=yes", "early-only takes no value"),
                arguments(Headers.EVENT, "pres ence", "invalid event type"),
                arguments(Headers.EVENT, "refer;id", "id parameter needs a value"),
                arguments(Headers.EVENT, "refer;id=\"1", "unterminated quoted-string"),
                arguments(Headers.SUBSCRIPTION_STATE, "active;expires=soon", "invalid delta-seconds"),
                arguments(Headers.SUBSCRIPTION_STATE, "active;expires", "needs a value"),
                arguments(Headers.SUBSCRIPTION_STATE, "terminated;reason=\"time out\"", "invalid reason"),
                arguments(Headers.SUBSCRIPTION_STATE, "", "missing state"),
                arguments(Headers.REASON, "Q.850;cause=sixteen", "non-numeric cause"),
                arguments(Headers.REASON, "SIP;cause=200;text=\"unterminated", "unterminated quoted-string"),
                arguments(Headers.REASON, "S I P;cause=200", "invalid protocol"),
                arguments(Headers.SECURITY_CLIENT, "tls;q=high", "invalid q value"),
                arguments(Headers.SECURITY_VERIFY, "digest;d-ver=0000abcd", "d-ver must be a quoted-string"),
                arguments(Headers.SECURITY_SERVER, "", "missing mechanism"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void rejected(HeaderType<?> type, String value, String reason) {
        rejects(type, value, reason);
    }
}
