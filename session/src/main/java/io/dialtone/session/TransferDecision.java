package io.dialtone.session;

import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.AudioSource;

import java.util.function.Consumer;

/**
 * What the transferee's application decides about a REFER ({@link ReferListener}).
 *
 * @param accepted true to accept (202, then call the target), false for 603 Decline
 * @param source   audio for the new call (when accepted)
 * @param sink     where the new call's audio goes (when accepted)
 * @param placed   told about the new call's session on its own call executor once it is placed;
 *                 may be {@code null}
 */
public record TransferDecision(boolean accepted, AudioSource source, AudioSink sink, Consumer<InviteSession> placed) {
    /** Declines with 603 (RFC 3515 §2.4.2). */
    public static TransferDecision decline() {
        return new TransferDecision(false, null, null, null);
    }

    /** Accepts, placing the new call with {@code source} and {@code sink}. */
    public static TransferDecision accept(AudioSource source, AudioSink sink, Consumer<InviteSession> placed) {
        return new TransferDecision(true, source, sink, placed);
    }
}
