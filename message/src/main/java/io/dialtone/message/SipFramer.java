package io.dialtone.message;

import java.util.Arrays;
import java.util.Objects;

/**
 * Splits a byte stream (TCP, TLS, WebSocket without message framing) into SIP messages
 * (RFC 3261 §18.3, §7.5), recognizing CRLF keep-alives (RFC 5626 §4.4.1). Pure JDK, no I/O.
 *
 * <p>Feed whatever arrived with {@link #feed}, then call {@link #next} until it returns {@code null}:
 * each call yields one complete {@link Message} (its exact bytes, ready for {@link SipParser}), a
 * {@link KeepAlive} ping (a double CRLF between messages, to be answered with a single CRLF "pong"),
 * or an {@link Error}. Partial messages wait for more bytes; pipelined messages come out one by one;
 * single CRLFs between messages (pongs, §7.5 padding) are skipped.
 *
 * <p>On a stream every message must carry Content-Length (§18.3, §20.14); one without it, one
 * whose header section outgrows the limits, or one whose Content-Length is too large is an
 * {@link Error} carrying a {@link SipParseException} with the status to answer. After an error the
 * stream cannot be resynchronized: the framer returns the same error from then on, and the caller
 * should answer if it can and close the connection.
 *
 * <table>
 * <caption>Limits (from {@link SipParserLimits})</caption>
 * <tr><th>name</th><th>effect when exceeded</th></tr>
 * <tr><td>maxMessageBytes</td><td>header section or header section + Content-Length larger: 513</td></tr>
 * <tr><td>maxLineBytes</td><td>a header line longer, before its end arrived: 400</td></tr>
 * <tr><td>maxContentLength</td><td>Content-Length larger: 413</td></tr>
 * </table>
 *
 * <p>Memory: the framer buffers at most one incomplete message plus what one {@code feed} brings; it
 * never allocates a size a peer claims. Not thread-safe: use one per connection, on its event loop.
 */
public final class SipFramer {

    /** What {@link #next()} yields. */
    public sealed interface Frame permits Message, KeepAlive, Error {}

