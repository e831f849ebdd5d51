package io.dialtone.message;

import java.util.Objects;

/**
 * One header field as it appears in a message: the name as written (full or compact form, any
 * case) and the value with leading and trailing whitespace removed and folding replaced by a
 * single space (RFC 3261 §7.3.1). Unknown headers are kept as these raw fields and re-sent
 * unchanged.
 *
 * @throws IllegalArgumentException when {@code name} is not a token or {@code value} holds a control
 *                                  character other than HTAB (CR and LF would inject header lines)
 */
public record HeaderField(String name, String value) {
    public HeaderField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!io.dialtone.message.internal.Lexer.isToken(name)) {
            throw new IllegalArgumentException("header name is not a token: " + name);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F) { // CR/LF would inject header lines on the wire
                throw new IllegalArgumentException("control character in " + name + " value");
            }
        }
    }

    /** True when this field is the header {@code canonicalName}, in either form and any case. */
    public boolean is(String canonicalName) {
        return HeaderNames.canonical(name).equalsIgnoreCase(canonicalName);
    }
}
