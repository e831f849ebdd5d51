package io.dialtone.session;

/**
 * How a transfer we asked for ended (RFC 3515): the status the transferee reported in the
 * {@code message/sipfrag} of its NOTIFYs, or the failure of the REFER itself.
 *
 * @param succeeded true when the transferee reported a 2xx for its call to the target
 * @param status    the reported status (2xx, 486, ...), or the REFER's failure status (e.g. 603,
 *                  481), or 408 when no final NOTIFY came
 * @param reason    a human-readable account, never {@code null}
 */
public record TransferOutcome(boolean succeeded, int status, String reason) {
    static TransferOutcome failed(int status, String reason) {
        return new TransferOutcome(false, status, reason);
    }
}
