package io.dialtone.session;

/** The states of an INVITE session, from either role. */
public enum SessionState {
    /** UAC: INVITE sent, no provisional with a To tag yet. */
    CALLING,
    /** UAC: early dialog (1xx with a To tag). */
    EARLY,
    /** UAS: INVITE received, ringing, not yet answered. */
    INCOMING,
    /** UAS: 2xx sent, retransmitted until the ACK arrives (RFC 3261 §13.3.1.4). */
    ANSWERED,
    /** Dialog confirmed; media flows. */
    CONFIRMED,
    /** BYE sent, waiting for its response. */
    TERMINATING,
    TERMINATED
}
