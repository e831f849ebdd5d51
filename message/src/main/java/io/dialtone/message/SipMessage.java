package io.dialtone.message;

import io.dialtone.message.internal.Lexer;
import io.dialtone.message.internal.WireGrammar;
import io.dialtone.message.internal.WireHeaderKinds;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static io.dialtone.message.MessageIndex.H_META;
import static io.dialtone.message.MessageIndex.H_NAME;
import static io.dialtone.message.MessageIndex.H_VALUE;
import static io.dialtone.message.MessageIndex.H_VALUE_END;
import static io.dialtone.message.MessageIndex.I_BODY_LEN;
import static io.dialtone.message.MessageIndex.I_BODY_START;
import static io.dialtone.message.MessageIndex.I_BRANCH;
import static io.dialtone.message.MessageIndex.I_CALL_ID;
import static io.dialtone.message.MessageIndex.I_CALL_ID_FIELD;
import static io.dialtone.message.MessageIndex.I_CONTENT_LENGTH;
import static io.dialtone.message.MessageIndex.I_COUNT;
import static io.dialtone.message.MessageIndex.I_CSEQ_FIELD;
import static io.dialtone.message.MessageIndex.I_CSEQ_METHOD;
import static io.dialtone.message.MessageIndex.I_CSEQ_NUM;
import static io.dialtone.message.MessageIndex.I_FLAGS;
import static io.dialtone.message.MessageIndex.I_FROM_FIELD;
import static io.dialtone.message.MessageIndex.I_FROM_TAG;
import static io.dialtone.message.MessageIndex.I_HEADERS;
import static io.dialtone.message.MessageIndex.I_MAX_FORWARDS;
import static io.dialtone.message.MessageIndex.I_TO_FIELD;
import static io.dialtone.message.MessageIndex.I_TO_TAG;
import static io.dialtone.message.MessageIndex.F_CANONICAL;
import static io.dialtone.message.MessageIndex.UNKNOWN;
import static io.dialtone.message.MessageIndex.method;
import static io.dialtone.message.MessageIndex.regionIs;
import static io.dialtone.message.MessageIndex.valueOf;

/**
 * An immutable SIP message (RFC 3261 §7): header fields in order as written, and a body.
 *
 * <p>A message holds its wire form — one {@code byte[]} — and an {@code int[]} index of where each
 * header name and value lies in it. The headers lower layers route on (Via, From, To, Call-ID, CSeq,
 * Max-Forwards, Content-Length) are validated when the message is parsed or built, so a malformed one
 * never enters the stack; their strings and records, like every other header and the
 * {@link HeaderField} list, are built on first use and cached. Other headers stay raw, are parsed on
 * demand by the typed accessors, and are serialized unchanged.
 *
 * <p>Instances are safe to share between threads: the bytes and the index never change after
 * construction, and each cache is filled with an immutable value (two threads racing may both compute
 * it, with equal results). {@link #toBytes()} returns the wire form without copying.
 */
public abstract sealed class SipMessage permits SipRequest, SipResponse {
    private static final byte[] NO_BODY = new byte[0];

    /** The message as received or as serialized once when built; never modified. */
    final byte[] raw;
    /** Where the start line's parts, the routing values and each field lie in {@code raw}: {@link MessageIndex}. */
    final int[] idx;

    // caches, filled on first use with immutable values (benign races)
    private List<HeaderField> headerList;
    private List<Via> vias;
    private Via topVia;
    private NameAddr from;
    private NameAddr to;
    private String callId;
    private CSeq cseq;
    // arrays are not immutable objects: publish them through volatile fields
    private volatile byte[] body;
    private volatile byte[] encoded;

    SipMessage(byte[] raw, int[] idx) {
        this.raw = raw;
        this.idx = idx;
    }

    /** Fills the top Via cache with {@code via}, the value of the first Via field (before the message is published). */
    void knownTopVia(Via via) {
        this.topVia = via;
    }

    /** Fills the caches a builder already holds (called before the message is published). */
    void builtFrom(List<HeaderField> headers, byte[] content) {
        idx[I_FLAGS] |= F_CANONICAL; // raw is the serialized form
        this.headerList = headers;
        this.body = content;
    }

