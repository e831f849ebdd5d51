package io.dialtone.session;

import java.util.function.Consumer;

/**
 * Finds the {@link SessionLayer} that owns a Call-ID and runs work on its call executor
 * (ARCHITECTURE.md "One call, one thread"). Transfer needs it: the call a REFER asks for has a
 * Call-ID of its own (RFC 3515 §2.4.2), and an INVITE with Replaces names a dialog whose Call-ID
 * may hash to another executor (RFC 3891 §3).
 *
 * <p>The default, for a single executor (and unit tests), is the layer itself.
 */
@FunctionalInterface
public interface LayerDirectory {
    /**
     * Runs {@code task} on the call executor that owns {@code callId}, with that executor's layer.
     * Never runs it inline: the caller may be in the middle of a state change.
     */
    void runOn(String callId, Consumer<SessionLayer> task);
}
