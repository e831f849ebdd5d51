package io.dialtone.sdp;

import java.util.Objects;

/** Argument checks shared by the value records: a value never carries a line break onto the wire. */
final class SdpText {
    private SdpText() {}

    static void requireLine(String s, String what) {
        Objects.requireNonNull(s, what);
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c <= '\r' && (c == '\r' || c == '\n' || c == 0)) { // one compare for the common (printable) case
                throw new IllegalArgumentException(what + " contains CR, LF or NUL");
            }
        }
    }

    /** {@link #requireLine} and no space, in one pass; a CR, LF or NUL is reported before a space, as requireLine first. */
    static void requireToken(String s, String what) {
        Objects.requireNonNull(s, what);
        boolean space = false;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c <= ' ') {
                if (c == ' ') space = true;
                else if (c == '\r' || c == '\n' || c == 0) throw new IllegalArgumentException(what + " contains CR, LF or NUL");
            }
        }
        if (s.isEmpty() || space) throw new IllegalArgumentException(what + " must be a non-empty token: '" + s + "'");
    }
}
