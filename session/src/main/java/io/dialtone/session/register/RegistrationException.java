package io.dialtone.session.register;

/**
 * A registration or unregistration that did not succeed: a failure response (its status), or no
 * response at all (status 408 for a timeout, 503 for a transport error, as §8.1.3.1 has the UAC
 * core treat them).
 */
public final class RegistrationException extends Exception {
    private final int status;

    /**
     * @param status the SIP status that ended the attempt
     * @param message what happened, e.g. "403 Forbidden" or "authentication failed: wrong credentials"
     */
    public RegistrationException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The SIP status that ended the attempt. */
    public int status() {
        return status;
    }
}
