package io.dialtone.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a message in its wire form (RFC 3261 §7): start line, header fields as held, CRLF, body.
 * Writes straight into one byte array (ASCII characters are copied, other text is UTF-8 encoded).
 */
final class SipSerializer {
    private SipSerializer() {}

    /** The wire form of {@code m} from its fields (used when its received bytes are not in this form). */
    static byte[] serialize(SipMessage m) {
        StringBuilder sb = new StringBuilder(64);
        m.appendStartLine(sb);
        return serialize(sb, m.headers(), m.body());
    }

    /** {@code startLine CRLF (name: value CRLF)* CRLF body}. */
    static byte[] serialize(CharSequence startLine, List<HeaderField> headers, byte[] body) {
        int size = startLine.length() + 4 + body.length;
        for (int i = 0; i < headers.size(); i++) {
            HeaderField h = headers.get(i);
            size += h.name().length() + h.value().length() + 4;
        }
        Sink out = new Sink(size);
        out.text(startLine);
        out.crlf();
        for (int i = 0; i < headers.size(); i++) {
            HeaderField h = headers.get(i);
            out.text(h.name());
            out.put((byte) ':');
            out.put((byte) ' ');
            out.text(h.value());
            out.crlf();
        }
        out.crlf();
        out.bytes(body);
        return out.finish();
    }

    /** A growable byte array sized for the all-ASCII case. */
    private static final class Sink {
        private byte[] buf;
        private int n;

        Sink(int size) {
            buf = new byte[size];
        }

        void put(byte b) {
            ensure(1);
            buf[n++] = b;
        }

        void crlf() {
            ensure(2);
            buf[n++] = '\r';
            buf[n++] = '\n';
        }

        void text(CharSequence s) {
            int len = s.length();
            ensure(len);
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) { // rare: encode the rest as UTF-8
                    bytes(s.subSequence(i, len).toString().getBytes(StandardCharsets.UTF_8));
                    return;
                }
                buf[n++] = (byte) c;
            }
        }

        void bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, n, b.length);
            n += b.length;
        }

        private void ensure(int more) {
            if (n + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
            }
        }

        byte[] finish() {
            return n == buf.length ? buf : Arrays.copyOf(buf, n);
        }
    }
}
