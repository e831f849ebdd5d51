package io.dialtone.message;

import io.dialtone.message.internal.Lexer;

import java.util.List;
import java.util.Objects;

/**
 * An immutable SIP request (RFC 3261 §7.1): method, Request-URI, headers and body.
 * Build with {@link #builder(String, SipUri)} or {@link #toBuilder()}; parse with {@link SipParser}.
 */
public final class SipRequest extends SipMessage {
    private final String method;
    private final SipUri requestUri;

    SipRequest(String method, SipUri requestUri, List<HeaderField> headers, byte[] body) {
        this(method, requestUri, headers, body, null, -1);
    }

    /** @param offsets byte offset of each header field in the parsed input, or {@code null} when built */
    SipRequest(String method, SipUri requestUri, List<HeaderField> headers, byte[] body, int[] offsets, int endOffset) {
        super(headers, body, offsets, endOffset);
        Objects.requireNonNull(method, "method");
        if (!Lexer.isToken(method)) {
            throw new IllegalArgumentException("method is not a token: " + method);
        }
        this.method = method;
        this.requestUri = Objects.requireNonNull(requestUri, "requestUri");
    }

    /** A builder for a new request; add Via, From, To, Call-ID, CSeq and Max-Forwards before {@code build()}. */
    public static Builder builder(String method, SipUri requestUri) {
        return new Builder(method, requestUri, List.of());
    }

    /** A builder that starts from this request's method, URI, headers and body. */
    public Builder toBuilder() {
        Builder b = new Builder(method, requestUri, headers());
        b.body = body();
        return b;
    }

    public String method() {
        return method;
    }

    public SipUri requestUri() {
        return requestUri;
    }

    /** True when this is {@code method} (exact, methods are case-sensitive: §7.1). */
    public boolean is(String m) {
        return method.equals(m);
    }

    @Override
    void appendStartLine(StringBuilder sb) {
        sb.append(method).append(' ');
        requestUri.appendTo(sb);
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
            return new SipRequest(method, requestUri, finishHeaders(), body);
        }
    }
}
