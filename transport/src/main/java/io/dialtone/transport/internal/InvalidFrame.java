package io.dialtone.transport.internal;

/**
 * A stream framing failure emitted by {@link SipStreamDecoder} instead of a frame, as Netty's
 * {@code HttpObjectDecoder} flags a failed {@code DecoderResult} rather than throwing. The
 * connection cannot be re-synchronised: the receiver answers if it can and closes it.
 *
 * @param head   the bytes received so far of the failing message (at most maxMessageBytes), for
 *               answering from its raw Via/From/To/Call-ID/CSeq lines; owned by the receiver
 * @param status status a UAS should answer with (400 or 513)
 * @param reason one-line reason phrase
 */
public record InvalidFrame(byte[] head, int status, String reason) {}
