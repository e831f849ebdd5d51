package io.dialtone.message.header;

import io.dialtone.message.SipParseException;

import java.util.Objects;

/**
 * One element of a token list: a method in Allow (RFC 3261 §20.5), an option-tag in Supported,
 * Require, Proxy-Require and Unsupported (§20.37, §20.32, §20.29, §20.40), a content-coding in
 * Content-Encoding (§20.12), a language-tag in Content-Language (§20.13), an event type in
 * Allow-Events (RFC 6665 §8.2.2). Tokens are kept as written; compare them with {@link #is}.
 *
 * @param value the token, never empty
 */
public record Token(String value) {

    public Token {
        Objects.requireNonNull(value, "value");
        if (!io.dialtone.message.internal.Lexer.isToken(value)) {
            throw new IllegalArgumentException("not a token: " + value);
        }
    }

    /**
     * Parses one list element, allowing LWS around it.
     *
     * @throws SipParseException (400, naming {@code header}) when not a token
     */
    public static Token parse(String value, String header) {
        return new Token(HeaderSyntax.token(value, header, "token"));
    }

    /** Parses one list element of an unnamed header. */
    public static Token parse(String value) {
        return parse(value, null);
    }

    /** True when this token equals {@code other} ignoring case (§7.3.1, §20.37). */
    public boolean is(String other) {
        return value.equalsIgnoreCase(other);
    }

    @Override
    public String toString() {
        return value;
    }
}
