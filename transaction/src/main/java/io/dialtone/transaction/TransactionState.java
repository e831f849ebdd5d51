package io.dialtone.transaction;

/**
 * The states of the four transaction machines (RFC 3261 §17, RFC 6026 §7). Each machine uses a
 * subset: INVITE client Calling, Proceeding, Completed, Accepted, Terminated; non-INVITE client
 * and server Trying, Proceeding, Completed, Terminated; INVITE server Proceeding, Completed,
 * Confirmed, Accepted, Terminated.
 */
public enum TransactionState { CALLING, TRYING, PROCEEDING, COMPLETED, CONFIRMED, ACCEPTED, TERMINATED }
