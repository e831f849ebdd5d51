package io.dialtone.transport.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets in the wire trace ({@code io.dialtone.wire} at TRACE): the Digest {@code response}
 * of Authorization and Proxy-Authorization (RFC 3261 §22; with the nonce it allows an offline
 * guess at the password) becomes {@code "<redacted>"}. Everything else is logged as sent.
 * Used only when tracing is on, so its cost does not matter.
 */
public final class WireRedaction {
    private static final Pattern CREDENTIALS_LINE =
            Pattern.compile("(?im)^(authorization|proxy-authorization)[ \\t]*:.*$");
    private static final Pattern RESPONSE = Pattern.compile("(?i)(\\bresponse[ \\t]*=[ \\t]*)(\"[^\"]*\"|[^,\\s]+)");

    private WireRedaction() {
    }

    /** {@code message} with every credentials' {@code response} replaced by {@code "<redacted>"}. */
    public static String redact(String message) {
        Matcher line = CREDENTIALS_LINE.matcher(message);
        if (!line.find()) {
            return message;
        }
        StringBuilder out = new StringBuilder(message.length());
        do {
            String redacted = RESPONSE.matcher(line.group()).replaceAll("$1\"<redacted>\"");
            line.appendReplacement(out, Matcher.quoteReplacement(redacted));
        } while (line.find());
        line.appendTail(out);
        return out.toString();
    }
}
