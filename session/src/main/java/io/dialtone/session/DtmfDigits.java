package io.dialtone.session;

import java.util.function.Consumer;

/**
 * The DTMF digits a session received, by RFC 4733 telephone-events or SIP INFO, in order, and the
 * application's handler for them; created by the first digit or handler. Confined to the
 * session's call executor.
 */
final class DtmfDigits {
    /** The digits DTMF can carry (RFC 4733 §3.2 events 0–15). */
    private static final String DIGITS = "0123456789*#ABCDabcd";

    private final StringBuilder received = new StringBuilder(8);
    private Consumer<Character> handler;

    /**
     * @throws IllegalArgumentException unless {@code digits} is non-empty and all {@code 0-9 * # A-D}
     */
    static void check(String digits) {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> DIGITS.indexOf(c) >= 0)) {
            throw new IllegalArgumentException("not DTMF digits: \"" + digits + "\"");
        }
    }

    String received() {
        return received.toString();
    }

    /** Sets the handler and passes it the digits received so far, in order. */
    void handler(Consumer<Character> h) {
        this.handler = h;
        if (h != null) {
            for (int i = 0; i < received.length(); i++) {
                h.accept(received.charAt(i));
            }
        }
    }

    void onDigit(char digit) {
        received.append(digit);
        if (handler != null) {
            handler.accept(digit);
        }
    }
}
