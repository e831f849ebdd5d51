package io.dialtone.message.header;

import io.dialtone.message.Parameters;
import io.dialtone.message.SessionExpires;
import io.dialtone.message.SipParseException;
import io.dialtone.message.internal.Lexer;

import java.util.Locale;

/**
 * Character-level helpers for the typed header values (RFC 3261 §25.1: token, quoted-string,
 * LWS, generic-param; RFC 7235 §2.1 auth-param lists). Stateless; every failure is a
 * {@link SipParseException} with status 400 naming the header.
 */
final class HeaderSyntax {
    private HeaderSyntax() {}

    static SipParseException fail(String header, String reason) {
        return SipParseException.badHeader(header, reason);
    }

    static boolean isLws(char c) {
        return Lexer.isWhitespace(c) || c == '\r' || c == '\n';
    }

    /** Index of the first non-LWS character at or after {@code i}. */
    static int skipLws(String s, int i) {
        while (i < s.length() && isLws(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Index just past the token starting at {@code i} ({@code i} itself when there is none). */
    static int tokenEnd(String s, int i) {
        while (i < s.length() && Lexer.isTokenChar(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** {@code s} stripped; must be a token, else a 400 naming {@code what}. */
    static String token(String s, String header, String what) {
        String t = s.strip();
        if (!Lexer.isToken(t)) {
            throw fail(header, "invalid " + what + " '" + t + "'");
        }
        return t;
    }

    /** {@code s} stripped and lower-cased; must be a token. */
    static String lowerToken(String s, String header, String what) {
        return token(s, header, what).toLowerCase(Locale.ROOT);
    }

    /** A delta-seconds value (§25.1) surrounded by optional LWS. */
    static long delta(String s, String header) {
        return SessionExpires.parseDelta(s.strip(), header);
    }

    /**
     * Index just past the quoted-string that starts with the {@code "} at {@code s[from]}.
     *
     * @throws SipParseException when unterminated or holding a control character
     */
    static int quotedEnd(String s, int from, String header) {
        for (int i = from + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (++i >= s.length()) {
                    break;
                }
            } else if (c == '"') {
                return i + 1;
            } else if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c == 0x7F) {
                throw fail(header, "control character in quoted-string");
            }
        }
        throw fail(header, "unterminated quoted-string");
    }

    /** True when all of {@code s} is one quoted-string. */
    static boolean isQuoted(String s) {
        if (s.length() < 2 || s.charAt(0) != '"') {
            return false;
        }
        try {
            return quotedEnd(s, 0, null) == s.length();
        } catch (SipParseException e) {
            return false;
        }
    }

    /** The text of a quoted-string without quotes and escapes; any other value is returned as is. */
    static String unquote(String s) {
        if (s == null || !isQuoted(s)) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() - 1) {
                c = s.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** {@code text} as a quoted-string (§25.1), escaping {@code "} and {@code \}. */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("line break in quoted-string");
            }
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    /**
     * Parses {@code ;name[=value]...} (leading semicolon optional) after checking that every
     * quoted-string is terminated and every value is a token, host or quoted-string (§25.1 gen-value).
     */
    static Parameters params(String s, String header) {
        if (s == null || s.isBlank()) {
            return Parameters.EMPTY;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '"') {
                i = quotedEnd(s, i, header) - 1;
            }
        }
        Parameters p = Parameters.parse(s, header);
        for (Parameters.Param one : p.asList()) {
            String v = one.value();
            if (v != null && !isGenValue(v)) {
                throw fail(header, "invalid value for parameter '" + one.name() + "'");
            }
        }
        return p;
    }

    /**
     * §25.1 gen-value: token / host / quoted-string. Tolerated deviation: an unquoted value may hold
     * any visible character but {@code "}, {@code ,} and {@code ;} (RFC 4235 {@code call-id=a@b}
     * as real equipment sends it).
     */
    static boolean isGenValue(String v) {
        if (v.isEmpty()) {
            return false;
        }
        if (v.charAt(0) == '"') {
            return isQuoted(v);
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c == 0x7F || c == '"' || c == ',' || c == ';') {
                return false;
            }
        }
        return true;
    }

    /**
     * Splits {@code value} at its first top-level {@code ;} into the head (stripped) and the
     * parameters; the head must not be empty.
     */
    static String head(String value, String header, String what) {
        int semi = Lexer.indexOutsideQuotes(value, ';', 0);
        String h = (semi < 0 ? value : value.substring(0, semi)).strip();
        if (h.isEmpty()) {
            throw fail(header, "missing " + what);
        }
        return h;
    }

    /** The parameter part of {@code value}: everything from its first top-level {@code ;}, parsed. */
    static Parameters tail(String value, String header) {
        int semi = Lexer.indexOutsideQuotes(value, ';', 0);
        return semi < 0 ? Parameters.EMPTY : params(value.substring(semi), header);
    }

    /** The value of {@code name} without quotes, or {@code null}. */
    static String text(Parameters p, String name) {
        return unquote(p.get(name).orElse(null));
    }

    /** Optional delta-seconds parameter {@code name}, or -1 when absent. */
    static long deltaParam(Parameters p, String name, String header) {
        if (!p.has(name)) {
            return -1;
        }
        String v = p.get(name).orElseThrow(() -> fail(header, "parameter '" + name + "' needs a value"));
        return delta(v, header);
    }

    /** A {@code q} value (§25.1 qvalue: 0 to 1, up to three decimals), or -1 when absent. */
    static double qParam(Parameters p, String header) {
        String q = p.value("q");
        if (q == null) {
            return -1;
        }
        if (!isQValue(q)) {
            throw fail(header, "invalid q value '" + q + "'");
        }
        return Double.parseDouble(q);
    }

    /** §25.1 {@code qvalue = ("0" ["." 0*3DIGIT]) / ("1" ["." 0*3("0")])}. */
    static boolean isQValue(String q) {
        if (q.isEmpty() || q.length() > 5 || q.charAt(0) != '0' && q.charAt(0) != '1') {
            return false;
        }
        if (q.length() == 1) {
            return true;
        }
        if (q.charAt(1) != '.') {
            return false;
        }
        for (int i = 2; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c < '0' || c > '9' || q.charAt(0) == '1' && c != '0') {
                return false;
            }
        }
        return true;
    }

    /** Checks a {@code q} parameter if present (used by parsers). */
    static Parameters checkQ(Parameters p, String header) {
        qParam(p, header);
        return p;
    }

    /**
     * Parses a comma-separated auth-param list (RFC 7235 §2.1, RFC 3261 §25.1 digest-cln) from
     * {@code s[from..]}: {@code name=token} or {@code name="quoted"}, LWS around separators, empty
     * list elements ignored. Values are kept as written (quoted ones with their quotes).
     *
     * @throws SipParseException for a missing '=', bad name, unterminated quoted-string or duplicate name
     */
    static Parameters authParams(String s, int from, String header) {
        Parameters out = Parameters.EMPTY;
        int i = from;
        int n = s.length();
        while (true) {
            i = skipLws(s, i);
            while (i < n && s.charAt(i) == ',') {
                i = skipLws(s, i + 1);
            }
            if (i >= n) {
                return out;
            }
            int ne = tokenEnd(s, i);
            if (ne == i) {
                throw fail(header, "invalid auth-param name at '" + s.substring(i) + "'");
            }
            String name = s.substring(i, ne);
            i = skipLws(s, ne);
            if (i >= n || s.charAt(i) != '=') {
                throw fail(header, "missing '=' after auth-param '" + name + "'");
            }
            i = skipLws(s, i + 1);
            int ve;
            if (i < n && s.charAt(i) == '"') {
                ve = quotedEnd(s, i, header);
            } else {
                ve = i;
                // tolerated deviation: unquoted values holding URI characters (uri=sip:x@y)
                while (ve < n && s.charAt(ve) != ',' && !isLws(s.charAt(ve)) && s.charAt(ve) != '"') {
                    ve++;
                }
                if (ve == i) {
                    throw fail(header, "empty value for auth-param '" + name + "'");
                }
            }
            if (out.has(name)) {
                throw fail(header, "duplicate auth-param '" + name + "'");
            }
            out = out.with(name, s.substring(i, ve));
            i = skipLws(s, ve);
            if (i < n && s.charAt(i) != ',') {
                throw fail(header, "expected ',' after auth-param '" + name + "'");
            }
        }
    }

    /** Appends {@code name=value, name=value} (values as stored). */
    static void appendAuthParams(StringBuilder sb, Parameters p) {
        boolean first = true;
        for (Parameters.Param one : p.asList()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(one.name()).append('=').append(one.value());
        }
    }

    /** RFC 7235 §2.1 token68: {@code 1*(ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/") *"="}. */
    static boolean isToken68(String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/') {
                i++;
            } else {
                break;
            }
        }
        if (i == 0) {
            return false;
        }
        while (i < s.length() && s.charAt(i) == '=') {
            i++;
        }
        return i == s.length();
    }

    /** Index just past the comment (§25.1, nesting and quoted-pairs) that starts at {@code s[from] == '('}. */
    static int commentEnd(String s, int from, String header) {
        int depth = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
        }
        throw fail(header, "unterminated comment");
    }
}
