package io.dialtone.transport;

/** A send failed locally: connection refused or reset, no route, message too large (RFC 3261 §18.4). */
public final class TransportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }

    public TransportException(String message) {
        super(message);
    }
}
