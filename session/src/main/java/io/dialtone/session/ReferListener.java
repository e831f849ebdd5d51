package io.dialtone.session;

/**
 * Decides, as transferee, on a REFER received in a session (RFC 3515 §2.4.2). Called on the
 * session's call executor: decide at once, do not block.
 */
@FunctionalInterface
public interface ReferListener {
    /**
     * @param session the session whose dialog carried the REFER (the call being transferred)
     * @return accept with the new call's audio, or decline (603)
     */
    TransferDecision onRefer(InviteSession session, ReferRequest refer);
}
