package io.dialtone.message;

import io.dialtone.message.internal.Lexer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An immutable, ordered list of {@code ;name[=value]} parameters (RFC 3261 §7.3.1, §19.1.1,
 * §20.42). Names compare case-insensitively; values and order are kept as written so that unknown
 * parameters survive a round trip unchanged. A flag parameter ({@code ;lr}) has a {@code null} value.
 */
public final class Parameters {
    /** One parameter; {@code value} is {@code null} for a flag such as {@code lr} or a bare {@code rport}. */
    public record Param(String name, String value) {}

    /** No parameters. */
    public static final Parameters EMPTY = new Parameters(List.of());

    private final List<Param> params;

    private Parameters(List<Param> params) {
        this.params = params;
    }

    /** Parameters in the given order (names and values already validated by the caller). */
    static Parameters ofList(List<Param> list) {
        return list.isEmpty() ? EMPTY : new Parameters(List.copyOf(list));
    }

    /**
     * Parses {@code ;a=b;c} (leading semicolon optional) by RFC 3261 §25.1
     * {@code generic-param = token [ EQUAL gen-value ]}, {@code gen-value = token / host / quoted-string},
     * with LWS allowed around {@code ;} and {@code =}.
     *
     * @throws SipParseException (400, naming {@code header}) for an empty parameter ({@code ;;}), a name
     *         that is not a token, an empty value, an unterminated quoted string, or a value with
     *         whitespace, controls or separators outside quotes
     */
    public static Parameters parse(String s, String header) {
        if (s == null || s.isBlank()) {
            return EMPTY;
        }
        List<Param> out = new ArrayList<>(4);
        int i = 0;
        int n = s.length();
        while (i < n && Lexer.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i < n && s.charAt(i) == ';') {
            i++;
        }
        while (true) {
            int end = Lexer.indexOutsideQuotes(s, ';', i);
            if (end < 0) {
                end = n;
            }
            // bounds first, then one substring each for the name and the value
            int ps = skipSpace(s, i, end);
            int pe = trimEnd(s, ps, end);
            if (ps == pe) {
                throw SipParseException.badHeader(header, "empty parameter");
            }
            int eq = s.indexOf('=', ps);
            if (eq >= pe) {
                eq = -1;
            }
            String name = s.substring(ps, trimEnd(s, ps, eq < 0 ? pe : eq));
            String value = eq < 0 ? null : s.substring(skipSpace(s, eq + 1, pe), pe);
            if (!Lexer.isToken(name)) {
                throw SipParseException.badHeader(header, "invalid parameter name '" + printable(name) + "'");
            }
            if (value != null && !validValue(value)) {
                throw SipParseException.badHeader(header, "invalid value of parameter " + name);
            }
            out.add(new Param(name, value));
            if (end >= n) {
                break;
            }
            i = end + 1;
        }
        return new Parameters(Collections.unmodifiableList(out));
    }

    /** First index in {@code [i, e)} that is not whitespace (as {@link String#strip()} sees it), or {@code e}. */
    private static int skipSpace(String s, int i, int e) {
        while (i < e && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** End of {@code s[from, e)} without trailing whitespace (as {@link String#strip()} sees it). */
    private static int trimEnd(String s, int from, int e) {
        while (e > from && Character.isWhitespace(s.charAt(e - 1))) {
            e--;
        }
        return e;
    }

    /** {@code gen-value = token / host / quoted-string}; tolerates other visible ASCII but separators outside quotes. */
    private static boolean validValue(String v) {
        if (v.isEmpty()) {
            return false;
        }
        if (v.charAt(0) == '"') {
            return Lexer.quotedStringEnd(v, 0) == v.length();
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c >= 0x7F || c == '"' || c == ';' || c == ',' || c == '<' || c == '>' || c == '\\' || c == '=') {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 40));
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c >= 0x7F ? '?' : c);
        }
        return sb.toString();
    }

    /**
     * The value of {@code name} (case-insensitive), or {@code null} when it is absent or a flag
     * ({@code ;lr}); tell those apart with {@link #has}. Allocates nothing: the lookup on the hot path
     * (branch, tag, received, rport).
     */
    public String value(String name) {
        int i = indexOf(name);
        return i < 0 ? null : params.get(i).value;
    }

    /** The value of {@code name}; empty if absent; {@code Optional.of("")} never — a flag yields empty too, see {@link #has}. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(value(name));
    }

    /** True when a parameter named {@code name} is present, with or without a value. */
    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    /** Position of the first parameter named {@code name} (case-insensitive), or -1; an index loop, no iterator. */
    private int indexOf(String name) {
        List<Param> ps = params;
        for (int i = 0, n = ps.size(); i < n; i++) {
            if (ps.get(i).name.equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Returns a copy with {@code name} set to {@code value} (replacing in place, else appended); {@code null} value makes a flag. */
    public Parameters with(String name, String value) {
        List<Param> out = new ArrayList<>(params.size() + 1);
        boolean replaced = false;
        for (Param p : params) {
            if (!replaced && p.name.equalsIgnoreCase(name)) {
                out.add(new Param(p.name, value));
                replaced = true;
            } else {
                out.add(p);
            }
        }
        if (!replaced) {
            out.add(new Param(name, value));
        }
        return new Parameters(Collections.unmodifiableList(out));
    }

    /** Returns a copy without {@code name}. */
    public Parameters without(String name) {
        if (!has(name)) {
            return this;
        }
        List<Param> out = new ArrayList<>(params.size());
        for (Param p : params) {
            if (!p.name.equalsIgnoreCase(name)) {
                out.add(p);
            }
        }
        return new Parameters(Collections.unmodifiableList(out));
    }

    /** The parameters in order. */
    public List<Param> asList() {
        return params;
    }

    public boolean isEmpty() {
        return params.isEmpty();
    }

    /** Appends {@code ;name[=value]} for each parameter to {@code sb}. */
    public void appendTo(StringBuilder sb) {
        for (int i = 0, n = params.size(); i < n; i++) {
            Param p = params.get(i);
            sb.append(';').append(p.name);
            if (p.value != null) {
                sb.append('=').append(p.value);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendTo(sb);
        return sb.toString();
    }

    /** Equal when the same names (case-insensitively) carry the same values in the same order. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Parameters other) || other.params.size() != params.size()) {
            return false;
        }
        for (int i = 0; i < params.size(); i++) {
            Param a = params.get(i);
            Param b = other.params.get(i);
            if (!a.name.equalsIgnoreCase(b.name) || !java.util.Objects.equals(a.value, b.value)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (Param p : params) {
            h = 31 * h + p.name.toLowerCase(java.util.Locale.ROOT).hashCode();
        }
        return h;
    }
}
