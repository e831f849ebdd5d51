package io.dialtone.message;

import java.nio.charset.StandardCharsets;

/** Writes a message in its wire form (RFC 3261 §7): start line, header fields as held, CRLF, body. */
final class SipSerializer {
    private SipSerializer() {}

    static byte[] serialize(SipMessage m) {
        StringBuilder sb = new StringBuilder(256 + m.headers().size() * 48);
        m.appendStartLine(sb);
        sb.append("\r\n");
        for (HeaderField h : m.headers()) {
            sb.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] body = m.body();
        if (body.length == 0) {
            return head;
        }
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }
}
