package io.dialtone.message.header;

import io.dialtone.message.Parameters;
import io.dialtone.message.SipParseException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Shared parsing and formatting of {@code auth-scheme [token68 / #auth-param]} (RFC 7235 §2.1,
 * RFC 3261 §25.1 challenge/credentials) and the RFC 7616 / RFC 8187 details of Digest.
 */
final class AuthSyntax {
    private AuthSyntax() {}

    /** Parameters a Digest challenge sends as tokens (RFC 7616 §3.3); all others are quoted. */
    static final Set<String> CHALLENGE_TOKENS = Set.of("algorithm", "stale", "charset", "userhash");
    /** Parameters Digest credentials send as tokens (RFC 7616 §3.4); {@code username*} is an ext-value. */
    static final Set<String> CREDENTIAL_TOKENS = Set.of("algorithm", "nc", "qop", "userhash", "username*");

    /** Result of splitting a value into scheme, token68 and auth-params. */
    record Parts(String scheme, String token68, Parameters params) {}

    /**
     * @throws SipParseException (400, naming {@code header}) when the scheme is missing or a parameter is malformed
     */
    static Parts parse(String value, String header) {
        String v = value.strip();
        int se = HeaderSyntax.tokenEnd(v, 0);
        if (se == 0) {
            throw HeaderSyntax.fail(header, "missing auth-scheme");
        }
        String scheme = v.substring(0, se);
        if (se == v.length()) {
            return new Parts(scheme, null, Parameters.EMPTY);
        }
        if (!HeaderSyntax.isLws(v.charAt(se))) {
            throw HeaderSyntax.fail(header, "missing space after auth-scheme");
        }
        String rest = v.substring(se).strip();
        // Digest has only the auth-param form (RFC 7616 §3.3), so "realm" alone is a missing '='
        if (!Challenge.isDigest(scheme) && HeaderSyntax.isToken68(rest)) {
            return new Parts(scheme, rest, Parameters.EMPTY);
        }
        return new Parts(scheme, null, HeaderSyntax.authParams(rest, 0, header));
    }

    static String format(String scheme, String token68, Parameters params) {
        StringBuilder sb = new StringBuilder(64 + params.asList().size() * 24).append(scheme);
        if (token68 != null) {
            sb.append(' ').append(token68);
        } else if (!params.isEmpty()) {
            sb.append(' ');
            HeaderSyntax.appendAuthParams(sb, params);
        }
        return sb.toString();
    }

    /** Checks the Digest parameters whose syntax RFC 7616 fixes: nc, stale, userhash, username*. */
    static void checkDigest(Parameters p, String header) {
        String nc = p.value("nc");
        if (nc != null && !isNonceCount(nc)) {
            throw HeaderSyntax.fail(header, "nc must be 8 hex digits, not '" + nc + "'");
        }
        for (String flag : List.of("stale", "userhash")) {
            String f = HeaderSyntax.text(p, flag);
            if (f != null && !f.equalsIgnoreCase("true") && !f.equalsIgnoreCase("false")) {
                throw HeaderSyntax.fail(header, flag + " must be true or false");
            }
        }
        String star = p.value("username*");
        if (star != null) {
            if (p.has("username")) {
                throw HeaderSyntax.fail(header, "both username and username*");
            }
            decodeExtValue(star, header);
        }
    }

    /** RFC 7616 §3.4: {@code nc = 8LHEX}. */
    static boolean isNonceCount(String nc) {
        if (nc.length() != 8) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            if (Character.digit(nc.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Splits a quoted list such as {@code qop="auth, auth-int"} at commas, trimmed, empty elements dropped. */
    static List<String> commaList(String text) {
        List<String> out = new ArrayList<>(2);
        if (text != null) {
            for (String s : text.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    /** {@code true}/{@code false} flag parameter; absent is false. */
    static boolean flag(Parameters p, String name) {
        return "true".equalsIgnoreCase(HeaderSyntax.text(p, name));
    }

    /**
     * The parameter value to store for {@code text}: as is when {@code name} is one of
     * {@code tokens}, else a quoted-string.
     */
    static String wireValue(String name, String text, Set<String> tokens) {
        if (tokens.contains(name.toLowerCase(Locale.ROOT))) {
            if (text.isEmpty() || text.chars().anyMatch(c -> c <= ' ' || c == ',' || c == '"' || c == 0x7F)) {
                throw new IllegalArgumentException(name + " must be a token: " + text);
            }
            return text;
        }
        return HeaderSyntax.quote(text);
    }

    /**
     * Decodes an RFC 8187 §3.2 ext-value: {@code charset "'" [language] "'" value-chars}.
     *
     * @throws SipParseException (400, naming {@code header}) when malformed or in an unsupported charset
     */
    static String decodeExtValue(String ext, String header) {
        int q1 = ext.indexOf('\'');
        int q2 = q1 < 0 ? -1 : ext.indexOf('\'', q1 + 1);
        if (q1 <= 0 || q2 < 0) {
            throw HeaderSyntax.fail(header, "invalid ext-value (RFC 8187)");
        }
        Charset cs;
        String name = ext.substring(0, q1);
        if (name.equalsIgnoreCase("UTF-8")) {
            cs = StandardCharsets.UTF_8;
        } else if (name.equalsIgnoreCase("ISO-8859-1")) {
            cs = StandardCharsets.ISO_8859_1;
        } else {
            throw HeaderSyntax.fail(header, "unsupported ext-value charset '" + name + "'");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(ext.length());
        for (int i = q2 + 1; i < ext.length(); i++) {
            char c = ext.charAt(i);
            if (c == '%') {
                int hi = i + 2 < ext.length() ? Character.digit(ext.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(ext.charAt(i + 2), 16);
                if (lo < 0) {
                    throw HeaderSyntax.fail(header, "invalid percent-encoding in ext-value");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (isAttrChar(c)) {
                out.write(c);
            } else {
                throw HeaderSyntax.fail(header, "invalid character in ext-value");
            }
        }
        return out.toString(cs);
    }

    /** Encodes {@code text} as a UTF-8 ext-value (RFC 8187 §3.2) without a language. */
    static String encodeExtValue(String text) {
        StringBuilder sb = new StringBuilder(text.length() * 2).append("UTF-8''");
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && isAttrChar(c)) {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }

    /** RFC 8187 §3.2 attr-char. */
    private static boolean isAttrChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return switch (c) {
            case '!', '#', '$', '&', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
            default -> false;
        };
    }
}
