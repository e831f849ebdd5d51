package io.dialtone.message;

/**
 * Size and count limits the parser enforces before allocating (RFC 3261 §18.1.1, §21.5.14).
 *
 * <table>
 * <caption>Limits</caption>
 * <tr><th>name</th><th>default</th><th>unit</th><th>effect when exceeded</th></tr>
 * <tr><td>maxMessageBytes</td><td>65535</td><td>bytes</td><td>513 Message Too Large</td></tr>
 * <tr><td>maxHeaders</td><td>256</td><td>header fields</td><td>400</td></tr>
 * <tr><td>maxLineBytes</td><td>8192</td><td>bytes per (unfolded) line</td><td>400</td></tr>
 * </table>
 *
 * @param maxMessageBytes largest whole message (start line, headers and body)
 * @param maxHeaders      largest number of header fields
 * @param maxLineBytes    longest start line or header field after unfolding
 */
public record SipParserLimits(int maxMessageBytes, int maxHeaders, int maxLineBytes) {
    /** The defaults in the table above. */
    public static final SipParserLimits DEFAULT = new SipParserLimits(65535, 256, 8192);

    public SipParserLimits {
        if (maxMessageBytes < 256 || maxHeaders < 8 || maxLineBytes < 64) {
            throw new IllegalArgumentException("limits too small");
        }
    }
}
