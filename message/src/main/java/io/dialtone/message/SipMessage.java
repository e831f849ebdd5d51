package io.dialtone.message;

import io.dialtone.message.internal.Lexer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An immutable SIP message (RFC 3261 §7): header fields in order as written, and a body.
 *
 * <p>The headers lower layers route on (Via, From, To, Call-ID, CSeq, Max-Forwards) are parsed
 * when the message is constructed, so a malformed one never enters the stack; all others stay raw
 * {@link HeaderField}s parsed on demand by the typed accessors, and are serialized unchanged.
 * Instances are safe to share between threads; {@link #toBytes()} serializes once and caches.
 */
public abstract sealed class SipMessage permits SipRequest, SipResponse {
    private final List<HeaderField> headers;
    private final byte[] body;
    private final List<Via> vias;
    private final NameAddr from;
    private final NameAddr to;
    private final String callId;
    private final CSeq cseq;
    private final int maxForwards;
    // volatile: the array is published to other threads (retransmission), so its contents must be visible;
    // two threads racing may each serialize once, with identical results
    private volatile byte[] encoded;

    SipMessage(List<HeaderField> headers, byte[] body) {
        this(headers, body, null, -1);
    }

    /**
     * @param offsets   byte offset of each header field in the parsed input, or {@code null} when built;
     *                  a malformed or repeated field is reported at its own offset
     * @param endOffset offset of the empty line ending the header section (where a missing header is reported), or -1
     */
    SipMessage(List<HeaderField> headers, byte[] body, int[] offsets, int endOffset) {
        this.headers = headers;
        this.body = body;
        List<Via> v = new ArrayList<>(2);
        NameAddr f = null;
        NameAddr t = null;
        String cid = null;
        CSeq cs = null;
        int mf = -1;
        long contentLength = -1;
        for (int i = 0; i < headers.size(); i++) {
            HeaderField h = headers.get(i);
            String n = HeaderNames.canonical(h.name());
            try {
                if (n.equalsIgnoreCase(HeaderNames.VIA)) {
                    for (String one : Lexer.splitList(h.value())) {
                        v.add(Via.parse(one));
                    }
                } else if (n.equalsIgnoreCase(HeaderNames.FROM)) {
                    f = single(f, NameAddr.parse(h.value(), HeaderNames.FROM), HeaderNames.FROM);
                } else if (n.equalsIgnoreCase(HeaderNames.TO)) {
                    t = single(t, NameAddr.parse(h.value(), HeaderNames.TO), HeaderNames.TO);
                } else if (n.equalsIgnoreCase(HeaderNames.CALL_ID)) {
                    cid = single(cid, parseCallId(h.value()), HeaderNames.CALL_ID);
                } else if (n.equalsIgnoreCase(HeaderNames.CSEQ)) {
                    cs = single(cs, CSeq.parse(h.value()), HeaderNames.CSEQ);
                } else if (n.equalsIgnoreCase(HeaderNames.MAX_FORWARDS)) {
                    if (mf >= 0) {
                        throw SipParseException.badHeader(HeaderNames.MAX_FORWARDS, "more than one Max-Forwards header");
                    }
                    // Max-Forwards is 1*DIGIT (§25.1); values above 255 are tolerated and clamped (§20.22)
                    mf = (int) Math.min(255, SessionExpires.parseDelta(h.value().strip(), HeaderNames.MAX_FORWARDS));
                } else if (n.equalsIgnoreCase(HeaderNames.CONTENT_LENGTH)) {
                    long cl = SessionExpires.parseDelta(h.value().strip(), HeaderNames.CONTENT_LENGTH);
                    if (contentLength >= 0 && contentLength != cl) {
                        throw SipParseException.badHeader(HeaderNames.CONTENT_LENGTH, "conflicting values");
                    }
                    contentLength = cl;
                }
            } catch (SipParseException e) {
                throw offsets != null && e.offset() < 0 ? e.at(offsets[i]) : e;
            }
        }
        if (offsets != null && (v.isEmpty() || f == null || t == null || cid == null || cs == null)) {
            try {
                requireMandatory(v, f, t, cid, cs);
            } catch (SipParseException e) {
                throw e.at(endOffset);
            }
        }
        requireMandatory(v, f, t, cid, cs);
        this.vias = Collections.unmodifiableList(v);
        this.from = f;
        this.to = t;
        this.callId = cid;
        this.cseq = cs;
        this.maxForwards = mf;
    }

    private static <T> T single(T previous, T next, String header) {
        if (previous != null) {
            throw SipParseException.badHeader(header, "more than one " + header + " header");
        }
        return next;
    }

    private static void requireMandatory(List<Via> v, NameAddr f, NameAddr t, String cid, CSeq cs) {
        require(!v.isEmpty(), HeaderNames.VIA);
        require(f != null, HeaderNames.FROM);
        require(t != null, HeaderNames.TO);
        require(cid != null, HeaderNames.CALL_ID);
        require(cs != null, HeaderNames.CSEQ);
    }

    private static void require(boolean present, String header) {
        if (!present) {
            throw SipParseException.badHeader(header, "missing mandatory header");
        }
    }

    private static String parseCallId(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            throw SipParseException.badHeader(HeaderNames.CALL_ID, "empty Call-ID");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c >= 0x7F) {
                throw SipParseException.badHeader(HeaderNames.CALL_ID, "invalid character in Call-ID");
            }
        }
        return v;
    }

    /** All header fields in order, names as written. */
    public List<HeaderField> headers() {
        return headers;
    }

    /** The body bytes (never {@code null}; empty when there is none). The array must not be modified. */
    public byte[] body() {
        return body;
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean hasBody() {
        return body.length > 0;
    }

    /** All Via values, topmost first (§20.42). */
    public List<Via> vias() {
        return vias;
    }

    /** The topmost Via. */
    public Via topVia() {
        return vias.get(0);
    }

    public NameAddr from() {
        return from;
    }

    public NameAddr to() {
        return to;
    }

    public String callId() {
        return callId;
    }

    public CSeq cseq() {
        return cseq;
    }

    /** Max-Forwards (§20.22), or -1 when absent. */
    public int maxForwards() {
        return maxForwards;
    }

    /** The first value of header {@code name} (either form, any case). */
    public Optional<String> header(String name) {
        for (HeaderField h : headers) {
            if (HeaderNames.same(h.name(), name)) {
                return Optional.of(h.value());
            }
        }
        return Optional.empty();
    }

    /** Every field value of header {@code name}, in order, not split at commas. */
    public List<String> headerValues(String name) {
        List<String> out = new ArrayList<>(2);
        for (HeaderField h : headers) {
            if (HeaderNames.same(h.name(), name)) {
                out.add(h.value());
            }
        }
        return out;
    }

    /** Every comma-separated element of header {@code name} across all its fields (§7.3.1). */
    public List<String> headerList(String name) {
        List<String> out = new ArrayList<>(4);
        for (String v : headerValues(name)) {
            out.addAll(Lexer.splitList(v));
        }
        return out;
    }

    /** True when {@code name} lists {@code option} (Supported, Require, Allow; case-insensitive). */
    public boolean lists(String name, String option) {
        for (String v : headerList(name)) {
            if (v.equalsIgnoreCase(option)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first value of a typed header, parsed on call.
     *
     * @throws SipParseException (400 naming the header) when the value is malformed
     */
    public <T> Optional<T> typed(HeaderType<T> type) {
        if (type.multiValued()) {
            List<String> values = headerList(type.name());
            return values.isEmpty() ? Optional.empty() : Optional.of(type.parse(values.get(0)));
        }
        return header(type.name()).map(type::parse);
    }

    /**
     * Every value of a typed header in order, across fields and comma-separated elements for
     * multi-valued headers, parsed on call.
     *
     * @throws SipParseException (400 naming the header) when a value is malformed
     */
    public <T> List<T> typedList(HeaderType<T> type) {
        List<String> raw = type.multiValued() ? headerList(type.name()) : headerValues(type.name());
        List<T> out = new ArrayList<>(raw.size());
        for (String v : raw) {
            out.add(type.parse(v));
        }
        return out;
    }

    /** Contact values (§20.10), parsed on call. A {@code *} Contact yields an empty list. */
    public List<NameAddr> contacts() {
        return nameAddrs(HeaderNames.CONTACT);
    }

    /** Route values in order (§20.34). */
    public List<NameAddr> routes() {
        return nameAddrs(HeaderNames.ROUTE);
    }

    /** Record-Route values in order (§20.30). */
    public List<NameAddr> recordRoutes() {
        return nameAddrs(HeaderNames.RECORD_ROUTE);
    }

    private List<NameAddr> nameAddrs(String name) {
        List<NameAddr> out = new ArrayList<>(2);
        for (String v : headerList(name)) {
            if (!v.equals("*")) {
                out.add(NameAddr.parse(v, name));
            }
        }
        return out;
    }

    /** Content-Type media type in lower case without parameters, e.g. {@code application/sdp}. */
    public Optional<String> contentType() {
        return header(HeaderNames.CONTENT_TYPE).map(v -> {
            int semi = v.indexOf(';');
            return (semi < 0 ? v : v.substring(0, semi)).strip().toLowerCase(java.util.Locale.ROOT);
        });
    }

    /** Session-Expires (RFC 4028 §4), parsed on call. */
    public Optional<SessionExpires> sessionExpires() {
        return header(HeaderNames.SESSION_EXPIRES).map(SessionExpires::parse);
    }

    /** Min-SE in seconds (RFC 4028 §5), parsed on call. */
    public OptionalLong minSE() {
        Optional<String> v = header(HeaderNames.MIN_SE);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        String s = v.get();
        int semi = s.indexOf(';');
        return OptionalLong.of(SessionExpires.parseDelta((semi < 0 ? s : s.substring(0, semi)).strip(), HeaderNames.MIN_SE));
    }

    /** Writes the start line (no CRLF). */
    abstract void appendStartLine(StringBuilder sb);

    /** The wire form (§7): serialized once, then the same array is returned; do not modify it. */
    public byte[] toBytes() {
        byte[] e = encoded;
        if (e == null) {
            e = SipSerializer.serialize(this);
            encoded = e;
        }
        return e;
    }

    /** The first line, e.g. {@code INVITE sip:bob@example.com SIP/2.0}, for logs. */
    public String startLine() {
        StringBuilder sb = new StringBuilder(64);
        appendStartLine(sb);
        return sb.toString();
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }
}
