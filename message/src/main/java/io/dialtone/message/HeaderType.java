package io.dialtone.message;

import java.util.function.Function;

/**
 * A header and how to parse one of its values into a typed record (RFC 3261 §20 and extensions).
 * Used with {@link SipMessage#typed(HeaderType)} and {@link SipMessage#typedList(HeaderType)}.
 *
 * @param <T> the record type of one value
 */
public interface HeaderType<T> {
    /** Canonical header name, e.g. {@code "RAck"}. */
    String name();

    /** True when one field may hold several comma-separated values (§7.3.1). */
    boolean multiValued();

    /**
     * Parses one value (one comma-separated element for multi-valued headers).
     *
     * @throws SipParseException (400, naming this header) when malformed
     */
    T parse(String value);

    /** A header type from a name and a parser. */
    static <T> HeaderType<T> of(String name, boolean multiValued, Function<String, T> parser) {
        return new HeaderType<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean multiValued() {
                return multiValued;
            }

            @Override
            public T parse(String value) {
                return parser.apply(value);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
