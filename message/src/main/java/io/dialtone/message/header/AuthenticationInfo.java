package io.dialtone.message.header;

import io.dialtone.message.Parameters;
import io.dialtone.message.SipParseException;

import java.util.Locale;
import java.util.Objects;

/**
 * The Authentication-Info header (RFC 3261 §20.6, RFC 7616 §3.5):
 * {@code nextnonce="47364c23432d2e131a5fb210812c", qop=auth, rspauth="...", cnonce="...", nc=00000001}.
 * Parameters keep their order and written form; unknown ones survive a round trip.
 *
 * @param params the ainfo parameters, never {@code null}
 */
public record AuthenticationInfo(Parameters params) {

    private static final String HEADER = "Authentication-Info";

    public AuthenticationInfo {
        Objects.requireNonNull(params, "params");
    }

    /**
     * Parses {@code ainfo *(COMMA ainfo)}.
     *
     * @throws SipParseException (400, Authentication-Info) when malformed or {@code nc} is not 8 hex digits
     */
    public static AuthenticationInfo parse(String value) {
        Parameters p = HeaderSyntax.authParams(value, 0, HEADER);
        if (p.isEmpty()) {
            throw HeaderSyntax.fail(HEADER, "no parameters");
        }
        AuthSyntax.checkDigest(p, HEADER);
        return new AuthenticationInfo(p);
    }

    /** The text of parameter {@code name} (unquoted), or {@code null}. */
    public String param(String name) {
        return HeaderSyntax.text(params, name);
    }

    /** {@code nextnonce}: the nonce to use for the next request. */
    public String nextnonce() {
        return param("nextnonce");
    }

    /** {@code qop} in lower case, or {@code null}. */
    public String qop() {
        String q = param("qop");
        return q == null ? null : q.toLowerCase(Locale.ROOT);
    }

    /** {@code rspauth}: the server's response-digest proving it knows the secret. */
    public String rspauth() {
        return param("rspauth");
    }

    public String cnonce() {
        return param("cnonce");
    }

    /** {@code nc} as written (8 hex digits), or {@code null}. */
    public String nc() {
        return params.value("nc");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(96);
        HeaderSyntax.appendAuthParams(sb, params);
        return sb.toString();
    }
}
