package io.dialtone.sdp;

import java.nio.charset.StandardCharsets;

/**
 * Decodes SDP fields from UTF-8 bytes (RFC 8866 §5: the body is UTF-8, and every field boundary is
 * an ASCII byte, so decoding field by field gives the same text as decoding the whole body).
 * Common tokens ({@code IN}, {@code IP4}, {@code RTP/AVP}, {@code rtpmap}, payload types 0..127,
 * ...) come back as shared constants instead of new strings: most of an offer's fields are one of
 * them. Stateless and thread-safe.
 */
final class SdpTokens {
    private SdpTokens() {}

    private static final String[] KNOWN = {
        "-", "IN", "IP4", "IP6", "audio", "video", "image", "application", "message", "text",
        "RTP/AVP", "RTP/AVPF", "RTP/SAVP", "RTP/SAVPF", "UDP/TLS/RTP/SAVPF", "udptl", "UDP/BFCP", "TCP/MSRP",
        "rtpmap", "fmtp", "ptime", "maxptime", "sendrecv", "sendonly", "recvonly", "inactive",
        "rtcp", "rtcp-mux", "rtcp-rsize", "rtcp-fb", "ssrc", "mid", "label", "setup", "connection",
        "crypto", "fingerprint", "ice-ufrag", "ice-pwd", "candidate", "extmap", "msid", "group",
        "silenceSupp", "T38FaxVersion",
    };
    /** KNOWN in an open-addressed table indexed by {@link #hash}: a lookup hashes the field once and compares once. */
    private static final int TABLE_SIZE = 256;
    private static final String[] TABLE = new String[TABLE_SIZE];
    private static final byte[][] TABLE_BYTES = new byte[TABLE_SIZE][];
    /** "0" .. "127": RTP payload types (RFC 3551 §6, dynamic 96..127). */
    private static final String[] PAYLOAD_TYPES = new String[128];

    static {
        for (String k : KNOWN) {
            byte[] b = k.getBytes(StandardCharsets.US_ASCII);
            int slot = hash(b, 0, b.length) & (TABLE_SIZE - 1);
            while (TABLE[slot] != null) slot = (slot + 1) & (TABLE_SIZE - 1);
            TABLE[slot] = k;
            TABLE_BYTES[slot] = b;
        }
        for (int pt = 0; pt < PAYLOAD_TYPES.length; pt++) PAYLOAD_TYPES[pt] = Integer.toString(pt).intern();
    }

    /** @return the text of b[from, to): a shared constant for a common token, else a new string */
    static String text(byte[] b, int from, int to) {
        int n = to - from;
        if (n <= 3 && n > 0) {
            int pt = canonicalSmallNumber(b, from, to);
            if (pt >= 0) return PAYLOAD_TYPES[pt];
        }
        for (int slot = hash(b, from, to) & (TABLE_SIZE - 1); TABLE[slot] != null; slot = (slot + 1) & (TABLE_SIZE - 1)) {
            if (regionEquals(TABLE_BYTES[slot], b, from, to)) return TABLE[slot];
        }
        return new String(b, from, n, StandardCharsets.UTF_8);
    }

    /** A cheap mix of the length and the first, middle and last bytes: the known tokens spread well on it. */
    private static int hash(byte[] b, int from, int to) {
        int n = to - from;
        if (n == 0) return 0;
        int h = n * 31 + b[from];
        h = h * 31 + b[from + n / 2];
        h = h * 31 + b[to - 1];
        return h ^ (h >>> 7);
    }

    /** @return the payload type string for 0..127 */
    static String payloadType(int pt) { return PAYLOAD_TYPES[pt]; }

    /** @return 0..127 if b[from, to) is that number written without leading zeros, else -1 */
    private static int canonicalSmallNumber(byte[] b, int from, int to) {
        if (b[from] == '0' && to - from > 1) return -1;
        int v = SdpNumbers.parseInt(b, from, to);
        return v <= 127 ? v : -1;
    }

    private static boolean regionEquals(byte[] token, byte[] b, int from, int to) {
        if (token.length != to - from) return false;
        for (int i = 0; i < token.length; i++) if (token[i] != b[from + i]) return false;
        return true;
    }
}
