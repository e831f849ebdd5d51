package io.dialtone.session;

/**
 * Why a session ended.
 *
 * @param status   SIP status that ended it (200 for a normal BYE, 487 for CANCEL, 408 for a
 *                 timeout, the final failure status of an unanswered INVITE)
 * @param text     one line for logs and the CLI summary
 * @param byLocal  true when our side ended it
 */
public record EndReason(int status, String text, boolean byLocal) {
    /** True when the call was answered and ended by BYE from either side. */
    public boolean normal() {
        return status == 200;
    }
}
