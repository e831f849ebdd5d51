package io.dialtone.message.header;

import io.dialtone.message.Parameters;
import io.dialtone.message.SipParseException;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The credentials of Authorization (RFC 3261 §20.7) or Proxy-Authorization (§20.28):
 * {@code Digest username="bob", realm="biloxi.com", nonce="...", uri="sip:bob@biloxi.com",
 * response="...", algorithm=SHA-256, cnonce="...", qop=auth, nc=00000001}. Every auth-param is
 * kept in order with its value as written, so unknown parameters survive a round trip; the
 * accessors cover the Digest parameters of RFC 7616 §3.4 as adopted for SIP by RFC 8760.
 *
 * @param scheme  the auth-scheme as written ({@code Digest}, {@code Bearer}); compare ignoring case
 * @param token68 the RFC 7235 token68 form ({@code Bearer} access tokens, RFC 8898), or {@code null}
 * @param params  auth-params in order, values as written; never {@code null}
 */
public record Credentials(String scheme, String token68, Parameters params) {

    public Credentials {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(params, "params");
        if (!io.dialtone.message.internal.Lexer.isToken(scheme)) {
            throw new IllegalArgumentException("auth-scheme is not a token: " + scheme);
        }
        if (token68 != null && (!params.isEmpty() || !HeaderSyntax.isToken68(token68))) {
            throw new IllegalArgumentException("invalid token68: " + token68);
        }
    }

    /** Digest credentials without parameters; add them with {@link #withParam} and {@link #withUsernameStar}. */
    public static Credentials digest() {
        return new Credentials("Digest", null, Parameters.EMPTY);
    }

    /** {@code Bearer token} (RFC 8898 §2.2, RFC 6750). */
    public static Credentials bearer(String token) {
        return new Credentials("Bearer", token, Parameters.EMPTY);
    }

    /**
     * Parses {@code auth-scheme [token68 / auth-param *(COMMA auth-param)]}. For Digest also checks
     * that {@code nc} is 8 hex digits, {@code userhash} is {@code true}/{@code false}, and
     * {@code username*} is a valid RFC 8187 ext-value not combined with {@code username}.
     *
     * @throws SipParseException (400, naming {@code header}) when malformed
     */
    public static Credentials parse(String value, String header) {
        AuthSyntax.Parts p = AuthSyntax.parse(value, header);
        if (Challenge.isDigest(p.scheme())) {
            AuthSyntax.checkDigest(p.params(), header);
        }
        return new Credentials(p.scheme(), p.token68(), p.params());
    }

    /** Parses an Authorization value. */
    public static Credentials parse(String value) {
        return parse(value, "Authorization");
    }

    public boolean isDigest() {
        return Challenge.isDigest(scheme);
    }

    /**
     * A copy with parameter {@code name} set to {@code text}: quoted unless RFC 7616 §3.4 sends it
     * as a token ({@code algorithm}, {@code nc}, {@code qop}, {@code userhash}).
     *
     * @throws IllegalArgumentException when {@code nc} is not 8 hex digits
     */
    public Credentials withParam(String name, String text) {
        if (name.equalsIgnoreCase("nc") && !AuthSyntax.isNonceCount(text)) {
            throw new IllegalArgumentException("nc must be 8 hex digits: " + text);
        }
        return new Credentials(scheme, null, params.with(name, AuthSyntax.wireValue(name, text, AuthSyntax.CREDENTIAL_TOKENS)));
    }

    /** A copy with {@code nc} set to {@code count} as 8 lower-case hex digits. */
    public Credentials withNonceCount(long count) {
        return withParam("nc", String.format(Locale.ROOT, "%08x", count));
    }

    /** A copy carrying {@code name} as {@code username*} (RFC 8187 UTF-8 ext-value) instead of {@code username}. */
    public Credentials withUsernameStar(String name) {
        return new Credentials(scheme, null, params.without("username").with("username*", AuthSyntax.encodeExtValue(name)));
    }

    /** The text of parameter {@code name} (unquoted), or {@code null}. */
    public String param(String name) {
        return HeaderSyntax.text(params, name);
    }

    /** The user name: {@code username}, else the decoded {@code username*}; {@code null} when neither. */
    public String username() {
        String u = param("username");
        return u != null ? u : usernameStar();
    }

    /** The decoded {@code username*} (RFC 7616 §3.4, RFC 8187), or {@code null}. */
    public String usernameStar() {
        String s = params.value("username*");
        return s == null ? null : AuthSyntax.decodeExtValue(s, null);
    }

    public String realm() {
        return param("realm");
    }

    public String nonce() {
        return param("nonce");
    }

    /** {@code uri}: the digest-uri, normally the Request-URI (RFC 3261 §22.4). */
    public String uri() {
        return param("uri");
    }

    /** {@code response}: the request-digest in hex. */
    public String response() {
        return param("response");
    }

    /** {@code algorithm} as written, or {@code null} (MD5). */
    public String algorithm() {
        return param("algorithm");
    }

    /** The algorithm, MD5 when absent; empty when it is not one of RFC 7616's. */
    public Optional<DigestAlgorithm> digestAlgorithm() {
        String a = algorithm();
        return a == null ? Optional.of(DigestAlgorithm.MD5) : DigestAlgorithm.of(a);
    }

    public String cnonce() {
        return param("cnonce");
    }

    public String opaque() {
        return param("opaque");
    }

    /** {@code qop} in lower case ({@code auth} or {@code auth-int}), or {@code null}. */
    public String qop() {
        String q = param("qop");
        return q == null ? null : q.toLowerCase(Locale.ROOT);
    }

    /** {@code nc} as written (8 hex digits), or {@code null}. */
    public String nc() {
        return params.value("nc");
    }

    /** {@code nc} as a number, or -1 when absent. */
    public long nonceCount() {
        String nc = nc();
        return nc == null ? -1 : Long.parseLong(nc, 16);
    }

    /** {@code userhash=true}: {@code username} is the hash of user name and realm (RFC 7616 §3.4.4). */
    public boolean userhash() {
        return AuthSyntax.flag(params, "userhash");
    }

    @Override
    public String toString() {
        return AuthSyntax.format(scheme, token68, params);
    }
}
