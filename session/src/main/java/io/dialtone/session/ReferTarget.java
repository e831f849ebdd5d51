package io.dialtone.session;

import io.dialtone.message.NameAddr;
import io.dialtone.message.Parameters;
import io.dialtone.message.SipParseException;
import io.dialtone.message.SipUri;
import io.dialtone.message.header.Replaces;

import java.nio.charset.StandardCharsets;

/**
 * Refer-To values (RFC 3515 §2.1): the transfer target, and for an attended transfer the
 * Replaces header the transferee must put in its INVITE, carried as a URI header
 * ({@code <sip:carol@host?Replaces=call%40host%3Bto-tag%3D1%3Bfrom-tag%3D2>}, RFC 3891 §5.1,
 * escaped as RFC 3261 §19.1.1 hvalue requires). Pure functions.
 */
public final class ReferTarget {
    private ReferTarget() {}

    /** A blind transfer's Refer-To value: {@code <uri>}. */
    public static String format(SipUri target) {
        return "<" + withoutHeaders(target) + ">";
    }

    /**
     * An attended transfer's Refer-To value: {@code <uri?Replaces=escaped>}.
     *
     * @param replaces the dialog the transfer target is to replace, tags from the target's point of
     *                 view: its local tag as {@code to-tag}, its peer's as {@code from-tag} (RFC 3891 §3)
     */
    public static String format(SipUri target, Replaces replaces) {
        return "<" + withoutHeaders(target) + "?Replaces=" + escapeHeaderValue(replaces.toString()) + ">";
    }

    /** {@code uri} without its {@code ?}-part. */
    static SipUri withoutHeaders(SipUri uri) {
        return uri.headers() == null ? uri
                : new SipUri(uri.scheme(), uri.user(), uri.host(), uri.port(), uri.params(), null);
    }

    /**
     * Escapes {@code value} as an RFC 3261 §25.1 {@code hvalue}: unreserved characters and
     * {@code [ ] / ? : + $} stay, every other byte of its UTF-8 form becomes {@code %XX}.
     */
    static String escapeHeaderValue(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-_.!~*'()[]/?:+$".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }

    /**
     * Reads a received Refer-To (RFC 3515 §2.4.2) into what the transferee needs.
     *
     * @param referTo    the one Refer-To value
     * @param referredBy the Referred-By value, or {@code null}
     * @throws SipParseException 400 when the value or an embedded Replaces is malformed, 416 for a
     *                           scheme other than sip/sips
     */
    static ReferRequest parse(String referTo, String referredBy) {
        NameAddr to = NameAddr.parse(referTo, "Refer-To");
        if (!to.isSip()) {
            throw new SipParseException(-1, "Refer-To", 416, "Refer-To is not a SIP URI");
        }
        SipUri uri = to.uri();
        Replaces replaces = null;
        for (Parameters.Param h : uri.headerFields()) {
            if (h.name().equalsIgnoreCase("Replaces")) {
                if (replaces != null) {
                    throw SipParseException.badHeader("Refer-To", "more than one Replaces in Refer-To");
                }
                replaces = Replaces.parse(h.value());
            }
        }
        NameAddr by = referredBy == null ? null : NameAddr.parse(referredBy, "Referred-By");
        return new ReferRequest(withoutHeaders(uri), replaces, by, referTo);
    }
}
