package io.dialtone.client;

/**
 * An outgoing call ended without any final response: Timer B expired (408) or the transport
 * failed (503). A final response, even a failure, is not an exception: see {@link Call#status()}.
 */
public final class CallFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public CallFailedException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 408 for a timeout, 503 for a transport failure. */
    public int status() {
        return status;
    }
}
