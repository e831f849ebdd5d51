package io.dialtone.message;

import java.util.Objects;

/**
 * One header field as it appears in a message: the name as written (full or compact form, any
 * case) and the value with leading and trailing whitespace removed and folding replaced by a
 * single space (RFC 3261 §7.3.1). Unknown headers are kept as these raw fields and re-sent
 * unchanged.
 *
 * @throws IllegalArgumentException when {@code name} is not a token or {@code value} holds a control
 *                                  character other than HTAB outside a quoted-pair (CR and LF would
 *                                  inject header lines)
 */
public record HeaderField(String name, String value) {
    public HeaderField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        // a known name constant (the HeaderNames instances) is a token: skip the character check
        if (io.dialtone.message.internal.WireHeaderKinds.ofConstant(name) < 0
                && !io.dialtone.message.internal.Lexer.isToken(name)) {
            throw new IllegalArgumentException("header name is not a token: " + name);
        }
        int bad = illegalControl(value);
        if (bad >= 0) { // CR/LF would inject header lines on the wire
            throw new IllegalArgumentException("control character in " + name + " value");
        }
    }

    /**
     * Index of the first control character of {@code value} (C0 but HTAB, and DEL) that is not the
     * escaped character of a quoted-pair inside a quoted-string (§25.1; CR and LF never are), or -1.
     */
    static int illegalControl(String value) {
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\' && i + 1 < value.length() && value.charAt(i + 1) != '\r' && value.charAt(i + 1) != '\n') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c < 0x20 && c != '\t' || c == 0x7F) {
                return i;
            }
        }
        return -1;
    }

    /** True when this field is the header {@code canonicalName}, in either form and any case. */
    public boolean is(String canonicalName) {
        return HeaderNames.canonical(name).equalsIgnoreCase(canonicalName);
    }
}
