package io.dialtone.sdp;

/** Decimal parsing and writing without exceptions, regex or temporary strings, for the hot paths. */
final class SdpNumbers {
    private SdpNumbers() {}

    /** @return the non-negative decimal value of s[from, to), or -1 if empty, not all digits, or above Integer.MAX_VALUE */
    static int parseInt(String s, int from, int to) {
        long v = parseLong(s, from, to);
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    /** @return the non-negative decimal value of s[from, to), or -1 if empty, not all digits, or above Long.MAX_VALUE */
    static long parseLong(String s, int from, int to) {
        if (from >= to || to - from > 19) return -1;
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
            if (v < 0) return -1;
        }
        return v;
    }

    static long parseLong(String s) { return parseLong(s, 0, s.length()); }

    static int parseInt(String s) { return parseInt(s, 0, s.length()); }

    /** @return the non-negative decimal value of b[from, to), or -1 if empty, not all digits, or above Integer.MAX_VALUE */
    static int parseInt(byte[] b, int from, int to) {
        long v = parseLong(b, from, to);
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    /** @return the non-negative decimal value of b[from, to), or -1 if empty, not all digits, or above Long.MAX_VALUE */
    static long parseLong(byte[] b, int from, int to) {
        if (from >= to || to - from > 19) return -1;
        long v = 0;
        for (int i = from; i < to; i++) {
            int c = b[i];
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
            if (v < 0) return -1;
        }
        return v;
    }

    /** @return the number of decimal digits of {@code v}, which is non-negative */
    static int digits(long v) {
        int n = 1;
        while (v >= 10) { v /= 10; n++; }
        return n;
    }
}
