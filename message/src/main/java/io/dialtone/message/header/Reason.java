package io.dialtone.message.header;

import io.dialtone.message.Parameters;
import io.dialtone.message.SipParseException;

import java.util.Objects;

/**
 * One element of the Reason header (RFC 3326 §2):
 * {@code SIP ;cause=200 ;text="Call completed elsewhere"} or {@code Q.850;cause=16;text="Terminated"}.
 *
 * @param protocol the protocol token as written ({@code SIP}, {@code Q.850}, {@code RELEASE_CAUSE})
 * @param cause    the {@code cause} parameter, or -1 when absent
 * @param text     the {@code text} parameter without quotes and escapes, or {@code null}
 * @param params   other parameters in order, never {@code null}
 */
public record Reason(String protocol, int cause, String text, Parameters params) {

    private static final String HEADER = "Reason";

    public Reason {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(params, "params");
        if (!io.dialtone.message.internal.Lexer.isToken(protocol)) {
            throw new IllegalArgumentException("protocol is not a token: " + protocol);
        }
        if (cause < -1) {
            throw new IllegalArgumentException("negative cause: " + cause);
        }
    }

    /** {@code protocol;cause=cause;text="text"}; {@code text} may be {@code null}. */
    public static Reason of(String protocol, int cause, String text) {
        return new Reason(protocol, cause, text, Parameters.EMPTY);
    }

    /**
     * Parses {@code protocol *(;reason-params)}.
     *
     * @throws SipParseException (400, Reason) when the cause is not numeric or the text is unterminated
     */
    public static Reason parse(String value) {
        String protocol = HeaderSyntax.token(HeaderSyntax.head(value, HEADER, "protocol"), HEADER, "protocol");
        Parameters p = HeaderSyntax.tail(value, HEADER);
        int cause = -1;
        if (p.has("cause")) {
            String c = p.get("cause").orElse("");
            if (c.isEmpty() || c.length() > 9 || !c.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                throw HeaderSyntax.fail(HEADER, "non-numeric cause '" + c + "'");
            }
            cause = Integer.parseInt(c);
        }
        String text = null;
        if (p.has("text")) {
            String t = p.get("text").orElse("");
            // tolerated deviation: an unquoted token as text
            text = HeaderSyntax.unquote(t);
        }
        return new Reason(protocol, cause, text, p.without("cause").without("text"));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(48).append(protocol);
        if (cause >= 0) {
            sb.append(";cause=").append(cause);
        }
        if (text != null) {
            sb.append(";text=").append(HeaderSyntax.quote(text));
        }
        params.appendTo(sb);
        return sb.toString();
    }
}
