package io.dialtone.message;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.dialtone.message.MessageIndex.I_SL_A;
import static io.dialtone.message.MessageIndex.I_SL_B;
import static io.dialtone.message.MessageIndex.I_SL_C;

/**
 * An immutable SIP response (RFC 3261 §7.2). Build one for a request with {@link #to(SipRequest, int)}.
 */
public final class SipResponse extends SipMessage {
    private String reasonPhrase; // cache, filled on first use (benign race: String is immutable)

    /** A parsed or built response over its wire form. */
    SipResponse(byte[] raw, int[] idx) {
        super(raw, idx);
    }

    /**
     * The same response without the values parsed from it so far: a new instance over the same wire
     * bytes and index (the same {@link #toBytes() bytes} and field values), whose fields are parsed
     * again on first use. For holding a response to re-send it for 32 s (a non-INVITE server
     * transaction in Completed): it then costs its bytes, not the header objects and strings it was
     * built from. Thread-safe; O(1).
     */
    public SipResponse compact() {
        return new SipResponse(raw, idx);
    }

    /**
     * Serializes a response from builder state, indexing it while writing (no second parse).
     *
     * @throws SipParseException (offset -1) when the status is out of range or a mandatory header is
     *                           missing or malformed
     * @throws IllegalArgumentException when the reason phrase holds a control character
     */
    static SipResponse build(int statusCode, String reasonPhrase, List<HeaderField> headers, byte[] body) {
        if (statusCode < 100 || statusCode > 699) {
            throw new SipParseException(-1, null, 400, "status code out of range: " + statusCode);
        }
        String reason = reasonPhrase == null ? "" : reasonPhrase;
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                throw new IllegalArgumentException("control character in reason phrase");
            }
        }
        StringBuilder sb = new StringBuilder(12 + reason.length());
        sb.append("SIP/2.0 ").append(statusCode).append(' ').append(reason);
        SipResponse r;
        try {
            r = (SipResponse) SipSerializer.write(sb, headers, body); // indexed while written, never re-parsed
        } catch (SipParseException e) {
            throw e.offset() < 0 ? e : e.at(-1);
        }
        r.reasonPhrase = reason;
        r.builtFrom(headers, body);
        return r;
    }

    /**
     * A response builder for {@code request} copying Via, From, To, Call-ID and CSeq (§8.2.6.2);
     * add the To tag with {@link Builder#toTag(String)}.
     */
    public static Builder to(SipRequest request, int statusCode) {
        List<HeaderField> copied = request.responseHeaders(); // Via..., From, To, Call-ID, CSeq: formatted once per request
        Builder b = new Builder(statusCode, ReasonPhrases.of(statusCode), copied);
        b.copiedTo = copied.get(copied.size() - 3);
        b.copiedToAddr = request.to();
        b.copiedTopVia = copied.get(0);
        b.copiedTopViaValue = request.topVia();
        return b;
    }

    /** A builder starting from nothing; mandatory headers must be added. */
    public static Builder builder(int statusCode, String reasonPhrase) {
        return new Builder(statusCode, reasonPhrase, List.of());
    }

    public Builder toBuilder() {
        Builder b = new Builder(statusCode(), reasonPhrase(), headers());
        b.body = body();
        return b;
    }

    public int statusCode() {
        return idx[I_SL_A];
    }

    public String reasonPhrase() {
        String r = reasonPhrase;
        if (r == null) {
            r = new String(raw, idx[I_SL_B], idx[I_SL_C] - idx[I_SL_B], StandardCharsets.UTF_8);
            reasonPhrase = r;
        }
        return r;
    }

    /** 1xx. */
    public boolean isProvisional() {
        return statusCode() < 200;
    }

    /** 2xx. */
    public boolean isSuccess() {
        int s = statusCode();
        return s >= 200 && s < 300;
    }

    /** 2xx–6xx. */
    public boolean isFinal() {
        return statusCode() >= 200;
    }

    /** 3xx–6xx. */
    public boolean isFailure() {
        return statusCode() >= 300;
    }

    @Override
    void appendStartLine(StringBuilder sb) {
        sb.append("SIP/2.0 ").append(statusCode()).append(' ').append(reasonPhrase());
    }

    /** Builds a {@link SipResponse}. Not thread-safe. */
    public static final class Builder extends SipMessageBuilder<Builder> {
        private int statusCode;
        private String reasonPhrase;
        /** The To field {@link #to(SipRequest, int)} copied, and the record its value was written from. */
        private HeaderField copiedTo;
        private NameAddr copiedToAddr;
        /**
         * The top Via field {@link #to(SipRequest, int)} copied, and the request's parsed top Via it
         * holds: a response still starting with that field reads its top Via (where it goes,
         * §18.2.2) without parsing it again.
         */
        private HeaderField copiedTopVia;
        private Via copiedTopViaValue;

        Builder(int statusCode, String reasonPhrase, List<HeaderField> headers) {
            super(headers);
            this.statusCode = statusCode;
            this.reasonPhrase = reasonPhrase;
        }

        public Builder status(int code) {
            this.statusCode = code;
            this.reasonPhrase = ReasonPhrases.of(code);
            return this;
        }

        public Builder reason(String phrase) {
            this.reasonPhrase = phrase;
            return this;
        }

        /** Adds or replaces the To tag (§8.2.6.2). */
        public Builder toTag(String tag) {
            for (int i = 0; i < headers.size(); i++) {
                HeaderField h = headers.get(i);
                if (h.is(HeaderNames.TO)) {
                    if (h != copiedTo) {
                        return to(NameAddr.parse(h.value(), HeaderNames.TO).withTag(tag));
                    }
                    if (tag != null && !copiedToAddr.params().has("tag")) {
                        // the copied value is copiedToAddr's text: withTag(tag) appends, so its text does too
                        return set(HeaderNames.TO, h.value() + ";tag=" + tag);
                    }
                    return to(copiedToAddr.withTag(tag));
                }
            }
            throw new IllegalStateException("no To header");
        }

        public SipResponse build() {
            List<HeaderField> finished = finishHeaders();
            SipResponse r = SipResponse.build(statusCode, reasonPhrase, finished, body);
            if (copiedTopVia != null) {
                for (int i = 0; i < finished.size(); i++) {                 // indexed: no iterator per response
                    HeaderField h = finished.get(i);
                    if (h.is(HeaderNames.VIA)) {
                        if (h == copiedTopVia) {                     // the very field copied: same value
                            r.knownTopVia(copiedTopViaValue);
                        }
                        break;
                    }
                }
            }
            return r;
        }
    }
}
