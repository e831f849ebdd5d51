package io.dialtone.sdp;

import java.util.Objects;

/** Argument checks shared by the value records: a value never carries a line break onto the wire. */
final class SdpText {
    private SdpText() {}

    static void requireLine(String s, String what) {
        Objects.requireNonNull(s, what);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) throw new IllegalArgumentException(what + " contains CR, LF or NUL");
        }
    }

    static void requireToken(String s, String what) {
        requireLine(s, what);
        if (s.isEmpty() || s.indexOf(' ') >= 0) throw new IllegalArgumentException(what + " must be a non-empty token: '" + s + "'");
    }
}
