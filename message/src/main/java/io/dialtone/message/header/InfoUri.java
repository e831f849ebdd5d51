package io.dialtone.message.header;

import io.dialtone.message.Parameters;
import io.dialtone.message.SipParseException;

import java.util.Locale;
import java.util.Objects;

/**
 * One element of Alert-Info (RFC 3261 §20.4), Call-Info (§20.9) or Error-Info (§20.18): an
 * absolute URI in angle brackets with parameters, e.g.
 * {@code <http://www.example.com/alice/photo.jpg>;purpose=icon}. The URI may use any scheme
 * ({@code http}, {@code https}, {@code sip}, {@code urn}, {@code cid}) and is kept as written.
 *
 * @param uri    the URI without angle brackets
 * @param params parameters in order ({@code purpose}, {@code appearance}, ...), never {@code null}
 */
public record InfoUri(String uri, Parameters params) {

    public InfoUri {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(params, "params");
        if (!validUri(uri)) {
            throw new IllegalArgumentException("not an absolute URI: " + uri);
        }
    }

    /**
     * Parses {@code <absoluteURI> *(;param)}.
     *
     * @throws SipParseException (400, naming {@code header}) when the brackets or URI are missing or malformed
     */
    public static InfoUri parse(String value, String header) {
        String v = value.strip();
        if (v.isEmpty() || v.charAt(0) != '<') {
            throw HeaderSyntax.fail(header, "missing '<' before URI");
        }
        int gt = v.indexOf('>');
        if (gt < 0) {
            throw HeaderSyntax.fail(header, "missing '>' after URI");
        }
        String uri = v.substring(1, gt).strip();
        if (!validUri(uri)) {
            throw HeaderSyntax.fail(header, "invalid absolute URI '" + uri + "'");
        }
        String rest = v.substring(gt + 1).strip();
        if (!rest.isEmpty() && rest.charAt(0) != ';') {
            throw HeaderSyntax.fail(header, "junk after '>'");
        }
        return new InfoUri(uri, HeaderSyntax.params(rest, header));
    }

    public static InfoUri parse(String value) {
        return parse(value, null);
    }

    /** §25.1 absoluteURI: {@code scheme ":" ...} with no whitespace, brackets or quotes. */
    private static boolean validUri(String uri) {
        int colon = uri.indexOf(':');
        if (colon <= 0 || !Character.isLetter(uri.charAt(0))) {
            return false;
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= ' ' || c >= 0x7F || c == '<' || c == '>' || c == '"') {
                return false;
            }
            if (i < colon && !Character.isLetterOrDigit(c) && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    /** The URI scheme in lower case. */
    public String scheme() {
        return uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT);
    }

    /** The Call-Info {@code purpose} parameter ({@code icon}, {@code info}, {@code card}, ...), or {@code null}. */
    public String purpose() {
        return HeaderSyntax.text(params, "purpose");
    }

    @Override
    public String toString() {
        return "<" + uri + ">" + params;
    }
}
