package io.dialtone.message;

import java.util.Objects;

/**
 * One header field as it appears in a message: the name as written (full or compact form, any
 * case) and the value with leading and trailing whitespace removed and folding replaced by a
 * single space (RFC 3261 §7.3.1). Unknown headers are kept as these raw fields and re-sent
 * unchanged.
 */
public record HeaderField(String name, String value) {
    public HeaderField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** True when this field is the header {@code canonicalName}, in either form and any case. */
    public boolean is(String canonicalName) {
        return HeaderNames.canonical(name).equalsIgnoreCase(canonicalName);
    }
}