    static String parseCallId(String value) {
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

    // ---- fields

    private int count() {
        return idx[I_COUNT];
    }

    private int kind(int h) {
        return (idx[I_HEADERS + 4 * h + H_META] >> 1) & 0x7F;
    }

    /** The name of field {@code h} as written; the shared constant when written as the canonical name. */
    private String nameOf(int h) {
        int at = I_HEADERS + 4 * h;
        int s = idx[at + H_NAME];
        int len = idx[at + H_META] >>> 8;
        int k = kind(h);
        if (k != WireHeaderKinds.OTHER) {
            String canonical = WireHeaderKinds.name(k);
            if (canonical.length() == len && regionIs(raw, s, canonical)) {
                return canonical;
            }
        }
        return new String(raw, s, len, StandardCharsets.US_ASCII);
    }

    private String ascii(int s, int e) {
        return new String(raw, s, e - s, StandardCharsets.ISO_8859_1);
    }

    private int valueEnd(int h) {
        return idx[I_HEADERS + 4 * h + H_VALUE_END];
    }

    /** True when field {@code h} is header {@code name} ({@code kind} its id), either form, any case. */
    private boolean named(int h, int kind, String name) {
        if (kind != WireHeaderKinds.OTHER) {
            return kind(h) == kind;
        }
        int at = I_HEADERS + 4 * h;
        int len = idx[at + H_META] >>> 8;
        if (kind(h) != WireHeaderKinds.OTHER || len != name.length()) {
            return false;
        }
        int s = idx[at + H_NAME];
        for (int i = 0; i < len; i++) {
            char a = (char) raw[s + i];
            char b = name.charAt(i);
            if (a != b && Character.toUpperCase(a) != Character.toUpperCase(b)
                    && Character.toLowerCase(a) != Character.toLowerCase(b)) {
                return false;
            }
        }
        return true;
    }

    /** All header fields in order, names as written. */
    public List<HeaderField> headers() {
        List<HeaderField> h = headerList;
        if (h == null) {
            HeaderField[] all = new HeaderField[count()];
            for (int i = 0; i < all.length; i++) {
                all[i] = new HeaderField(nameOf(i), valueOf(raw, idx, i));
            }
            h = List.of(all);
            headerList = h;
        }
        return h;
    }

    /** The body bytes (never {@code null}; empty when there is none). The array must not be modified. */
    public byte[] body() {
        byte[] b = body;
        if (b == null) {
            int len = idx[I_BODY_LEN];
            b = len == 0 ? NO_BODY : Arrays.copyOfRange(raw, idx[I_BODY_START], idx[I_BODY_START] + len);
            body = b;
        }
        return b;
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(raw, idx[I_BODY_START], idx[I_BODY_LEN], StandardCharsets.UTF_8);
    }

    public boolean hasBody() {
        return idx[I_BODY_LEN] > 0;
    }

    /** Length of the body in bytes (the Content-Length a serializer writes). */
    public int bodyLength() {
        return idx[I_BODY_LEN];
    }

    /** The Content-Length header value (§20.14) as received, or -1 when the message had none. */
    public int contentLength() {
        return idx[I_CONTENT_LENGTH];
    }

    /** All Via values, topmost first (§20.42). */
    public List<Via> vias() {
        List<Via> v = vias;
        if (v == null) {
            List<Via> out = new ArrayList<>(2);
            for (int h = 0; h < count(); h++) {
                if (kind(h) == WireHeaderKinds.VIA) {
                    for (String one : Lexer.splitList(valueOf(raw, idx, h))) {
                        out.add(Via.parse(one));
                    }
                }
            }
            v = List.copyOf(out);
            vias = v;
        }
        return v;
    }

    /**
     * The topmost Via (the first element of the first Via field), parsed on first use and cached: the
     * same instance on every call. Parses only that element, not every Via.
     */
    public Via topVia() {
        Via t = topVia;
        if (t == null) {
            List<Via> all = vias;
            if (all != null) {
                t = all.get(0);
            } else {
                for (int h = 0; h < count(); h++) {
                    if (kind(h) == WireHeaderKinds.VIA) {
                        String value = valueOf(raw, idx, h);
                        if (value.indexOf(',') < 0) {
                            t = Via.parse(value);
                        } else {
                            List<String> elements = Lexer.splitList(value);
                            t = elements.isEmpty() ? null : Via.parse(elements.get(0));
                        }
                        break;
                    }
                }
                if (t == null) {
                    t = vias().get(0);
                }
            }
            topVia = t;
        }
        return t;
    }

    /**
     * The {@code branch} parameter of the topmost Via (§8.1.1.7), or {@code null}; read from the bytes
     * without building the {@link Via} record (transaction matching, §17.2.3).
     */
    public String topViaBranch() {
        int s = idx[I_BRANCH];
        return s == UNKNOWN ? topVia().branch() : s < 0 ? null : ascii(s, idx[I_BRANCH + 1]);
    }

    /** The From {@code tag} (§19.3), or {@code null}; read without building the {@link NameAddr} record. */
    public String fromTag() {
        int s = idx[I_FROM_TAG];
        return s == UNKNOWN ? from().tag() : s < 0 ? null : ascii(s, idx[I_FROM_TAG + 1]);
    }

    /** The To {@code tag} (§19.3), or {@code null}; read without building the {@link NameAddr} record. */
    public String toTag() {
        int s = idx[I_TO_TAG];
        return s == UNKNOWN ? to().tag() : s < 0 ? null : ascii(s, idx[I_TO_TAG + 1]);
    }

    public NameAddr from() {
        NameAddr f = from;
        if (f == null) {
            f = NameAddr.parse(valueOf(raw, idx, idx[I_FROM_FIELD]), HeaderNames.FROM);
            from = f;
        }
        return f;
    }

    public NameAddr to() {
        NameAddr t = to;
        if (t == null) {
            t = NameAddr.parse(valueOf(raw, idx, idx[I_TO_FIELD]), HeaderNames.TO);
            to = t;
        }
        return t;
    }

    public String callId() {
        String c = callId;
        if (c == null) {
            int s = idx[I_CALL_ID];
            int h = idx[I_CALL_ID_FIELD];
            c = s == UNKNOWN ? parseCallId(valueOf(raw, idx, h)) : ascii(s, valueEnd(h));
            callId = c;
        }
        return c;
    }

    public CSeq cseq() {
        CSeq c = cseq;
        if (c == null) {
            int s = idx[I_CSEQ_METHOD];
            int h = idx[I_CSEQ_FIELD];
            c = s == UNKNOWN ? CSeq.parse(valueOf(raw, idx, h)) : new CSeq(idx[I_CSEQ_NUM], method(raw, s, valueEnd(h)));
            cseq = c;
        }
        return c;
    }

    /** The CSeq sequence number (§20.16), without building the {@link CSeq} record. */
    public long cseqNumber() {
        return idx[I_CSEQ_NUM];
    }

    /** The CSeq method (§20.16), interned for the known methods, without building the {@link CSeq} record. */
    public String cseqMethod() {
        CSeq c = cseq;
        if (c != null) {
            return c.method();
        }
        int s = idx[I_CSEQ_METHOD];
        return s == UNKNOWN ? cseq().method() : method(raw, s, valueEnd(idx[I_CSEQ_FIELD]));
    }

    /** Max-Forwards (§20.22), or -1 when absent. */
    public int maxForwards() {
        return idx[I_MAX_FORWARDS];
    }

    /** The first value of header {@code name} (either form, any case). */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headerValue(name));
    }

    /**
     * The first value of header {@code name} (either form, any case), or {@code null} when the message
     * has none: {@link #header(String)} without the {@code Optional}, and without building the list
     * of every field.
     */
    public String headerValue(String name) {
        List<HeaderField> list = headerList;
        if (list != null) {
            for (int i = 0, n = list.size(); i < n; i++) {
                HeaderField h = list.get(i);
                if (HeaderNames.same(h.name(), name)) {
                    return h.value();
                }
            }
            return null;
        }
        int kind = WireHeaderKinds.of(name);
        for (int h = 0; h < count(); h++) {
            if (named(h, kind, name)) {
                return valueOf(raw, idx, h);
            }
        }
        return null;
    }

    /** True when the index holds a field named {@code name} (either form, any case). */
    private boolean present(String name) {
        int kind = WireHeaderKinds.of(name);
        for (int h = 0; h < count(); h++) {
            if (named(h, kind, name)) {
                return true;
            }
        }
        return false;
    }

    /** Every field value of header {@code name}, in order, not split at commas. */
    public List<String> headerValues(String name) {
        List<String> out = new ArrayList<>(2);
        List<HeaderField> list = headerList;
        if (list != null) {
            for (HeaderField h : list) {
                if (HeaderNames.same(h.name(), name)) {
                    out.add(h.value());
                }
            }
            return out;
        }
        int kind = WireHeaderKinds.of(name);
        for (int h = 0; h < count(); h++) {
            if (named(h, kind, name)) {
                out.add(valueOf(raw, idx, h));
            }
        }
        return out;
    }

    /** Every comma-separated element of header {@code name} across all its fields (§7.3.1). */
    public List<String> headerList(String name) {
        if (headerList == null && !present(name)) {
            return new ArrayList<>(); // absent (Require, Record-Route on most requests): no lists on the way
        }
        List<String> out = new ArrayList<>(4);
        for (String v : headerValues(name)) {
            out.addAll(Lexer.splitList(v));
        }
        return out;
    }

    /**
     * True when {@code name} lists {@code option} (Supported, Require, Allow; case-insensitive): an
     * element of a comma-separated list (§7.3.1) in any of its fields. Reads the bytes in place; builds
     * no list and no strings.
     */
    public boolean lists(String name, String option) {
        int kind = WireHeaderKinds.of(name);
        for (int h = 0; h < count(); h++) {
            if (named(h, kind, name)) {
                int at = I_HEADERS + 4 * h;
                int found = (idx[at + H_META] & 1) != 0 ? -1
                        : WireGrammar.listHas(raw, idx[at + H_VALUE], idx[at + H_VALUE_END], option);
                if (found < 0) { // folded, or non-ASCII where Unicode case folding applies: the string way
                    for (String v : Lexer.splitList(valueOf(raw, idx, h))) {
                        if (v.equalsIgnoreCase(option)) {
                            return true;
                        }
                    }
                } else if (found > 0) {
                    return true;
                }
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
        if (headerList == null && !present(name)) {
            return new ArrayList<>(); // the common case for Route and Record-Route: no lists built on the way
        }
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

    /**
     * The wire form (§7), never copied: the received bytes when they are already in the form the
     * serializer writes (CRLF line ends, {@code Name: value}, no folding), else serialized once and
     * cached. Do not modify the array.
     */
    public byte[] toBytes() {
        if ((idx[I_FLAGS] & F_CANONICAL) != 0) {
            return raw;
        }
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
