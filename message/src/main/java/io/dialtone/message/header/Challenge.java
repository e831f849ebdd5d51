package io.dialtone.message.header;

import io.dialtone.message.Parameters;
import io.dialtone.message.SipParseException;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One challenge of WWW-Authenticate (RFC 3261 §20.44) or Proxy-Authenticate (§20.27):
 * {@code Digest realm="atlanta.example.com", qop="auth", nonce="...", algorithm=SHA-256}.
 * Every auth-param is kept in order with its value as written (quoted-strings with their quotes),
 * so unknown parameters survive a round trip; the accessors return the unquoted text of the
 * Digest parameters of RFC 7616 §3.3 as adopted for SIP by RFC 8760.
 *
 * @param scheme  the auth-scheme as written ({@code Digest}, {@code Bearer}); compare ignoring case
 * @param token68 the RFC 7235 token68 form of a non-Digest scheme, or {@code null}
 * @param params  auth-params in order, values as written; never {@code null}
 */
public record Challenge(String scheme, String token68, Parameters params) {

    public Challenge {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(params, "params");
        if (!io.dialtone.message.internal.Lexer.isToken(scheme)) {
            throw new IllegalArgumentException("auth-scheme is not a token: " + scheme);
        }
        if (token68 != null && (!params.isEmpty() || !HeaderSyntax.isToken68(token68))) {
            throw new IllegalArgumentException("invalid token68: " + token68);
        }
    }

    /** A Digest challenge with {@code realm} and {@code nonce}; add more with {@link #withParam}. */
    public static Challenge digest(String realm, String nonce) {
        return new Challenge("Digest", null, Parameters.EMPTY).withParam("realm", realm).withParam("nonce", nonce);
    }

    /**
     * Parses {@code auth-scheme [token68 / auth-param *(COMMA auth-param)]}; for Digest also
     * checks {@code stale} and {@code userhash} are {@code true}/{@code false}.
     *
     * @throws SipParseException (400, naming {@code header}) when malformed
     */
    public static Challenge parse(String value, String header) {
        AuthSyntax.Parts p = AuthSyntax.parse(value, header);
        if (isDigest(p.scheme())) {
            AuthSyntax.checkDigest(p.params(), header);
        }
        return new Challenge(p.scheme(), p.token68(), p.params());
    }

    /** Parses a WWW-Authenticate value. */
    public static Challenge parse(String value) {
        return parse(value, "WWW-Authenticate");
    }

    static boolean isDigest(String scheme) {
        return scheme.equalsIgnoreCase("Digest");
    }

    /** True for the Digest scheme (case-insensitive). */
    public boolean isDigest() {
        return isDigest(scheme);
    }

    /**
     * A copy with parameter {@code name} set to {@code text}: quoted unless RFC 7616 §3.3 sends it
     * as a token ({@code algorithm}, {@code stale}, {@code charset}, {@code userhash}).
     */
    public Challenge withParam(String name, String text) {
        return new Challenge(scheme, null, params.with(name, AuthSyntax.wireValue(name, text, AuthSyntax.CHALLENGE_TOKENS)));
    }

    /** The text of parameter {@code name} (unquoted), or {@code null}. */
    public String param(String name) {
        return HeaderSyntax.text(params, name);
    }

    /** {@code realm} (§3.3). */
    public String realm() {
        return param("realm");
    }

    /** {@code domain}: the space-separated URIs of the protection space; empty when absent. */
    public List<String> domain() {
        String d = param("domain");
        return d == null || d.isBlank() ? List.of() : List.of(d.strip().split("[ \t]+"));
    }

    /** {@code nonce}. */
    public String nonce() {
        return param("nonce");
    }

    /** {@code opaque}, echoed unchanged in the credentials. */
    public String opaque() {
        return param("opaque");
    }

    /** {@code stale=true}: the nonce expired but the credentials were right; retry without asking the user. */
    public boolean stale() {
        return AuthSyntax.flag(params, "stale");
    }

    /** {@code algorithm} as written, or {@code null} when absent (meaning MD5, RFC 3261 §22.4). */
    public String algorithm() {
        return param("algorithm");
    }

    /** The algorithm, MD5 when absent; empty when it is not one of RFC 7616's. */
    public Optional<DigestAlgorithm> digestAlgorithm() {
        String a = algorithm();
        return a == null ? Optional.of(DigestAlgorithm.MD5) : DigestAlgorithm.of(a);
    }

    /** {@code qop} options in lower case ({@code auth}, {@code auth-int}); empty when absent (RFC 2069 mode). */
    public List<String> qopOptions() {
        String q = param("qop");
        return AuthSyntax.commaList(q == null ? null : q.toLowerCase(Locale.ROOT));
    }

    /** {@code charset} ({@code UTF-8} is the only value RFC 7616 §3.3 allows), or {@code null}. */
    public String charset() {
        return param("charset");
    }

    /** {@code userhash=true}: the server accepts a hashed username (RFC 7616 §3.4.4). */
    public boolean userhash() {
        return AuthSyntax.flag(params, "userhash");
    }

    @Override
    public String toString() {
        return AuthSyntax.format(scheme, token68, params);
    }
}
