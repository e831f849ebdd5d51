package io.dialtone.message;

/**
 * Size and count limits the parser and the stream framer enforce before allocating
 * (RFC 3261 §18.1.1, §18.3, §21.4.12, §21.5.14). Hitting one is a {@link SipParseException} carrying
 * the status to answer; a claimed size (Content-Length) is checked against the limits and never
 * allocated before the bytes arrive.
 *
 * <table>
 * <caption>Limits</caption>
 * <tr><th>name</th><th>default</th><th>unit</th><th>effect when exceeded</th></tr>
 * <tr><td>maxMessageBytes</td><td>65535</td><td>bytes</td><td>513 Message Too Large</td></tr>
 * <tr><td>maxHeaders</td><td>256</td><td>header fields</td><td>400</td></tr>
 * <tr><td>maxLineBytes</td><td>8192</td><td>bytes per (unfolded) line</td><td>400</td></tr>
 * <tr><td>maxContentLength</td><td>65535 (= maxMessageBytes)</td><td>bytes of body</td>
 *     <td>413 Request Entity Too Large (on a stream: before any body byte is buffered)</td></tr>
 * <tr><td>maxUriBytes</td><td>4096</td><td>bytes of one URI</td>
 *     <td>414 Request-URI Too Long for the Request-URI; 400 naming the header for From/To</td></tr>
 * </table>
 *
 * <p>A Content-Length larger than the bytes a datagram carries is 400 (§18.3), checked before
 * maxContentLength; on a stream, a Content-Length that would make the message exceed
 * maxMessageBytes is 513.
 *
 * @param maxMessageBytes  largest whole message (start line, headers and body)
 * @param maxHeaders       largest number of header fields
 * @param maxLineBytes     longest start line or header field after unfolding
 * @param maxContentLength largest Content-Length value accepted
 * @param maxUriBytes      longest Request-URI, and longest URI in From/To
 */
public record SipParserLimits(int maxMessageBytes, int maxHeaders, int maxLineBytes, int maxContentLength,
                              int maxUriBytes) {
    /** The defaults in the table above. */
    public static final SipParserLimits DEFAULT = new SipParserLimits(65535, 256, 8192);

    /** No limit at all: used for messages built locally, which are not peer input. */
    static final SipParserLimits NONE = new SipParserLimits(Integer.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

    /**
     * @throws IllegalArgumentException when a limit is below its minimum (256 bytes, 8 headers, 64-byte
     *                                  lines, 0-byte bodies, 16-byte URIs)
     */
    public SipParserLimits {
        if (maxMessageBytes < 256 || maxHeaders < 8 || maxLineBytes < 64 || maxContentLength < 0 || maxUriBytes < 16) {
            throw new IllegalArgumentException("limits too small");
        }
    }

    /** The first three limits; maxContentLength = maxMessageBytes and maxUriBytes = 4096. */
    public SipParserLimits(int maxMessageBytes, int maxHeaders, int maxLineBytes) {
        this(maxMessageBytes, maxHeaders, maxLineBytes, maxMessageBytes, 4096);
    }

    public SipParserLimits withMaxContentLength(int bytes) {
        return new SipParserLimits(maxMessageBytes, maxHeaders, maxLineBytes, bytes, maxUriBytes);
    }

    public SipParserLimits withMaxUriBytes(int bytes) {
        return new SipParserLimits(maxMessageBytes, maxHeaders, maxLineBytes, maxContentLength, bytes);
    }
}
