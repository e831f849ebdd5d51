package io.dialtone.message.internal;

import java.util.ArrayList;
import java.util.List;

/** Character-level helpers shared by the header value parsers (RFC 3261 §25.1). Stateless. */
public final class Lexer {
    private Lexer() {}

    /** RFC 3261 §25.1 {@code token} characters. */
    public static boolean isTokenChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return switch (c) {
            case '-', '.', '!', '%', '*', '_', '+', '`', '\'', '~' -> true;
            default -> false;
        };
    }

    /** True when {@code s} is a non-empty RFC 3261 token. */
    public static boolean isToken(CharSequence s) {
        if (s.length() == 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** True for SP and HTAB (linear white space inside a header value). */
    public static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * Splits a header value at top-level commas, ignoring commas inside quoted strings and
     * angle brackets (§7.3.1). Elements are trimmed; empty elements are dropped.
     */
    public static List<String> splitList(String value) {
        List<String> out = new ArrayList<>(2);
        boolean quoted = false;
        boolean angle = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                angle = true;
            } else if (c == '>') {
                angle = false;
            } else if (c == ',' && !angle) {
                addTrimmed(out, value, start, i);
                start = i + 1;
            }
        }
        addTrimmed(out, value, start, value.length());
        return out;
    }

    private static void addTrimmed(List<String> out, String v, int from, int to) {
        String s = v.substring(from, to).strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }

    /** Index of the first {@code ch} at or after {@code from} outside a quoted string, or -1. */
    public static int indexOutsideQuotes(String s, char ch, int from) {
        boolean quoted = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ch) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Index just past the quoted-string that starts at {@code s[from]} (§25.1: {@code qdtext} is LWS,
     * {@code %x21 / %x23-5B / %x5D-7E} or UTF-8; {@code quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)}),
     * or -1 when it is unterminated or holds a bare control character.
     */
    public static int quotedStringEnd(String s, int from) {
        for (int i = from + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 >= s.length()) {
                    return -1;
                }
                char e = s.charAt(++i);
                if (e == '\r' || e == '\n' || e > 0x7F) {
                    return -1;
                }
            } else if (c == '"') {
                return i + 1;
            } else if (c < 0x20 && c != '\t' || c == 0x7F) {
                return -1;
            }
        }
        return -1;
    }
}
