package io.dialtone.message;

/**
 * Malformed SIP input (RFC 3261 §7, §25). Carries where parsing failed and what a UAS should
 * answer, so that the transport layer can reply 400 with a reason naming the fault (§21.4.1),
 * 505 for an unsupported version or 513 for an oversized message, or drop and count the message
 * when it cannot be answered.
 *
 * <p>Unchecked so that value factories ({@link Via#parse}) can be used in builders; the parser
 * documents that it throws it.
 */
public final class SipParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int offset;
    private final String header;
    private final int status;

    /**
     * @param offset byte offset of the fault in the parsed input, or -1 when unknown
     * @param header canonical name of the offending header, or {@code null} for the start line/framing
     * @param status status code a UAS should answer with (400, 505, 513, 416)
     * @param reason human-readable reason, fit for a reason phrase
     */
    public SipParseException(int offset, String header, int status, String reason) {
        super(reason);
        this.offset = offset;
        this.header = header;
        this.status = status;
    }

    /** Builds a 400 error about {@code header} at an unknown offset. */
    public static SipParseException badHeader(String header, String reason) {
        return new SipParseException(-1, header, 400, reason);
    }

    /** Returns a copy located at {@code offset} (used when a header value parser did not know it). */
    public SipParseException at(int offset) {
        return new SipParseException(offset, header, status, getMessage());
    }

    /** Byte offset of the fault within the parsed input, or -1. */
    public int offset() { return offset; }

    /** Canonical name of the header at fault, or {@code null} when the start line or framing is at fault. */
    public String header() { return header; }

    /** The status code a UAS should send when it can answer: 400, 505, 513 or 416. */
    public int status() { return status; }

    /** A reason phrase for the error response: names the header and the fault, one line. */
    public String reasonPhrase() {
        String r = getMessage().replace('\r', ' ').replace('\n', ' ');
        return header == null ? r : "Bad " + header + ": " + r;
    }
}
