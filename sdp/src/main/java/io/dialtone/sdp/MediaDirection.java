package io.dialtone.sdp;

import java.util.Optional;

/**
 * Stream direction attributes (RFC 8866 §6.7, RFC 3264 §5.1, §6.1), always from the point of view
 * of the party that wrote the SDP. Absent attributes mean {@link #SENDRECV}.
 */
public enum MediaDirection {
    SENDRECV(true, true),
    SENDONLY(true, false),
    RECVONLY(false, true),
    INACTIVE(false, false);

    private final boolean sends;
    private final boolean receives;

    MediaDirection(boolean sends, boolean receives) {
        this.sends = sends;
        this.receives = receives;
    }

    /** @return the direction with these capabilities */
    public static MediaDirection of(boolean sends, boolean receives) {
        return sends ? (receives ? SENDRECV : SENDONLY) : (receives ? RECVONLY : INACTIVE);
    }

    /** @return the direction named by an attribute ("sendrecv", "sendonly", "recvonly", "inactive"), or empty */
    public static Optional<MediaDirection> fromAttribute(String name) {
        return switch (name) {
            case "sendrecv" -> Optional.of(SENDRECV);
            case "sendonly" -> Optional.of(SENDONLY);
            case "recvonly" -> Optional.of(RECVONLY);
            case "inactive" -> Optional.of(INACTIVE);
            default -> Optional.empty();
        };
    }

    /** @return the attribute name, e.g. "sendonly" */
    public String attributeName() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** @return whether the writer of the SDP sends media */
    public boolean sends() { return sends; }

    /** @return whether the writer of the SDP receives media */
    public boolean receives() { return receives; }

    /**
     * The same stream seen from the other party (RFC 3264 §6.1): sendonly ↔ recvonly; sendrecv and
     * inactive are their own reverse.
     */
    public MediaDirection reverse() { return of(receives, sends); }

    /** @return what both allow: sends only if both send, receives only if both receive */
    public MediaDirection intersect(MediaDirection other) {
        return of(sends && other.sends, receives && other.receives);
    }
}
