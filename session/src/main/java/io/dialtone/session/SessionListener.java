package io.dialtone.session;

/**
 * Receives new incoming sessions; implemented by the application layer (the client's
 * {@code UserAgent}). Invoked on the call executor of the session: do not block.
 */
public interface SessionListener {
    /**
     * An INVITE arrived, passed validation and was answered with 180 Ringing. Call
     * {@link InviteSession#answer} or {@link InviteSession#reject}, now or later; doing neither
     * keeps it ringing until the caller cancels.
     */
    void onIncoming(InviteSession session);
}
