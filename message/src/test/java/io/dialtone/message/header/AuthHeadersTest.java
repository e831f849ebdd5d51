package io.dialtone.message.header;

import io.dialtone.message.HeaderType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;

import static io.dialtone.message.header.HeaderAssertions.rejects;
import static io.dialtone.message.header.HeaderAssertions.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@DisplayName("RFC 3261 §20.6, §20.7, §20.27, §20.28, §20.44; RFC 7616 §3.3–3.5, §3.9; RFC 8760")
class AuthHeadersTest {

    // RFC 7616 §3.9.1, unfolded as the message parser does
    static final String RFC7616_CHALLENGE_SHA256 = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", "
            + "algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
            + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    static final String RFC7616_CHALLENGE_MD5 = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", "
            + "algorithm=MD5, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
            + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    static final String RFC7616_CREDENTIALS_SHA256 = "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
            + "uri=\"/dir/index.html\", algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
            + "nc=00000001, cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, "
            + "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
            + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    static final String RFC7616_CREDENTIALS_MD5 = "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
            + "uri=\"/dir/index.html\", algorithm=MD5, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
            + "nc=00000001, cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, "
            + "response=\"8ca523f5e9506fed4657c9700eebdbec\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

    static Stream<Arguments> challenges() {
        return Stream.of(
                arguments(Headers.WWW_AUTHENTICATE, RFC7616_CHALLENGE_SHA256),
                arguments(Headers.WWW_AUTHENTICATE, RFC7616_CHALLENGE_MD5),
                // RFC 3261 §20.44 and §20.27
                arguments(Headers.WWW_AUTHENTICATE, "Digest realm=\"atlanta.com\", domain=\"sip:boxesbybob.com\", "
                        + "qop=\"auth\", nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE, algorithm=MD5"),
                arguments(Headers.PROXY_AUTHENTICATE, "Digest realm=\"atlanta.com\", domain=\"sip:ss1.carrier.com\", "
                        + "qop=\"auth\", nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE, algorithm=MD5"),
                // Asterisk (no space after commas), Kamailio with RFC 8760 SHA-256, FreeSWITCH
                arguments(Headers.WWW_AUTHENTICATE, "Digest realm=\"asterisk\",nonce=\"1615498863/3e8ec6a0a7d1be3e\","
                        + "opaque=\"4b6ad2d37d14c7ee\",algorithm=MD5,qop=\"auth\""),
                arguments(Headers.PROXY_AUTHENTICATE, "Digest realm=\"kamailio.org\", nonce=\"YHl2OGB5dQzi8o0bTO0m4sjzKP1ugbsp\", "
                        + "qop=\"auth\", algorithm=SHA-256"),
                arguments(Headers.WWW_AUTHENTICATE, "Digest realm=\"10.0.0.1\", nonce=\"bf4b6b0e-9c1f\", algorithm=SHA-512-256-sess, "
                        + "qop=\"auth,auth-int\", userhash=true, charset=UTF-8"),
                arguments(Headers.WWW_AUTHENTICATE, "Digest  realm = \"x\" ,  nonce=\"n\" ,, stale=true"),
                arguments(Headers.WWW_AUTHENTICATE, "Bearer realm=\"example.com\", scope=\"sip\", "
                        + "authz_server=\"https://as.example.com/token\""),
                arguments(Headers.WWW_AUTHENTICATE, "Digest realm=\"q\\\"uote\\\\d\", nonce=\"a,b\""),
                arguments(Headers.WWW_AUTHENTICATE, "Basic"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("challenges")
    void challengesRoundTrip(HeaderType<Challenge> type, String value) {
        assertThat(type.multiValued()).isFalse();
        roundTrip(type, value);
    }

    static Stream<Arguments> credentials() {
        return Stream.of(
                arguments(Headers.AUTHORIZATION, RFC7616_CREDENTIALS_SHA256),
                arguments(Headers.AUTHORIZATION, RFC7616_CREDENTIALS_MD5),
                // RFC 3261 §20.7 and §20.28
                arguments(Headers.AUTHORIZATION, "Digest username=\"Alice\", realm=\"atlanta.com\", "
                        + "nonce=\"84a4cc6f3082121f32b42a2187831a9e\", response=\"7587245234b3434cc3412213e5f113a5432\""),
                arguments(Headers.PROXY_AUTHORIZATION, "Digest username=\"Alice\", realm=\"atlanta.com\", "
                        + "nonce=\"c60f3082ee1212b402a21831ae\", response=\"245f23415f11432b3434341c022\""),
                // baresip style, RFC 8760 SHA-256 and SHA-512-256-sess
                arguments(Headers.AUTHORIZATION, "Digest username=\"alice\",realm=\"asterisk\",nonce=\"1615498863/3e8e\","
                        + "uri=\"sip:192.168.1.10\",response=\"6629fae49393a05397450978507c4ef1\",algorithm=MD5,"
                        + "cnonce=\"a3b7bd51\",opaque=\"4b6ad2d37d14c7ee\",qop=auth,nc=00000001"),
                arguments(Headers.PROXY_AUTHORIZATION, "Digest username=\"bob\", realm=\"kamailio.org\", "
                        + "nonce=\"YHl2OGB5dQzi8o0bTO0m4sjzKP1ugbsp\", uri=\"sip:bob@kamailio.org\", algorithm=SHA-256, "
                        + "response=\"5a1a2c0e5c1c3e5f0c4b3e9c0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b\", qop=auth, "
                        + "nc=0000000a, cnonce=\"0a4f113b\""),
                arguments(Headers.AUTHORIZATION, "Digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm=\"api@example.org\", "
                        + "uri=\"/doe.json\", algorithm=SHA-512-256-sess, nonce=\"5TsQ\", nc=FFFFFFFF, cnonce=\"NTg6\", "
                        + "qop=auth, response=\"ae66\", x-vendor=\"kept\""),
                arguments(Headers.AUTHORIZATION, "Bearer mF_9.B5f-4.1JqM"),
                arguments(Headers.AUTHORIZATION, "Bearer eyJhbGciOi=="));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("credentials")
    void credentialsRoundTrip(HeaderType<Credentials> type, String value) {
        roundTrip(type, value);
    }

    @Nested
    class ChallengeAccessors {
        @Test
        void rfc7616Sha256() {
            Challenge c = Headers.WWW_AUTHENTICATE.parse(RFC7616_CHALLENGE_SHA256);
            assertThat(c.isDigest()).isTrue();
            assertThat(c.realm()).isEqualTo("http-auth@example.org");
            assertThat(c.qopOptions()).containsExactly("auth", "auth-int");
            assertThat(c.algorithm()).isEqualTo("SHA-256");
            assertThat(c.digestAlgorithm()).contains(DigestAlgorithm.SHA_256);
            assertThat(c.nonce()).isEqualTo("7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v");
            assertThat(c.opaque()).isEqualTo("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
            assertThat(c.stale()).isFalse();
            assertThat(c.userhash()).isFalse();
            assertThat(c.charset()).isNull();
        }

        @Test
        void rfc3261() {
            Challenge c = Headers.WWW_AUTHENTICATE.parse("Digest realm=\"atlanta.com\", domain=\"sip:boxesbybob.com "
                    + "sip:b.example.com\", qop=\"auth\", nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE");
            assertThat(c.domain()).containsExactly("sip:boxesbybob.com", "sip:b.example.com");
            assertThat(c.opaque()).isEmpty();
            assertThat(c.stale()).isFalse();
            assertThat(c.algorithm()).isNull();
            assertThat(c.digestAlgorithm()).contains(DigestAlgorithm.MD5);
        }

        @Test
        void rfc7616Extras() {
            Challenge c = Headers.WWW_AUTHENTICATE.parse("Digest realm=\"api@example.org\", qop=\"auth\", "
                    + "algorithm=SHA-512-256, nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\", "
                    + "opaque=\"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS\", charset=UTF-8, userhash=true, stale=TRUE");
            assertThat(c.digestAlgorithm()).contains(DigestAlgorithm.SHA_512_256);
            assertThat(c.charset()).isEqualTo("UTF-8");
            assertThat(c.userhash()).isTrue();
            assertThat(c.stale()).isTrue();
        }

        @Test
        void escapesAndUnknownParameters() {
            Challenge c = roundTrip(Headers.WWW_AUTHENTICATE,
                    "Digest realm=\"a \\\"b\\\" \\\\c\", nonce=\"n\", x-ext=\"v, w\", x-tok=abc");
            assertThat(c.realm()).isEqualTo("a \"b\" \\c");
            assertThat(c.param("x-ext")).isEqualTo("v, w");
            assertThat(c.param("X-TOK")).isEqualTo("abc");
            assertThat(c).hasToString("Digest realm=\"a \\\"b\\\" \\\\c\", nonce=\"n\", x-ext=\"v, w\", x-tok=abc");
        }

        @Test
        void builtChallengeQuotesPerRfc7616() {
            Challenge c = Challenge.digest("sip.example.com", "abc\"d").withParam("algorithm", "SHA-256")
                    .withParam("qop", "auth").withParam("stale", "true").withParam("opaque", "o");
            assertThat(c).hasToString("Digest realm=\"sip.example.com\", nonce=\"abc\\\"d\", algorithm=SHA-256, "
                    + "qop=\"auth\", stale=true, opaque=\"o\"");
            assertThat(Headers.WWW_AUTHENTICATE.parse(c.toString())).isEqualTo(c);
            assertThat(c.nonce()).isEqualTo("abc\"d");
        }

        @Test
        void unknownAlgorithmIsKept() {
            Challenge c = Headers.WWW_AUTHENTICATE.parse("Digest realm=\"r\", nonce=\"n\", algorithm=AKAv1-MD5");
            assertThat(c.algorithm()).isEqualTo("AKAv1-MD5");
            assertThat(c.digestAlgorithm()).isEmpty();
        }
    }

    @Nested
    class CredentialAccessors {
        @Test
        void rfc7616Sha256() {
            Credentials c = Headers.AUTHORIZATION.parse(RFC7616_CREDENTIALS_SHA256);
            assertThat(c.username()).isEqualTo("Mufasa");
            assertThat(c.realm()).isEqualTo("http-auth@example.org");
            assertThat(c.uri()).isEqualTo("/dir/index.html");
            assertThat(c.digestAlgorithm()).contains(DigestAlgorithm.SHA_256);
            assertThat(c.nc()).isEqualTo("00000001");
            assertThat(c.nonceCount()).isEqualTo(1);
            assertThat(c.cnonce()).isEqualTo("f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");
            assertThat(c.qop()).isEqualTo("auth");
            assertThat(c.opaque()).isEqualTo("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
            assertThat(c.response()).isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
            assertThat(c.userhash()).isFalse();
        }

        /** The parsed values reproduce the RFC 7616 §3.9.1 responses (password "Circle of Life", GET). */
        @ParameterizedTest(name = "{0}")
        @MethodSource("io.dialtone.message.header.AuthHeadersTest#rfc7616Examples")
        void rfc7616ResponsesComputeFromParsedValues(String name, String header) throws Exception {
            Credentials c = Headers.AUTHORIZATION.parse(header);
            String alg = c.digestAlgorithm().orElseThrow().javaName();
            String ha1 = hex(alg, c.username() + ":" + c.realm() + ":Circle of Life");
            String ha2 = hex(alg, "GET:" + c.uri());
            String expected = hex(alg, ha1 + ":" + c.nonce() + ":" + c.nc() + ":" + c.cnonce() + ":" + c.qop() + ":" + ha2);
            assertThat(c.response()).isEqualTo(expected);
        }

        @Test
        void usernameStarIsDecoded() {
            Credentials c = Headers.AUTHORIZATION.parse(
                    "Digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm=\"api@example.org\", nc=0000000A");
            assertThat(c.usernameStar()).isEqualTo("J\u00e4s\u00f8n Doe");
            assertThat(c.username()).isEqualTo("J\u00e4s\u00f8n Doe");
            assertThat(c.nonceCount()).isEqualTo(10);
            Credentials built = Credentials.digest().withUsernameStar("J\u00e4s\u00f8n Doe");
            assertThat(built).hasToString("Digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe");
            assertThat(Credentials.parse("Digest username*=iso-8859-1'en'%A3%20rates").username()).isEqualTo("\u00a3 rates");
        }

        @Test
        void builtCredentialsQuotePerRfc7616() {
            Credentials c = Credentials.digest().withParam("username", "bob").withParam("realm", "biloxi.com")
                    .withParam("nonce", "dcd98b7102dd2f0e8b11d0f600bfb0c093").withParam("uri", "sip:bob@biloxi.com")
                    .withParam("algorithm", "SHA-512-256").withParam("qop", "auth").withNonceCount(1)
                    .withParam("cnonce", "0a4f113b").withParam("response", "6629fae4").withParam("userhash", "false");
            assertThat(c).hasToString("Digest username=\"bob\", realm=\"biloxi.com\", "
                    + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"sip:bob@biloxi.com\", algorithm=SHA-512-256, "
                    + "qop=auth, nc=00000001, cnonce=\"0a4f113b\", response=\"6629fae4\", userhash=false");
            assertThat(Headers.AUTHORIZATION.parse(c.toString())).isEqualTo(c);
            assertThat(Credentials.bearer("abc.def")).hasToString("Bearer abc.def");
        }

        @Test
        void toleratedQuotedQopAndUnquotedUri() {
            Credentials c = Headers.AUTHORIZATION.parse("Digest username=\"a\", uri=sip:b@c.com, qop=\"AUTH\", algorithm=\"MD5\"");
            assertThat(c.uri()).isEqualTo("sip:b@c.com");
            assertThat(c.qop()).isEqualTo("auth");
            assertThat(c.digestAlgorithm()).contains(DigestAlgorithm.MD5);
        }
    }

    static Stream<Arguments> rfc7616Examples() {
        return Stream.of(arguments("SHA-256", RFC7616_CREDENTIALS_SHA256), arguments("MD5", RFC7616_CREDENTIALS_MD5));
    }

    @Test
    void digestAlgorithmsOfRfc7616() {
        assertThat(DigestAlgorithm.of("md5-SESS")).contains(DigestAlgorithm.MD5_SESS);
        assertThat(DigestAlgorithm.of("SHA-256-sess")).contains(DigestAlgorithm.SHA_256_SESS);
        assertThat(DigestAlgorithm.of("SHA-512-256-sess")).contains(DigestAlgorithm.SHA_512_256_SESS);
        assertThat(DigestAlgorithm.SHA_512_256_SESS.isSession()).isTrue();
        assertThat(DigestAlgorithm.SHA_512_256.javaName()).isEqualTo("SHA-512/256");
        assertThat(DigestAlgorithm.of("SHA-1")).isEmpty();
    }

    static Stream<Arguments> authenticationInfo() {
        return Stream.of(
                arguments("nextnonce=\"47364c23432d2e131a5fb210812c\""),
                arguments("qop=auth, rspauth=\"6629fae49393a05397450978507c4ef1\", cnonce=\"0a4f113b\", nc=00000001"),
                arguments("nextnonce=\"n2\",qop=auth,rspauth=\"ab\",cnonce=\"c\",nc=00000002,x-ext=\"kept\""));
    }

    @ParameterizedTest(name = "Authentication-Info: {0}")
    @MethodSource
    void authenticationInfo(String value) {
        AuthenticationInfo a = roundTrip(Headers.AUTHENTICATION_INFO, value);
        assertThat(a.params().isEmpty()).isFalse();
    }

    @Test
    void authenticationInfoAccessors() {
        AuthenticationInfo a = Headers.AUTHENTICATION_INFO.parse(
                "nextnonce=\"n2\", qop=AUTH, rspauth=\"ab12\", cnonce=\"c\", nc=00000002, x-ext=\"kept\"");
        assertThat(a.nextnonce()).isEqualTo("n2");
        assertThat(a.qop()).isEqualTo("auth");
        assertThat(a.rspauth()).isEqualTo("ab12");
        assertThat(a.cnonce()).isEqualTo("c");
        assertThat(a.nc()).isEqualTo("00000002");
        assertThat(a.param("x-ext")).isEqualTo("kept");
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments(Headers.WWW_AUTHENTICATE, "", "missing auth-scheme"),
                arguments(Headers.WWW_AUTHENTICATE, "Digest nonce=\"n\", realm=\"unterminated", "unterminated quoted-string"),
                arguments(Headers.WWW_AUTHENTICATE, "Digest realm", "missing '='"),
                arguments(Headers.WWW_AUTHENTICATE, "Digest realm=\"a\" nonce=\"b\"", "expected ','"),
                arguments(Headers.WWW_AUTHENTICATE, "Digest realm=\"a\", realm=\"b\"", "duplicate auth-param"),
                arguments(Headers.WWW_AUTHENTICATE, "Digest realm=\"a\", stale=maybe", "stale must be true or false"),
                arguments(Headers.PROXY_AUTHENTICATE, "Digest realm=", "empty value"),
                arguments(Headers.PROXY_AUTHENTICATE, "Digest realm=\"a\", userhash=yes", "userhash must be true or false"),
                arguments(Headers.WWW_AUTHENTICATE, "Digest =\"a\"", "invalid auth-param name"),
                arguments(Headers.AUTHORIZATION, "Digest username=\"a\", nc=1", "nc must be 8 hex digits"),
                arguments(Headers.AUTHORIZATION, "Digest username=\"a\", nc=0000000g", "nc must be 8 hex digits"),
                arguments(Headers.AUTHORIZATION, "Digest username=\"a\", nc=\"00000001\"", "nc must be 8 hex digits"),
                arguments(Headers.AUTHORIZATION, "Digest username=\"a\", username*=UTF-8''a", "both username and username*"),
                arguments(Headers.AUTHORIZATION, "Digest username*=UTF-8''J%C3%A", "invalid percent-encoding"),
                arguments(Headers.AUTHORIZATION, "Digest username*=Jason", "invalid ext-value"),
                arguments(Headers.AUTHORIZATION, "Digest username*=KOI8-R''x", "unsupported ext-value charset"),
                arguments(Headers.PROXY_AUTHORIZATION, "Digest response=\"abc", "unterminated quoted-string"),
                arguments(Headers.AUTHORIZATION, "Digest\"x\"", "missing space after auth-scheme"),
                arguments(Headers.AUTHENTICATION_INFO, "nextnonce=\"abc", "unterminated quoted-string"),
                arguments(Headers.AUTHENTICATION_INFO, "nc=123", "nc must be 8 hex digits"),
                arguments(Headers.AUTHENTICATION_INFO, " ", "no parameters"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void rejected(HeaderType<?> type, String value, String reason) {
        rejects(type, value, reason);
    }

    private static String hex(String algorithm, String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
