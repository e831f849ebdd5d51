package io.dialtone.message;

import java.util.Locale;

/**
 * The Session-Expires header (RFC 4028 §4): the session interval and who refreshes.
 *
 * @param deltaSeconds session interval in seconds, at least 1
 * @param refresher    {@code "uac"}, {@code "uas"}, or {@code null} when not yet chosen
 * @param params       all parameters as written (including {@code refresher})
 */
public record SessionExpires(long deltaSeconds, String refresher, Parameters params) {

    /**
     * @throws IllegalArgumentException when {@code deltaSeconds} is outside 1 to 2^32-1 or
     *                                  {@code refresher} is neither {@code null}, {@code "uac"} nor {@code "uas"}
     */
    public SessionExpires {
        java.util.Objects.requireNonNull(params, "params");
        if (deltaSeconds < 1 || deltaSeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("session interval out of range: " + deltaSeconds);
        }
        if (refresher != null && !refresher.equals("uac") && !refresher.equals("uas")) {
            throw new IllegalArgumentException("refresher must be uac or uas: " + refresher);
        }
    }

    /** {@code Session-Expires: delta[;refresher=r]}; {@code refresher} may be {@code null}. */
    public static SessionExpires of(long deltaSeconds, String refresher) {
        refresher = refresher == null ? null : refresher.toLowerCase(Locale.ROOT);
        Parameters p = refresher == null ? Parameters.EMPTY : Parameters.EMPTY.with("refresher", refresher);
        return new SessionExpires(deltaSeconds, refresher, p);
    }

    /**
     * Parses {@code 1800;refresher=uac}.
     *
     * @throws SipParseException (400, header Session-Expires) when malformed
     */
    public static SessionExpires parse(String value) {
        String v = value.strip();
        int semi = v.indexOf(';');
        long delta = parseDelta(semi < 0 ? v : v.substring(0, semi).strip(), HeaderNames.SESSION_EXPIRES);
        if (delta == 0) {
            throw SipParseException.badHeader(HeaderNames.SESSION_EXPIRES, "session interval must be at least 1 s");
        }
        Parameters p = semi < 0 ? Parameters.EMPTY : Parameters.parse(v.substring(semi), HeaderNames.SESSION_EXPIRES);
        String r = p.get("refresher").map(s -> s.toLowerCase(Locale.ROOT)).orElse(null);
        if (p.has("refresher") && (r == null || !r.equals("uac") && !r.equals("uas"))) {
            throw SipParseException.badHeader(HeaderNames.SESSION_EXPIRES, "refresher must be uac or uas");
        }
        return new SessionExpires(delta, r, p);
    }

    /**
     * Parses a delta-seconds value (RFC 3261 §25.1), 0 to 2^32-1; also used for Content-Length and Max-Forwards.
     *
     * @throws SipParseException (400, naming {@code header}) when not 1–10 digits or out of range
     */
    public static long parseDelta(String s, String header) {
        if (s.isEmpty() || s.length() > 10) {
            throw SipParseException.badHeader(header, "invalid delta-seconds '" + s + "'");
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw SipParseException.badHeader(header, "invalid delta-seconds '" + s + "'");
            }
            n = n * 10 + (c - '0');
        }
        if (n > 0xFFFF_FFFFL) {
            throw SipParseException.badHeader(header, "delta-seconds out of range");
        }
        return n;
    }

    @Override
    public String toString() {
        return deltaSeconds + params.toString();
    }
}
