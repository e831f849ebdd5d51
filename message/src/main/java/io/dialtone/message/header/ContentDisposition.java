package io.dialtone.message.header;

import io.dialtone.message.Parameters;
import io.dialtone.message.SipParseException;
import io.dialtone.message.internal.Lexer;

import java.util.Locale;
import java.util.Objects;

/**
 * The Content-Disposition header (RFC 3261 §20.11): {@code session;handling=optional}.
 *
 * @param type   lower-case disposition type ({@code session}, {@code render}, {@code icon}, {@code alert}, ...)
 * @param params parameters in order, including {@code handling}; never {@code null}
 */
public record ContentDisposition(String type, Parameters params) {

    public ContentDisposition {
        Objects.requireNonNull(params, "params");
        if (!Lexer.isToken(type)) {
            throw new IllegalArgumentException("disposition type is not a token: " + type);
        }
        type = type.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code disp-type *(;disp-param)}.
     *
     * @throws SipParseException (400, Content-Disposition) when malformed
     */
    public static ContentDisposition parse(String value) {
        String h = "Content-Disposition";
        return new ContentDisposition(HeaderSyntax.token(HeaderSyntax.head(value, h, "disposition type"), h,
                "disposition type"), HeaderSyntax.tail(value, h));
    }

    /** The {@code handling} parameter in lower case; {@code required} when absent (§20.11). */
    public String handling() {
        return params.get("handling").map(v -> v.toLowerCase(Locale.ROOT)).orElse("required");
    }

    /** True when {@code handling=optional}. */
    public boolean isOptional() {
        return handling().equals("optional");
    }

    @Override
    public String toString() {
        return type + params;
    }
}
