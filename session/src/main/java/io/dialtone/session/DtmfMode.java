package io.dialtone.session;

/** How DTMF digits are sent. */
public enum DtmfMode {
    /** RTP telephone-events in the media stream (RFC 4733); needs negotiated telephone-event. */
    RFC4733,
    /** One SIP INFO per digit with an {@code application/dtmf-relay} body (RFC 6086 §4.2 transport, de-facto body). */
    INFO
}
