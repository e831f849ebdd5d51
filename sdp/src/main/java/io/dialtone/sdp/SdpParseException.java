package io.dialtone.sdp;

import java.util.Objects;

/**
 * Malformed SDP (RFC 8866 §5, §9 grammar). Carries the 1-based line number, the offending
 * line and the reason, so a UAS can answer 400 or 488 with a reason that names the bad line.
 *
 * <p>Unchecked, as {@code NumberFormatException} is; {@link SessionDescription#parse(String)}
 * declares it. Immutable and safe to share.
 */
public final class SdpParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int lineNumber;
    private final String line;
    private final String reason;

    /**
     * @param lineNumber 1-based line number, or 0 when the fault is not on one line (e.g. a missing line)
     * @param line the offending line without its line ending, or "" when none
     * @param reason what is wrong, e.g. "non-numeric port"
     */
    public SdpParseException(int lineNumber, String line, String reason) {
        super("SDP line " + lineNumber + ": " + reason + (line.isEmpty() ? "" : " in '" + line + "'"));
        this.lineNumber = lineNumber;
        this.line = Objects.requireNonNull(line, "line");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return the 1-based line number of the fault, or 0 when the fault is a missing line */
    public int lineNumber() { return lineNumber; }

    /** @return the offending line without its line ending, or "" */
    public String line() { return line; }

    /** @return the reason, without the line number */
    public String reason() { return reason; }
}
