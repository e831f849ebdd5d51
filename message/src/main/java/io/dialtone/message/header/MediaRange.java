package io.dialtone.message.header;

import io.dialtone.message.Parameters;
import io.dialtone.message.SipParseException;
import io.dialtone.message.internal.Lexer;

import java.util.Locale;
import java.util.Objects;

/**
 * A media type or range: the value of Content-Type (RFC 3261 §20.15) and one element of Accept
 * (§20.1), e.g. {@code application/sdp}, {@code multipart/mixed;boundary=unique-boundary-1},
 * {@code text/*;q=0.5}. Type and subtype are case-insensitive and kept in lower case; parameters
 * keep their order and spelling.
 *
 * @param type    lower-case type, or {@code *}
 * @param subtype lower-case subtype, or {@code *}
 * @param params  parameters in order ({@code charset}, {@code boundary}, {@code q}, ...), never {@code null}
 */
public record MediaRange(String type, String subtype, Parameters params) {

    public MediaRange {
        Objects.requireNonNull(params, "params");
        if (!Lexer.isToken(type) || !Lexer.isToken(subtype)) {
            throw new IllegalArgumentException("media type parts must be tokens: " + type + "/" + subtype);
        }
        type = type.toLowerCase(Locale.ROOT);
        subtype = subtype.toLowerCase(Locale.ROOT);
    }

    /** {@code type/subtype} without parameters. */
    public static MediaRange of(String type, String subtype) {
        return new MediaRange(type, subtype, Parameters.EMPTY);
    }

    /**
     * Parses {@code type/subtype *(;param)}, allowing LWS around {@code /}, {@code ;} and {@code =}.
     *
     * @throws SipParseException (400, naming {@code header}) when malformed
     */
    public static MediaRange parse(String value, String header) {
        String h = HeaderSyntax.head(value, header, "media type");
        int slash = h.indexOf('/');
        if (slash < 0) {
            throw HeaderSyntax.fail(header, "missing '/' in media type '" + h + "'");
        }
        String type = HeaderSyntax.token(h.substring(0, slash), header, "media type");
        String subtype = HeaderSyntax.token(h.substring(slash + 1), header, "media subtype");
        if (type.equals("*") && !subtype.equals("*")) {
            throw HeaderSyntax.fail(header, "invalid media range '" + h + "'");
        }
        return new MediaRange(type, subtype, HeaderSyntax.checkQ(HeaderSyntax.tail(value, header), header));
    }

    public static MediaRange parse(String value) {
        return parse(value, null);
    }

    /** {@code type/subtype} in lower case. */
    public String mediaType() {
        return type + "/" + subtype;
    }

    /** The value of parameter {@code name} without quotes, or {@code null}. */
    public String param(String name) {
        return HeaderSyntax.text(params, name);
    }

    /** The {@code charset} parameter, or {@code null}. */
    public String charset() {
        return param("charset");
    }

    /** The {@code q} preference of an Accept element (§20.1), 0 to 1; 1 when absent. */
    public double q() {
        double q = HeaderSyntax.qParam(params, null);
        return q < 0 ? 1.0 : q;
    }

    /** True when this range covers {@code other} ({@code *} matches anything, §20.1). */
    public boolean matches(MediaRange other) {
        return (type.equals("*") || type.equals(other.type))
                && (subtype.equals("*") || subtype.equals(other.subtype));
    }

    @Override
    public String toString() {
        return type + "/" + subtype + params;
    }
}
