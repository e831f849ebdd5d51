package io.dialtone.session.auth;

import io.dialtone.message.header.DigestAlgorithm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.dialtone.message.header.DigestAlgorithm.MD5;
import static io.dialtone.message.header.DigestAlgorithm.MD5_SESS;
import static io.dialtone.message.header.DigestAlgorithm.SHA_256;
import static io.dialtone.message.header.DigestAlgorithm.SHA_512_256;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 7616 §3.4 / RFC 2617 §3.2.2 digest computations, on the published examples")
class DigestHashTest {

    // RFC 7616 §3.9.1 (password "Circle of Life" with a lower-case o: erratum 4495)
    private static final String REALM_7616 = "http-auth@example.org";
    private static final String NONCE_7616 = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String CNONCE_7616 = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    private static String rfc7616Response(DigestAlgorithm a) {
        String ha1 = DigestHash.ha1(a, "Mufasa", REALM_7616, "Circle of Life", NONCE_7616, CNONCE_7616);
        String ha2 = DigestHash.ha2(a, "GET", "/dir/index.html", "auth", new byte[0]);
        return DigestHash.response(a, ha1, NONCE_7616, "00000001", CNONCE_7616, "auth", ha2);
    }

    @Test
    void rfc7616Section391Md5() {
        assertThat(rfc7616Response(MD5)).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void rfc7616Section391Sha256() {
        assertThat(rfc7616Response(SHA_256)).isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void rfc2617Section35Md5QopAuth() {
        String ha1 = DigestHash.ha1(MD5, "Mufasa", "testrealm@host.com", "Circle Of Life", null, null);
        String ha2 = DigestHash.ha2(MD5, "GET", "/dir/index.html", "auth", new byte[0]);
        assertThat(DigestHash.response(MD5, ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth", ha2))
                .isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void sha512256IsTheTruncatedSha512OfFips180() {
        // FIPS 180-4 example "abc" for SHA-512/256 (RFC 8760 §2.2 names this hash SHA-512-256)
        assertThat(DigestHash.h(SHA_512_256, "abc")).isEqualTo("53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");
    }

    @Test
    void sessVariantsHashTheNonceAndCnonceIntoA1() {
        String plain = md5("Mufasa:" + REALM_7616 + ":Circle of Life");
        assertThat(DigestHash.ha1(MD5_SESS, "Mufasa", REALM_7616, "Circle of Life", NONCE_7616, CNONCE_7616))
                .isEqualTo(md5(plain + ":" + NONCE_7616 + ":" + CNONCE_7616));
        assertThat(DigestHash.ha1(MD5, "Mufasa", REALM_7616, "Circle of Life", NONCE_7616, CNONCE_7616)).isEqualTo(plain);
    }

    @Test
    void authIntHashesTheBodyIntoA2() {
        byte[] body = "v=0\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(DigestHash.ha2(MD5, "INVITE", "sip:bob@biloxi.com", "auth-int", body))
                .isEqualTo(md5("INVITE:sip:bob@biloxi.com:" + md5("v=0\r\n")));
        assertThat(DigestHash.ha2(MD5, "INVITE", "sip:bob@biloxi.com", "auth", body)).isEqualTo(md5("INVITE:sip:bob@biloxi.com"));
    }

    @Test
    void withoutQopTheResponseIsRfc2617Compatible() {
        assertThat(DigestHash.response(MD5, "A", "N", null, null, null, "B")).isEqualTo(md5("A:N:B"));
    }

    @Test
    void userhashIsTheHashOfUserAndRealm() {
        assertThat(DigestHash.userhash(MD5, "Mufasa", REALM_7616)).isEqualTo(md5("Mufasa:" + REALM_7616));
    }

    @Test
    void sameIgnoresCaseAndRejectsNull() {
        assertThat(DigestHash.same("abc0", "ABC0")).isTrue();
        assertThat(DigestHash.same("abc0", "abc1")).isFalse();
        assertThat(DigestHash.same("abc0", null)).isFalse();
    }

    /** An independent MD5 (the JDK's, not through DigestHash). */
    static String md5(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
