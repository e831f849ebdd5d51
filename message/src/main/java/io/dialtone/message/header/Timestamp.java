package io.dialtone.message.header;

import io.dialtone.message.SipParseException;

import java.util.Objects;

/**
 * The Timestamp header (RFC 3261 §20.38): {@code 54} or {@code 54.3 0.027}. Numbers are kept as
 * written (decimal strings) so that a UAS echoes them exactly (§8.2.6.1).
 *
 * @param time  the timestamp, {@code 1*DIGIT ["." *DIGIT]}
 * @param delay the delay the UAS adds, same syntax, or {@code null}
 */
public record Timestamp(String time, String delay) {

    private static final String HEADER = "Timestamp";

    public Timestamp {
        Objects.requireNonNull(time, "time");
        if (!isNumber(time) || delay != null && !isNumber(delay)) {
            throw new IllegalArgumentException("not a decimal number: " + time + " " + delay);
        }
    }

    /**
     * Parses {@code number [LWS delay]}.
     *
     * @throws SipParseException (400, Timestamp) when a part is not a decimal number
     */
    public static Timestamp parse(String value) {
        String[] f = value.strip().split("[ \t\r\n]+");
        if (f.length > 2 || !isNumber(f[0]) || f.length == 2 && !isNumber(f[1])) {
            throw HeaderSyntax.fail(HEADER, "invalid timestamp '" + value.strip() + "'");
        }
        return new Timestamp(f[0], f.length == 2 ? f[1] : null);
    }

    /** A copy with {@code delay} (the echo a UAS sends, §8.2.6.1). */
    public Timestamp withDelay(String newDelay) {
        return new Timestamp(time, newDelay);
    }

    /** The time as a number of seconds. */
    public double timeValue() {
        return Double.parseDouble(time);
    }

    /** The delay in seconds, or 0 when absent. */
    public double delayValue() {
        return delay == null ? 0 : Double.parseDouble(delay);
    }

    private static boolean isNumber(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == 0 || i > 18) {
            return false;
        }
        if (i == s.length()) {
            return true;
        }
        if (s.charAt(i) != '.') {
            return false;
        }
        for (int k = i + 1; k < s.length(); k++) {
            if (s.charAt(k) < '0' || s.charAt(k) > '9') {
                return false;
            }
        }
        return s.length() - i <= 19;
    }

    @Override
    public String toString() {
        return delay == null ? time : time + " " + delay;
    }
}
