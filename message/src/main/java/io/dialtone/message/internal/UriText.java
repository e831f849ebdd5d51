package io.dialtone.message.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Character classes and escapes of the URI grammar (RFC 3261 §25.1, RFC 2396 §2, RFC 3966 §3),
 * and the host grammar ({@code hostname / IPv4address / IPv6reference}, RFC 3261 §25.1 as
 * corrected by RFC 5118 §4.10). Stateless.
 */
public final class UriText {
    private UriText() {}

    private static boolean alphanum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** {@code unreserved = alphanum / mark}, {@code mark = - _ . ! ~ * ' ( )}. */
    public static boolean isUnreserved(char c) {
        if (alphanum(c)) {
            return true;
        }
        return switch (c) {
            case '-', '_', '.', '!', '~', '*', '\'', '(', ')' -> true;
            default -> false;
        };
    }

    /** RFC 2396 {@code reserved = ; / ? : @ & = + $ ,}: the characters whose escaped form is not equivalent (§19.1.4). */
    public static boolean isReserved(char c) {
        return switch (c) {
            case ';', '/', '?', ':', '@', '&', '=', '+', '$', ',' -> true;
            default -> false;
        };
    }

    /** {@code user = 1*( unreserved / escaped / user-unreserved )}, {@code user-unreserved = & = + $ , ; ? /}. */
    public static boolean isUserChar(char c) {
        return isUnreserved(c) || switch (c) {
            case '&', '=', '+', '$', ',', ';', '?', '/' -> true;
            default -> false;
        };
    }

    /** {@code password = *( unreserved / escaped / & = + $ , )}. */
    public static boolean isPasswordChar(char c) {
        return isUnreserved(c) || switch (c) {
            case '&', '=', '+', '$', ',' -> true;
            default -> false;
        };
    }

    /** {@code paramchar = param-unreserved / unreserved / escaped}, {@code param-unreserved = [ ] / : & + $}. */
    public static boolean isParamChar(char c) {
        return isUnreserved(c) || switch (c) {
            case '[', ']', '/', ':', '&', '+', '$' -> true;
            default -> false;
        };
    }

    /** {@code hname/hvalue} characters: {@code hnv-unreserved = [ ] / ? : + $}, unreserved. */
    public static boolean isHeaderChar(char c) {
        return isUnreserved(c) || switch (c) {
            case '[', ']', '/', '?', ':', '+', '$' -> true;
            default -> false;
        };
    }

    /** {@code uric = reserved / unreserved / escaped}, plus {@code [ ]} (RFC 2732) and {@code #}, for other schemes. */
    public static boolean isUric(char c) {
        return isReserved(c) || isUnreserved(c) || c == '[' || c == ']' || c == '#';
    }

    /** {@code scheme = ALPHA *( ALPHA / DIGIT / + / - / . )}. */
    public static boolean isScheme(CharSequence s) {
        if (s.length() == 0 || !(s.charAt(0) >= 'a' && s.charAt(0) <= 'z' || s.charAt(0) >= 'A' && s.charAt(0) <= 'Z')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!alphanum(c) && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    /** Character predicate for {@link #valid}. */
    public interface CharClass {
        boolean test(char c);
    }

    /**
     * True when every character of {@code s[from, to)} is in {@code allowed} or starts a complete
     * {@code escaped = "%" HEXDIG HEXDIG} (a {@code %} at the end or before a non-hex digit is not).
     */
    public static boolean valid(String s, int from, int to, CharClass allowed) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to) {
                    return false;
                }
                if (hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
                    return false;
                }
                i += 2;
            } else if (!allowed.test(c)) {
                return false;
            }
        }
        return true;
    }

    /** Value of a hex digit, or -1. */
    public static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** {@code s} with every {@code %HH} decoded, the octets read as UTF-8 (malformed sequences become U+FFFD). */
    public static String unescape(String s) {
        if (s == null || s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The comparison form of §19.1.4: an escaped character other than a reserved one is decoded
     * (so {@code %75} equals {@code u}); an escaped reserved character stays escaped, hex upper case.
     * When {@code fold} is true, the result is lower-cased too (components compared case-insensitively).
     */
    public static String normalize(String s, boolean fold) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                char d = (char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                if (isReserved(d)) {
                    sb.append('%').append(Character.toUpperCase(s.charAt(i + 1))).append(Character.toUpperCase(s.charAt(i + 2)));
                } else {
                    sb.append(fold ? Character.toLowerCase(d) : d);
                }
                i += 2;
            } else {
                sb.append(fold ? Character.toLowerCase(c) : c);
            }
        }
        return sb.toString();
    }

    /** {@code hostname / IPv4address / IPv6reference} (RFC 3261 §25.1; RFC 5118 §4.10's corrected IPv6 grammar). */
    public static boolean isHost(String host) {
        if (host.isEmpty()) {
            return false;
        }
        if (host.charAt(0) == '[') {
            return host.length() >= 4 && host.charAt(host.length() - 1) == ']'
                    && ipv6Bytes(host.substring(1, host.length() - 1)) != null;
        }
        return isIpv4(host) || isHostname(host);
    }

    /**
     * {@code hostname = *( domainlabel "." ) toplabel [ "." ]}; labels are alphanumerics with inner
     * hyphens. A name whose top label starts with a digit is accepted only as an IPv4 address
     * (so {@code 192.0.2.300} is refused); underscores are refused (§25.1).
     */
    public static boolean isHostname(String h) {
        int end = h.endsWith(".") ? h.length() - 1 : h.length();
        if (end == 0) {
            return false;
        }
        int start = 0;
        int lastLabel = 0;
        while (start <= end) {
            int dot = h.indexOf('.', start);
            if (dot < 0 || dot > end) {
                dot = end;
            }
            if (dot == start || h.charAt(start) == '-' || h.charAt(dot - 1) == '-') {
                return false;
            }
            for (int i = start; i < dot; i++) {
                if (!alphanum(h.charAt(i)) && h.charAt(i) != '-') {
                    return false;
                }
            }
            lastLabel = start;
            start = dot + 1;
            if (dot == end) {
                break;
            }
        }
        char top = h.charAt(lastLabel);
        return !(top >= '0' && top <= '9');
    }

    /** Dotted-quad IPv4 address, each part 0–255 with at most three digits. */
    public static boolean isIpv4(String s) {
        int parts = 0;
        int i = 0;
        while (parts < 4) {
            int start = i;
            int value = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || value > 255) {
                return false;
            }
            parts++;
            if (parts < 4) {
                if (i >= s.length() || s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        return i == s.length();
    }

    /**
     * The 16 octets of an RFC 4291 §2.2 text address (hex groups, at most one {@code ::}, optional
     * trailing dotted IPv4), or {@code null} when {@code a} is not one. {@code 2001:db8:::192.0.2.1}
     * (RFC 5118 §4.10) is not.
     */
    public static byte[] ipv6Bytes(String a) {
        int n = a.length();
        if (n < 2 || n > 45) {
            return null;
        }
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        if (a.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == n) {
                return new byte[16];
            }
        } else if (a.charAt(0) == ':') {
            return null;
        }
        while (i < n) {
            int start = i;
            int value = 0;
            while (i < n && hex(a.charAt(i)) >= 0 && i - start < 5) {
                value = value * 16 + hex(a.charAt(i));
                i++;
            }
            if (i < n && a.charAt(i) == '.') { // embedded IPv4 ends the address
                String v4 = a.substring(start);
                if (count > 6 || !isIpv4(v4)) {
                    return null;
                }
                String[] q = v4.split("\\.");
                groups[count++] = Integer.parseInt(q[0]) << 8 | Integer.parseInt(q[1]);
                groups[count++] = Integer.parseInt(q[2]) << 8 | Integer.parseInt(q[3]);
                i = n;
                break;
            }
            int len = i - start;
            if (len == 0 || len > 4 || count == 8) {
                return null;
            }
            groups[count++] = value;
            if (i == n) {
                break;
            }
            if (a.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < n && a.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
                if (i == n) {
                    break;
                }
                if (a.charAt(i) == ':') {
                    return null; // ":::" (RFC 5118 §4.10)
                }
            } else if (i == n) {
                return null; // trailing single ':'
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] out = new byte[16];
        int zeros = 8 - count;
        int k = 0;
        for (int g = 0; g < count; g++) {
            if (g == gap) {
                k += zeros;
            }
            out[2 * k] = (byte) (groups[g] >> 8);
            out[2 * k + 1] = (byte) groups[g];
            k++;
        }
        return out;
    }
}