    /** One complete message: exactly its bytes (start line, headers, body), owned by the caller. */
    public record Message(byte[] bytes) implements Frame {
        public Message {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** A keep-alive ping, CRLF CRLF (RFC 5626 §4.4.1): answer with one CRLF. */
    public record KeepAlive() implements Frame {
        static final KeepAlive INSTANCE = new KeepAlive();
    }

    /** The stream is malformed; the framer stays in this state. */
    public record Error(SipParseException error) implements Frame {
        public Error {
            Objects.requireNonNull(error, "error");
        }
    }

    private final SipParserLimits limits;
    private byte[] buf = new byte[4096];
    private int start; // first unconsumed byte
    private int end;   // one past the last buffered byte
    /** Position up to which the current header section was searched for its end (relative to start). */
    private int scanned;
    /** Start of the current line within the header section (relative to start), for the line limit. */
    private int lineStart;
    /** Total length of the current message once its header section is complete, else -1. */
    private int messageLength = -1;
    private Error failed;
    private long streamOffset; // stream offset of buf[start], for error offsets

    /** A framer with {@link SipParserLimits#DEFAULT}. */
    public SipFramer() {
        this(SipParserLimits.DEFAULT);
    }

    public SipFramer(SipParserLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** Appends {@code len} bytes of {@code b} from {@code off} (copied; {@code b} may be reused). */
    public void feed(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (failed != null || len == 0) {
            return;
        }
        if (end + len > buf.length) {
            int live = end - start;
            if (live + len <= buf.length && start > 0) {
                System.arraycopy(buf, start, buf, 0, live);
            } else {
                byte[] grown = new byte[Math.max(buf.length * 2, live + len)];
                System.arraycopy(buf, start, grown, 0, live);
                buf = grown;
            }
            start = 0;
            end = live;
        }
        System.arraycopy(b, off, buf, end, len);
        end += len;
    }

    /** Bytes buffered and not yet returned in a frame. */
    public int buffered() {
        return end - start;
    }

    /**
     * The next frame, or {@code null} when more bytes are needed.
     *
     * @return a {@link Message}, a {@link KeepAlive}, an {@link Error} (returned again on every later call), or null
     */
    public Frame next() {
        if (failed != null) {
            return failed;
        }
        try {
            return frame();
        } catch (SipParseException e) {
            failed = new Error(e);
            return failed;
        }
    }

    private Frame frame() {
        if (messageLength < 0 && scanned == 0) {
            // between messages: CRLF CRLF is a ping; a lone CRLF (a pong, or §7.5 padding) is skipped
            while (start < end && (buf[start] == '\r' || buf[start] == '\n')) {
                if (buf[start] == '\r') {
                    if (end - start < 2) {
                        return null;
                    }
                    if (buf[start + 1] != '\n') {
                        throw new SipParseException(Math.toIntExact(Math.min(streamOffset, Integer.MAX_VALUE)), null,
                                400, "CR without LF between messages");
                    }
                    if (end - start < 4) {
                        if (end - start == 3 && buf[start + 2] != '\r') {
                            consume(2); // a pong before a message
                            continue;
                        }
                        return null;
                    }
                    if (buf[start + 2] == '\r' && buf[start + 3] == '\n') {
                        consume(4);
                        return KeepAlive.INSTANCE;
                    }
                    consume(2);
                } else {
                    consume(1); // bare LF: tolerated like a CRLF (§7.5)
                }
            }
            if (start == end) {
                return null;
            }
        }
        if (messageLength < 0 && !findHeaderEnd()) {
            return null;
        }
        if (end - start < messageLength) {
            return null;
        }
        byte[] message = Arrays.copyOfRange(buf, start, start + messageLength);
        consume(messageLength);
        messageLength = -1;
        scanned = 0;
        lineStart = 0;
        if (start == end) {
            start = 0;
            end = 0;
        }
        return new Message(message);
    }

    private void consume(int n) {
        start += n;
        streamOffset += n;
    }

    /** Searches for the empty line ending the header section; on success sets {@link #messageLength}. */
    private boolean findHeaderEnd() {
        int avail = end - start;
        int i = scanned;
        while (i < avail) {
            if (buf[start + i] == '\n') {
                int lineLen = i - lineStart; // including a CR
                if (lineLen > limits.maxLineBytes() + 1) {
                    throw new SipParseException(offset(lineStart), null, 400,
                            "line longer than " + limits.maxLineBytes() + " bytes");
                }
                boolean empty = lineLen == 0 || lineLen == 1 && buf[start + i - 1] == '\r';
                lineStart = i + 1;
                if (empty && i > 1) {
                    int headerBytes = i + 1;
                    long length = headerBytes + contentLength(headerBytes);
                    if (length > limits.maxMessageBytes()) {
                        throw new SipParseException(offset(0), null, 513,
                                "message of " + length + " bytes larger than " + limits.maxMessageBytes());
                    }
                    messageLength = (int) length;
                    scanned = headerBytes;
                    return true;
                }
            }
            i++;
            if (i > limits.maxMessageBytes()) {
                throw new SipParseException(offset(0), null, 513,
                        "header section larger than " + limits.maxMessageBytes() + " bytes");
            }
        }
        if (i - lineStart > limits.maxLineBytes() + 1) {
            throw new SipParseException(offset(lineStart), null, 400, "line longer than " + limits.maxLineBytes() + " bytes");
        }
        scanned = i;
        return false;
    }

    private int offset(int rel) {
        return (int) Math.min(Integer.MAX_VALUE, streamOffset + rel);
    }

    /** The Content-Length of the header section {@code buf[start, start+len)}; its absence is an error (§18.3). */
    private long contentLength(int len) {
        long found = -1;
        int p = 0;
        while (p < len) {
            int le = p;
            while (le < len && buf[start + le] != '\n') {
                le++;
            }
            int nameEnd = p;
            while (nameEnd < le && buf[start + nameEnd] != ':' && buf[start + nameEnd] != ' '
                    && buf[start + nameEnd] != '\t') {
                nameEnd++;
            }
            if (isContentLength(p, nameEnd)) {
                int c = nameEnd;
                while (c < le && (buf[start + c] == ' ' || buf[start + c] == '\t')) {
                    c++;
                }
                if (c < le && buf[start + c] == ':') {
                    long v = digits(c + 1, le, p);
                    if (found >= 0 && found != v) {
                        throw new SipParseException(offset(p), HeaderNames.CONTENT_LENGTH, 400, "conflicting values");
                    }
                    found = v;
                }
            }
            p = le + 1;
        }
        if (found < 0) {
            throw new SipParseException(offset(len - 1), HeaderNames.CONTENT_LENGTH, 400,
                    "missing mandatory header: Content-Length is required on a stream");
        }
        return found;
    }

    private boolean isContentLength(int s, int e) {
        String full = "content-length";
        if (e - s == 1) {
            return (buf[start + s] | 0x20) == 'l';
        }
        if (e - s != full.length()) {
            return false;
        }
        for (int k = 0; k < full.length(); k++) {
            if ((buf[start + s + k] | 0x20) != full.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The 1*DIGIT value in {@code [s, e)} after trimming LWS and a CR; checked against the limits. */
    private long digits(int s, int e, int fieldStart) {
        while (s < e && (buf[start + s] == ' ' || buf[start + s] == '\t')) {
            s++;
        }
        while (e > s && (buf[start + e - 1] == ' ' || buf[start + e - 1] == '\t' || buf[start + e - 1] == '\r')) {
            e--;
        }
        if (s == e || e - s > 10) {
            throw new SipParseException(offset(fieldStart), HeaderNames.CONTENT_LENGTH, 400, "invalid Content-Length");
        }
        long v = 0;
        for (int k = s; k < e; k++) {
            int d = buf[start + k] - '0';
            if (d < 0 || d > 9) {
                throw new SipParseException(offset(fieldStart), HeaderNames.CONTENT_LENGTH, 400, "invalid Content-Length");
            }
            v = v * 10 + d;
        }
        if (v > limits.maxContentLength()) {
            throw new SipParseException(offset(fieldStart), HeaderNames.CONTENT_LENGTH, 413,
                    "Content-Length " + v + " larger than " + limits.maxContentLength() + " bytes");
        }
        return v;
    }
}
