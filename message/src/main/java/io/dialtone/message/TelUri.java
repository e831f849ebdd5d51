package io.dialtone.message;

import io.dialtone.message.internal.UriText;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A tel URI (RFC 3966): {@code tel:+1-201-555-0123;ext=1234} or a local number with its context,
 * {@code tel:7042;phone-context=example.com}.
 *
 * <pre>
 * telephone-subscriber = global-number / local-number
 * global-number        = global-number-digits *par
 * local-number         = local-number-digits *par context *par
 * par                  = parameter / extension / isdn-subaddress
 * </pre>
 *
 * @param number the number as written, with {@code +} when global and any visual separators
 *               ({@code - . ( )})
 * @param params {@code ;isub=}, {@code ;ext=}, {@code ;phone-context=} and other parameters, in order
 */
public record TelUri(String number, Parameters params) implements Uri {

    public TelUri {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(params, "params");
        if (!(number.startsWith("+") ? validGlobal(number) : validLocal(number))) {
            throw new IllegalArgumentException("invalid telephone number: " + number);
        }
        if (!number.startsWith("+") && !params.has("phone-context")) {
            throw new IllegalArgumentException("a local number needs a phone-context (RFC 3966 §5.1.5): " + number);
        }
    }

    /** A global number, e.g. {@code TelUri.global("+1-201-555-0123")}. */
    public static TelUri global(String number) {
        return new TelUri(number, Parameters.EMPTY);
    }

    /**
     * Parses a tel URI.
     *
     * @throws SipParseException (400) when malformed, or (416) for another scheme
     */
    public static TelUri parse(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0 || !s.substring(0, colon).equalsIgnoreCase("tel")) {
            throw new SipParseException(-1, null, 416, "not a tel URI");
        }
        return parseTel(s, colon + 1);
    }

    static TelUri parseTel(String s, int from) {
        int semi = s.indexOf(';', from);
        String number = semi < 0 ? s.substring(from) : s.substring(from, semi);
        boolean global = number.startsWith("+");
        if (global ? !validGlobal(number) : !validLocal(number)) {
            throw SipParseException.badHeader(null, "invalid telephone number '" + number + "'");
        }
        List<Parameters.Param> list = new ArrayList<>(2);
        int i = semi;
        while (i >= 0) {
            int next = s.indexOf(';', i + 1);
            int end = next < 0 ? s.length() : next;
            int eq = i + 1;
            while (eq < end && s.charAt(eq) != '=') { // only within this parameter: linear in the URI
                eq++;
            }
            String name = s.substring(i + 1, eq);
            String value = eq == end ? null : s.substring(eq + 1, end);
            checkParam(name, value);
            list.add(new Parameters.Param(name, value));
            i = next;
        }
        Parameters params = Parameters.ofList(list);
        if (!global && !params.has("phone-context")) {
            throw SipParseException.badHeader(null, "local number without phone-context");
        }
        return new TelUri(number, params);
    }

    private static void checkParam(String name, String value) {
        if (name.isEmpty()) {
            throw SipParseException.badHeader(null, "empty tel URI parameter");
        }
        for (int k = 0; k < name.length(); k++) { // pname = 1*( alphanum / "-" )
            char c = name.charAt(k);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                throw SipParseException.badHeader(null, "invalid tel URI parameter name '" + name + "'");
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (value == null) {
            if (lower.equals("ext") || lower.equals("isub") || lower.equals("phone-context")) {
                throw SipParseException.badHeader(null, "tel URI parameter " + name + " without value");
            }
            return;
        }
        boolean ok = switch (lower) {
            case "ext" -> !value.isEmpty() && digits(value, 0, false) == value.length();    // 1*phonedigit
            case "isub" -> !value.isEmpty() && UriText.valid(value, 0, value.length(), UriText::isUric);
            case "phone-context" -> value.startsWith("+") ? validGlobal(value) : UriText.isHostname(value);
            default -> !value.isEmpty() && UriText.valid(value, 0, value.length(), UriText::isParamChar);
        };
        if (!ok) {
            throw SipParseException.badHeader(null, "invalid tel URI parameter " + name + "='" + value + "'");
        }
    }

    /** Index after the run of phonedigits ({@code hex}: phonedigit-hex) starting at {@code from}. */
    private static int digits(String s, int from, boolean hex) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean digit = c >= '0' && c <= '9' || hex && (UriText.hex(c) >= 0 || c == '*' || c == '#');
            if (!digit && c != '-' && c != '.' && c != '(' && c != ')') {
                break;
            }
            i++;
        }
        return i;
    }

    /** {@code global-number-digits = "+" *phonedigit DIGIT *phonedigit}. */
    private static boolean validGlobal(String n) {
        return n.length() > 1 && n.charAt(0) == '+' && digits(n, 1, false) == n.length() && hasDigit(n, false);
    }

    /** {@code local-number-digits = *phonedigit-hex (HEXDIG / "*" / "#") *phonedigit-hex}. */
    private static boolean validLocal(String n) {
        return !n.isEmpty() && digits(n, 0, true) == n.length() && hasDigit(n, true);
    }

    private static boolean hasDigit(String n, boolean hex) {
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c >= '0' && c <= '9' || hex && (UriText.hex(c) >= 0 || c == '*' || c == '#')) {
                return true;
            }
        }
        return false;
    }

    /** True for a global number ({@code +} followed by E.164 digits). */
    public boolean isGlobal() {
        return number.startsWith("+");
    }

    /** The number without visual separators, hex digits lower case ({@code +12015550123}). */
    public String digits() {
        return stripSeparators(number);
    }

    private static String stripSeparators(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '-' && c != '.' && c != '(' && c != ')') {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString();
    }

    /** The {@code phone-context} (a domain name or global digits), or {@code null}. */
    public String phoneContext() {
        return params.value("phone-context");
    }

    /** The {@code ext} extension, or {@code null}. */
    public String extension() {
        return params.value("ext");
    }

    /** The ISDN subaddress {@code isub}, or {@code null}. */
    public String isub() {
        return params.value("isub");
    }

    /**
     * RFC 3966 §4: equal numbers once visual separators are removed, and the same parameters in any
     * order (names and values case-insensitively, phone-context and ext without separators).
     */
    @Override
    public boolean equivalent(Uri other) {
        if (!(other instanceof TelUri t) || !digits().equals(t.digits()) || params.asList().size() != t.params.asList().size()) {
            return false;
        }
        for (Parameters.Param p : params.asList()) {
            if (!t.params.has(p.name())) {
                return false;
            }
            String a = p.value();
            String b = t.params.value(p.name());
            if (a == null || b == null ? a != b : !comparable(p.name(), a).equals(comparable(p.name(), b))) {
                return false;
            }
        }
        return true;
    }

    private static String comparable(String name, String value) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("ext") || n.equals("phone-context") && value.startsWith("+")) {
            return stripSeparators(value);
        }
        return UriText.normalize(value, true);
    }

    @Override
    public String scheme() {
        return "tel";
    }

    @Override
    public void appendTo(StringBuilder sb) {
        sb.append("tel:").append(number);
        params.appendTo(sb);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(24);
        appendTo(sb);
        return sb.toString();
    }
}
