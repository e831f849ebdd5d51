package io.dialtone.message.header;

import java.util.Optional;

/**
 * The Digest {@code algorithm} values registered by RFC 7616 §3.3 / §6.1 and adopted for SIP by
 * RFC 8760 §2.2 (MD5 being the RFC 3261 §22.4 default when the parameter is absent). An unknown
 * value in a challenge is kept as a string by {@link Challenge#algorithm()}; this enum names the
 * ones a stack can compute.
 */
public enum DigestAlgorithm {
    MD5("MD5", "MD5", false),
    MD5_SESS("MD5-sess", "MD5", true),
    SHA_256("SHA-256", "SHA-256", false),
    SHA_256_SESS("SHA-256-sess", "SHA-256", true),
    SHA_512_256("SHA-512-256", "SHA-512/256", false),
    SHA_512_256_SESS("SHA-512-256-sess", "SHA-512/256", true);

    private final String token;
    private final String javaName;
    private final boolean session;

    DigestAlgorithm(String token, String javaName, boolean session) {
        this.token = token;
        this.javaName = javaName;
        this.session = session;
    }

    /** The token as registered, e.g. {@code SHA-512-256-sess}. */
    public String token() {
        return token;
    }

    /** The {@link java.security.MessageDigest} algorithm name, e.g. {@code SHA-512/256}. */
    public String javaName() {
        return javaName;
    }

    /** True for the {@code -sess} variants, whose A1 includes the nonce and cnonce (RFC 7616 §3.4.2). */
    public boolean isSession() {
        return session;
    }

    /** The algorithm named {@code token} (case-insensitive, RFC 7616 §3.3), or empty when unknown. */
    public static Optional<DigestAlgorithm> of(String token) {
        for (DigestAlgorithm a : values()) {
            if (a.token.equalsIgnoreCase(token)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return token;
    }
}
