package io.dialtone.rtp.internal;

/** RFC 4733 §3.2 DTMF event codes: 0–9, * (10), # (11), A–D (12–15). */
public final class TelephoneEvents {
    private static final String DIGITS = "0123456789*#ABCD";

    private TelephoneEvents() {
    }

    /**
     * @param digit {@code 0-9 * # A-D} (a–d accepted)
     * @return the event code 0–15
     * @throws IllegalArgumentException for any other character
     */
    public static int event(char digit) {
        int e = DIGITS.indexOf(Character.toUpperCase(digit));
        if (e < 0) {
            throw new IllegalArgumentException("not a DTMF digit: '" + digit + "'");
        }
        return e;
    }

    /** @return the digit of event 0–15, or 0 for any other event */
    public static char digit(int event) {
        return event >= 0 && event < DIGITS.length() ? DIGITS.charAt(event) : 0;
    }
}
