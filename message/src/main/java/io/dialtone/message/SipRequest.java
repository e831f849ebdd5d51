package io.dialtone.message;

import io.dialtone.message.internal.Lexer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import static io.dialtone.message.MessageIndex.I_SL_B;
import static io.dialtone.message.MessageIndex.I_SL_C;

/**
 * An immutable SIP request (RFC 3261 §7.1): method, Request-URI, headers and body.
 * Build with {@link #builder(String, SipUri)} or {@link #toBuilder()}; parse with {@link SipParser}.
 */
public final class SipRequest extends SipMessage {
    private final String method;
    private SipUri requestUri; // cache, filled on first use (benign race: SipUri is an immutable record)
    private List<HeaderField> responseHeaders; // cache, as above: an immutable list of immutable fields

    /** A parsed or built request over its wire form; {@code method} interned for the known methods. */
    SipRequest(byte[] raw, int[] idx, String method) {
        super(raw, idx);
        this.method = method;
    }

    /**
     * The same request without the values parsed from it so far: a new instance over the same wire
     * bytes and index (the same {@link #toBytes() bytes}, method and field values), whose fields are
     * parsed again on first use. For holding a request while a call waits for something (a UAS
     * waiting 64·T1 for the ACK of its 2xx): it then costs its bytes, not the header objects and
     * strings parsed from it. Thread-safe; O(1).
     */
    public SipRequest compact() {
        return new SipRequest(raw, idx, method);
    }

    /**
     * Serializes a request from builder state, indexing it while writing (no second parse).
     *
     * @throws SipParseException (offset -1) when a mandatory header is missing or malformed
     */
    static SipRequest build(String method, SipUri requestUri, List<HeaderField> headers, byte[] body) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(requestUri, "requestUri");
        if (!Lexer.isToken(method)) {
            throw new IllegalArgumentException("method is not a token: " + method);
        }
        StringBuilder sb = new StringBuilder(64);
        sb.append(method).append(' ');
        requestUri.appendTo(sb);
        sb.append(" SIP/2.0");
        SipRequest r;
        try {
            r = (SipRequest) SipSerializer.write(sb, headers, body); // indexed while written, never re-parsed
        } catch (SipParseException e) {
            throw e.offset() < 0 ? e : e.at(-1);
        }
        r.requestUri = requestUri;
        r.builtFrom(headers, body);
        return r;
    }

    /** A builder for a new request; add Via, From, To, Call-ID, CSeq and Max-Forwards before {@code build()}. */
    public static Builder builder(String method, SipUri requestUri) {
        return new Builder(method, requestUri, List.of());
    }

    /** A builder that starts from this request's method, URI, headers and body. */
    public Builder toBuilder() {
        Builder b = new Builder(method, requestUri(), headers());
        b.body = body();
        return b;
    }

    /**
     * The fields every response to this request copies (§8.2.6.2): each Via field as received, then
     * From, To, Call-ID and CSeq as their records write them. Made on first use and shared by every
     * response built with {@link SipResponse#to}; a UAS answering an INVITE with 100, 180 and 200
     * formats them once.
     */
    List<HeaderField> responseHeaders() {
        List<HeaderField> h = responseHeaders;
        if (h == null) {
            List<String> vias = headerValues(HeaderNames.VIA); // from the index: no list of every header
            HeaderField[] out = new HeaderField[vias.size() + 4];
            int n = 0;
            for (String via : vias) {
                out[n++] = new HeaderField(HeaderNames.VIA, via);
            }
            out[n++] = new HeaderField(HeaderNames.FROM, from().toString());
            out[n++] = new HeaderField(HeaderNames.TO, to().toString());
            out[n++] = new HeaderField(HeaderNames.CALL_ID, callId());
            out[n] = new HeaderField(HeaderNames.CSEQ, cseq().toString());
            h = List.of(out);
            responseHeaders = h;
        }
        return h;
    }

    public String method() {
        return method;
    }

    /**
     * The CSeq method (§20.16): always this request's method, which parsing and building check it
     * equals (§8.1.1.5), so it is read without looking at the CSeq field.
     */
    @Override
    public String cseqMethod() {
        return method;
    }

    public SipUri requestUri() {
        SipUri u = requestUri;
        if (u == null) {
            u = SipUri.parse(new String(raw, idx[I_SL_B], idx[I_SL_C] - idx[I_SL_B], StandardCharsets.UTF_8));
            requestUri = u;
        }
        return u;
    }

    /** True when this is {@code method} (exact, methods are case-sensitive: §7.1). */
    public boolean is(String m) {
        return method.equals(m);
    }

    @Override
    void appendStartLine(StringBuilder sb) {
        sb.append(method).append(' ');
        requestUri().appendTo(sb);
        sb.append(" SIP/2.0");
    }

    /** Builds a {@link SipRequest}. Not thread-safe. */
    public static final class Builder extends SipMessageBuilder<Builder> {
        private String method;
        private SipUri requestUri;

        Builder(String method, SipUri requestUri, List<HeaderField> headers) {
            super(headers);
            this.method = method;
            this.requestUri = requestUri;
        }

        public Builder method(String m) {
            this.method = m;
            return this;
        }

        public Builder requestUri(SipUri uri) {
            this.requestUri = uri;
            return this;
        }

        /**
         * @throws SipParseException when a mandatory header (Via, From, To, Call-ID, CSeq) is missing or malformed
         */
        public SipRequest build() {
            return SipRequest.build(method, requestUri, finishHeaders(), body);
        }
    }
}
