package io.dialtone.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Shared header and body operations of {@link SipRequest.Builder} and {@link SipResponse.Builder}.
 * Not thread-safe; {@code build()} yields an immutable message and validates the mandatory
 * headers (throwing {@link SipParseException} when one is missing or malformed). Content-Length is
 * always written from the actual body length.
 *
 * @param <B> the concrete builder type
 */
public abstract class SipMessageBuilder<B extends SipMessageBuilder<B>> {
    final List<HeaderField> headers;
    byte[] body = new byte[0];

    SipMessageBuilder(List<HeaderField> headers) {
        this.headers = new ArrayList<>(headers.size() + 8); // room for what a UAS adds to a response
        for (int i = 0, n = headers.size(); i < n; i++) {
            this.headers.add(headers.get(i)); // no toArray copy
        }
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Appends a header field. */
    public B header(String name, String value) {
        headers.add(new HeaderField(name, value));
        return self();
    }

    /** Replaces every field of {@code name} with one field (at the first one's position, else at the end). */
    public B set(String name, String value) {
        int at = -1;
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (HeaderNames.same(headers.get(i).name(), name)) {
                headers.remove(i);
                at = i;
            }
        }
        HeaderField f = new HeaderField(name, value);
        if (at < 0) {
            headers.add(f);
        } else {
            headers.add(at, f);
        }
        return self();
    }

    /** Removes every field of {@code name}. */
    public B remove(String name) {
        headers.removeIf(h -> HeaderNames.same(h.name(), name));
        return self();
    }

    /** Inserts a Via above all others (§8.1.1.7, §16.6). */
    public B addVia(Via via) {
        int first = 0;
        for (int i = 0; i < headers.size(); i++) {
            if (HeaderNames.same(headers.get(i).name(), HeaderNames.VIA)) {
                first = i;
                break;
            }
        }
        headers.add(first, new HeaderField(HeaderNames.VIA, via.toString()));
        return self();
    }

    /** Replaces all Via fields with {@code vias}, one field each, topmost first. */
    public B vias(List<Via> vias) {
        return list(HeaderNames.VIA, vias);
    }

    /** Replaces the top Via value (for example to add {@code received}/{@code rport}, §18.2.1). */
    public B topVia(Via via) {
        for (int i = 0; i < headers.size(); i++) {
            HeaderField h = headers.get(i);
            if (HeaderNames.same(h.name(), HeaderNames.VIA)) {
                List<String> values = io.dialtone.message.internal.Lexer.splitList(h.value());
                if (values.isEmpty()) {
                    values.add(via.toString());
                } else {
                    values.set(0, via.toString());
                }
                headers.set(i, new HeaderField(h.name(), String.join(", ", values)));
                return self();
            }
        }
        return addVia(via);
    }

    public B from(NameAddr from) {
        return set(HeaderNames.FROM, from.toString());
    }

    public B to(NameAddr to) {
        return set(HeaderNames.TO, to.toString());
    }

    public B callId(String callId) {
        return set(HeaderNames.CALL_ID, callId);
    }

    public B cseq(CSeq cseq) {
        return set(HeaderNames.CSEQ, cseq.toString());
    }

    public B cseq(long number, String method) {
        return cseq(new CSeq(number, method));
    }

    public B maxForwards(int hops) {
        return set(HeaderNames.MAX_FORWARDS, Integer.toString(hops));
    }

    public B contact(NameAddr contact) {
        return set(HeaderNames.CONTACT, contact.toString());
    }

    /** Replaces Route with one field per element, in order; an empty list removes Route. */
    public B routes(List<NameAddr> routes) {
        return list(HeaderNames.ROUTE, routes);
    }

    public B recordRoutes(List<NameAddr> recordRoutes) {
        return list(HeaderNames.RECORD_ROUTE, recordRoutes);
    }

    private B list(String name, List<?> values) {
        int at = -1;
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (HeaderNames.same(headers.get(i).name(), name)) {
                headers.remove(i);
                at = i;
            }
        }
        if (at < 0) {
            at = headers.size();
        }
        for (Object v : values) {
            headers.add(at++, new HeaderField(name, v.toString()));
        }
        return self();
    }

    public B sessionExpires(SessionExpires se) {
        return set(HeaderNames.SESSION_EXPIRES, se.toString());
    }

    /** Sets the body and its Content-Type; {@code contentType} {@code null} with an empty body removes both. */
    public B body(String contentType, byte[] content) {
        Objects.requireNonNull(content, "content");
        this.body = content.clone();
        if (contentType == null) {
            remove(HeaderNames.CONTENT_TYPE);
        } else {
            set(HeaderNames.CONTENT_TYPE, contentType);
        }
        return self();
    }

    public B body(String contentType, String content) {
        return body(contentType, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the body and Content-Type. */
    public B noBody() {
        return body(null, new byte[0]);
    }

    List<HeaderField> finishHeaders() {
        set(HeaderNames.CONTENT_LENGTH, body.length == 0 ? "0" : Integer.toString(body.length));
        return Collections.unmodifiableList(new ArrayList<>(headers));
    }
}
