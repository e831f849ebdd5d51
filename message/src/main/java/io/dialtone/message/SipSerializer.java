package io.dialtone.message;

import io.dialtone.message.internal.WireHeaderKinds;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static io.dialtone.message.MessageIndex.H_META;
import static io.dialtone.message.MessageIndex.H_NAME;
import static io.dialtone.message.MessageIndex.H_VALUE;
import static io.dialtone.message.MessageIndex.H_VALUE_END;
import static io.dialtone.message.MessageIndex.I_COUNT;
import static io.dialtone.message.MessageIndex.I_HEADERS;

/**
 * Writes a message in its wire form (RFC 3261 §7): start line, header fields as held, CRLF, body.
 * Writes straight into one byte array (ASCII characters are copied, other text is UTF-8 encoded).
 *
 * <p>A built message is written once by {@link #write}, which records, while writing, where each
 * header name and value lies: the same index {@link SipParser} builds for received bytes, so a built
 * message is never parsed back. Stateless and thread-safe.
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
        Sink out = new Sink(size(startLine.length(), headers, body));
        out.text(startLine);
        out.crlf();
        writeHeaders(out, headers, null);
        out.crlf();
        out.bytes(body);
        return out.finish();
    }

    /**
     * Writes {@code startLine CRLF (name: value CRLF)* CRLF body} and indexes it as it goes; the routing
     * headers are then validated and indexed by {@link SipParser#indexBuilt}, the step a parse ends with.
     *
     * @throws SipParseException when a mandatory header is missing or malformed (offsets are those of
     *                           the written bytes)
     */
    static SipMessage write(CharSequence startLine, List<HeaderField> headers, byte[] body) {
        Sink out = new Sink(size(startLine.length(), headers, body));
        out.text(startLine);
        int startLineEnd = out.n;
        out.crlf();
        int[] idx = new int[I_HEADERS + 4 * headers.size()];
        Arrays.fill(idx, 0, I_HEADERS, -1);
        idx[I_COUNT] = headers.size();
        writeHeaders(out, headers, idx);
        int blank = out.n;
        out.crlf();
        out.bytes(body);
        return SipParser.indexBuilt(out.finish(), idx, startLineEnd, blank);
    }

    /** The all-ASCII size of a message. */
    private static int size(int startLineLength, List<HeaderField> headers, byte[] body) {
        int size = startLineLength + 4 + body.length;
        for (int i = 0; i < headers.size(); i++) {
            HeaderField h = headers.get(i);
            size += h.name().length() + h.value().length() + 4;
        }
        return size;
    }

    /**
     * Writes each field as {@code name: value CRLF}; when {@code idx} is not {@code null}, records per
     * field the offsets {@link SipParser} would: name start, value start and end without surrounding
     * SP/HTAB, and {@code nameLength << 8 | kind << 1} (a built value is never folded).
     */
    private static void writeHeaders(Sink out, List<HeaderField> headers, int[] idx) {
        for (int i = 0; i < headers.size(); i++) {
            HeaderField h = headers.get(i);
            int ns = out.n;
            out.text(h.name()); // a token: ASCII
            int nameLen = out.n - ns;
            out.put((byte) ':');
            out.put((byte) ' ');
            int vs = out.n;
            out.text(h.value());
            int ve = out.n;
            out.crlf();
            if (idx != null) {
                byte[] b = out.buf;
                while (vs < ve && (b[vs] == ' ' || b[vs] == '\t')) {
                    vs++;
                }
                while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
                    ve--;
                }
                int at = I_HEADERS + 4 * i;
                idx[at + H_NAME] = ns;
                idx[at + H_VALUE] = vs;
                idx[at + H_VALUE_END] = ve;
                int kind = WireHeaderKinds.ofConstant(h.name()); // the builders' names are the HeaderNames constants
                idx[at + H_META] = nameLen << 8 | (kind >= 0 ? kind : WireHeaderKinds.of(out.buf, ns, nameLen)) << 1;
            }
        }
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
            byte[] b = buf; // locals: the loop keeps them in registers
            int j = n;
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) { // rare: encode the rest as UTF-8
                    n = j;
                    bytes(s.subSequence(i, len).toString().getBytes(StandardCharsets.UTF_8));
                    return;
                }
                b[j++] = (byte) c;
            }
            n = j;
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
