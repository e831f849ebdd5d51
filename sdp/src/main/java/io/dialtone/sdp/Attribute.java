package io.dialtone.sdp;

import java.util.Objects;

/**
 * An {@code a=} line (RFC 8866 §5.13): a property attribute {@code a=<name>} (value {@code null})
 * or a value attribute {@code a=<name>:<value>}. Unknown attributes are kept verbatim.
 *
 * @param name attribute name, non-empty, without ':'
 * @param value the text after the first ':', or {@code null} for a property attribute
 */
public record Attribute(String name, String value) {

    public Attribute {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.indexOf(':') >= 0) throw new IllegalArgumentException("bad attribute name: '" + name + "'");
        SdpText.requireLine(name, "name");
        if (value != null) SdpText.requireLine(value, "value");
    }

    /** @return a property attribute such as {@code a=rtcp-mux} */
    public static Attribute property(String name) { return new Attribute(name, null); }

    /** @return a value attribute such as {@code a=ptime:20} */
    public static Attribute of(String name, String value) { return new Attribute(name, Objects.requireNonNull(value, "value")); }

    /** @return true if this is a property attribute (no ':' on the wire) */
    public boolean isProperty() { return value == null; }

    /** @return the {@code a=} value, without "a=" and line ending */
    public String text() { return value == null ? name : name + ':' + value; }
}
