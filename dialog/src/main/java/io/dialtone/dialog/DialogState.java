package io.dialtone.dialog;

/** Dialog states of RFC 3261 §12: early (created by a provisional with a To tag), confirmed, terminated. */
public enum DialogState {
    EARLY, CONFIRMED, TERMINATED
}
