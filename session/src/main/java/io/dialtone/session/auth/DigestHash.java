package io.dialtone.session.auth;

import io.dialtone.message.header.DigestAlgorithm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Digest computations of RFC 7616 §3.4.1–§3.4.4 (RFC 2617 §3.2.2 when there is no qop), with
 * the hash of an algorithm of RFC 8760 §2.2. Strings are hashed as UTF-8; results are lower-case
 * hex. Stateless and thread-safe.
 *
 * <p>HA1 is as secret as the password: callers never log it.
 */
final class DigestHash {
    private static final HexFormat HEX = HexFormat.of();

    private DigestHash() {
    }

    /** {@code H(data)} in lower-case hex. */
    static String h(DigestAlgorithm algorithm, byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance(algorithm.javaName()).digest(data));
        } catch (NoSuchAlgorithmException e) { // every Java 17 runtime has MD5, SHA-256 and SHA-512/256
            throw new IllegalStateException("JDK lacks " + algorithm.javaName(), e);
        }
    }

    /** {@code H(text)} over the UTF-8 bytes of {@code text}. */
    static String h(DigestAlgorithm algorithm, String text) {
        return h(algorithm, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code H(A1)} (RFC 7616 §3.4.2): {@code H(username:realm:password)}, and for the {@code -sess}
     * variants {@code H(H(username:realm:password):nonce:cnonce)}.
     */
    static String ha1(DigestAlgorithm algorithm, String username, String realm, String password, String nonce, String cnonce) {
        String ha1 = h(algorithm, username + ':' + realm + ':' + password);
        return algorithm.isSession() ? h(algorithm, ha1 + ':' + nonce + ':' + cnonce) : ha1;
    }

    /**
     * {@code H(A2)} (RFC 7616 §3.4.3): {@code H(method:uri)}, and for {@code auth-int}
     * {@code H(method:uri:H(body))} ({@code body} empty when the request has none).
     */
    static String ha2(DigestAlgorithm algorithm, String method, String uri, String qop, byte[] body) {
        String a2 = method + ':' + uri;
        if ("auth-int".equals(qop)) {
            a2 = a2 + ':' + h(algorithm, body);
        }
        return h(algorithm, a2);
    }

    /**
     * The request-digest (RFC 7616 §3.4.1): {@code H(HA1:nonce:nc:cnonce:qop:HA2)}, or without a qop
     * (RFC 2617 §3.2.2.1, RFC 2069 compatibility) {@code H(HA1:nonce:HA2)}.
     */
    static String response(DigestAlgorithm algorithm, String ha1, String nonce, String nc, String cnonce, String qop, String ha2) {
        if (qop == null) {
            return h(algorithm, ha1 + ':' + nonce + ':' + ha2);
        }
        return h(algorithm, ha1 + ':' + nonce + ':' + nc + ':' + cnonce + ':' + qop + ':' + ha2);
    }

    /** The hashed user name of RFC 7616 §3.4.4: {@code H(username:realm)}. */
    static String userhash(DigestAlgorithm algorithm, String username, String realm) {
        return h(algorithm, username + ':' + realm);
    }

    /** Compares two hex digests in time independent of where they differ (case-insensitive). */
    static boolean same(String expected, String actual) {
        if (actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                actual.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
