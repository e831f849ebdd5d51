package io.dialtone.session.register;

/**
 * A registration refused while applying it to the location service, with the response status
 * the registrar sends (RFC 3261 §10.3: 500 for an out-of-order CSeq, 403/503 for a full
 * service).
 */
public final class BindingException extends RuntimeException {
    private final int status;

    /**
     * @param status the SIP status to answer, 400–699
     * @param reason the reason phrase; never contains a secret
     */
    public BindingException(int status, String reason) {
        super(reason, null, false, false);
        if (status < 400 || status > 699) {
            throw new IllegalArgumentException("not a failure status: " + status);
        }
        this.status = status;
    }

    /** The SIP status to answer. */
    public int status() {
        return status;
    }
}
