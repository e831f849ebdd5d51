package io.dialtone.transport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Frames SIP messages on a stream transport (RFC 3261 §18.3): finds the empty line that ends the
 * header section, reads Content-Length (full or compact {@code l}, any case) and emits exactly one
 * message's bytes as a {@code byte[]}, which the receiver owns.
 *
 * <ul>
 * <li>Keep-alives (RFC 5626 §4.4.1): a double-CRLF ping between messages is answered with a
 *     single-CRLF pong; a lone CRLF (a pong, or §7.5's leading CRLF) is skipped.</li>
 * <li>A message without Content-Length, with an invalid one, or larger than
 *     {@code maxMessageBytes} is emitted as one {@link InvalidFrame} (400 or 513); after that the
 *     stream cannot be re-synchronised and all further input is discarded: the receiver answers
 *     if it can and closes the connection.</li>
 * </ul>
 *
 * <table>
 * <caption>Limits</caption>
 * <tr><th>name</th><th>default</th><th>unit</th><th>effect</th></tr>
 * <tr><td>maxMessageBytes</td><td>{@code SipParserLimits.maxMessageBytes} (65535)</td><td>bytes</td>
 *     <td>header section plus claimed body; checked before waiting for the body, which is never
 *     allocated at its claimed size; exceeding it emits a 513 {@link InvalidFrame}</td></tr>
 * </table>
 *
 * <p>One instance per channel; confined to its event loop.
 */
public final class SipStreamDecoder extends ByteToMessageDecoder {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] PONG = {CR, LF};

    private final int maxMessageBytes;
    /** Bytes from the reader index already searched for the end of the header section. */
    private int scanned;
    /** Length of the message being received once its header section has been read, else -1. */
    private int frameLength = -1;
    private boolean failed;

    public SipStreamDecoder(int maxMessageBytes) {
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be positive");
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (frameLength < 0) {
            if (scanned == 0 && !skipKeepAlives(ctx, in)) {
                return;
            }
            int r = in.readerIndex();
            int n = in.readableBytes();
            int headEnd = headerEnd(in, r + scanned, r + n);
            if (headEnd < 0) {
                if (n > maxMessageBytes) {
                    fail(in, out, 513, "Message Too Large");
                } else {
                    scanned = Math.max(0, n - 3); // the terminator may straddle the next read
                }
                return;
            }
            scanned = 0;
            long contentLength = contentLength(in, r, headEnd);
            if (contentLength == MISSING) {
                fail(in, out, 400, "Missing Content-Length");
                return;
            }
            if (contentLength == INVALID) {
                fail(in, out, 400, "Bad Content-Length");
                return;
            }
            long total = (headEnd - r) + contentLength;
            if (total > maxMessageBytes) {
                fail(in, out, 513, "Message Too Large");
                return;
            }
            frameLength = (int) total;
        }
        if (in.readableBytes() < frameLength) {
            return;
        }
        byte[] frame = new byte[frameLength];
        in.readBytes(frame);
        frameLength = -1;
        out.add(frame);
    }

    /**
     * Consumes CRLF keep-alives at the start of {@code in}; returns false when what is left may
     * still become a ping and more input is needed.
     */
    private static boolean skipKeepAlives(ChannelHandlerContext ctx, ByteBuf in) {
        while (true) {
            int r = in.readerIndex();
            int n = in.readableBytes();
            if (n == 0) {
                return false;
            }
            if (in.getByte(r) != CR) {
                return true;
            }
            if (n == 1 || in.getByte(r + 1) != LF) {
                return n > 1; // CR then something else: leave it to the parser; a lone CR: wait
            }
            if (n >= 4 && in.getByte(r + 2) == CR && in.getByte(r + 3) == LF) {
                in.skipBytes(4);
                ctx.writeAndFlush(Unpooled.wrappedBuffer(PONG)); // RFC 5626 §4.4.1
            } else if (n == 2 || n == 3 && in.getByte(r + 2) == CR) {
                return false; // may be the first half of a ping
            } else {
                in.skipBytes(2); // a pong, or a leading CRLF (§7.5)
            }
        }
    }

    private void fail(ByteBuf in, List<Object> out, int status, String reason) {
        int len = Math.min(in.readableBytes(), maxMessageBytes);
        byte[] head = new byte[len];
        in.getBytes(in.readerIndex(), head);
        in.skipBytes(in.readableBytes());
        failed = true;
        out.add(new InvalidFrame(head, status, reason));
    }

    /** Index just after the empty line that ends the header section in [from, end), or -1. */
    static int headerEnd(ByteBuf in, int from, int end) {
        for (int i = from; i < end; i++) {
            if (in.getByte(i) != LF) {
                continue;
            }
            if (i + 1 < end && in.getByte(i + 1) == LF) {
                return i + 2;
            }
            if (i + 2 < end && in.getByte(i + 1) == CR && in.getByte(i + 2) == LF) {
                return i + 3;
            }
        }
        return -1;
    }

    private static final long MISSING = -1;
    private static final long INVALID = -2;

    /** The Content-Length of the header section [start, end): its value, {@link #MISSING} or {@link #INVALID}. */
    static long contentLength(ByteBuf in, int start, int end) {
        int p = start;
        boolean first = true;
        while (p < end) {
            int lf = p;
            while (lf < end && in.getByte(lf) != LF) {
                lf++;
            }
            if (!first) {
                long v = contentLengthValue(in, p, lf);
                if (v != MISSING) {
                    return v;
                }
            }
            first = false;
            p = lf + 1;
        }
        return MISSING;
    }

    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The value if the line [p, lf) is a Content-Length header, else {@link #MISSING}. */
    private static long contentLengthValue(ByteBuf in, int p, int lf) {
        int colon = -1;
        for (int i = p; i < lf; i++) {
            if (in.getByte(i) == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            return MISSING;
        }
        int nameEnd = colon;
        while (nameEnd > p && isSpace(in.getByte(nameEnd - 1))) {
            nameEnd--;
        }
        int nameLen = nameEnd - p;
        boolean match;
        if (nameLen == 1) {
            match = (in.getByte(p) | 0x20) == 'l';
        } else if (nameLen == CONTENT_LENGTH.length) {
            match = true;
            for (int i = 0; i < nameLen && match; i++) {
                match = (in.getByte(p + i) | 0x20) == CONTENT_LENGTH[i];
            }
        } else {
            match = false;
        }
        if (!match) {
            return MISSING;
        }
        int v = colon + 1;
        int e = lf;
        while (v < e && isSpace(in.getByte(v))) {
            v++;
        }
        while (e > v && (isSpace(in.getByte(e - 1)) || in.getByte(e - 1) == CR)) {
            e--;
        }
        if (v == e || e - v > 10) {
            return INVALID;
        }
        long value = 0;
        for (int i = v; i < e; i++) {
            byte b = in.getByte(i);
            if (b < '0' || b > '9') {
                return INVALID;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }
}
