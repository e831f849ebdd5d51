package io.dialtone.session.register;

import io.dialtone.message.SipResponse;

/**
 * Told about every state change of a {@link RegistrationClient}. Called on the registration's call
 * executor; do not block there.
 */
@FunctionalInterface
public interface RegistrationListener {
    /**
     * @param from   the previous state
     * @param to     the new state
     * @param cause  the response that caused the change, or {@code null} (timeout, transport error, API call)
     * @param detail a short human-readable reason (never a secret)
     */
    void onStateChange(RegistrationState from, RegistrationState to, SipResponse cause, String detail);
}
