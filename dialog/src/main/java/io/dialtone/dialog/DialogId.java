package io.dialtone.dialog;

import io.dialtone.message.SipMessage;
import io.dialtone.message.SipRequest;

import java.util.Objects;

/**
 * A dialog identifier (RFC 3261 §12): Call-ID, local tag and remote tag, from our point of view.
 *
 * @param callId    the Call-ID
 * @param localTag  our tag (From tag on requests we send)
 * @param remoteTag the peer's tag, {@code null} only before the peer has chosen one
 */
public record DialogId(String callId, String localTag, String remoteTag) {
    public DialogId {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(localTag, "localTag");
    }

    /** The id of the dialog an incoming in-dialog request belongs to (§12.2.2: local = To tag, remote = From tag). */
    public static DialogId ofIncoming(SipRequest request) {
        String toTag = request.to().tag();
        return toTag == null ? null : new DialogId(request.callId(), toTag, request.from().tag());
    }

    /** The id of the dialog a response to our request belongs to (local = From tag, remote = To tag). */
    public static DialogId ofResponse(SipMessage response) {
        return new DialogId(response.callId(), response.from().tag(), response.to().tag());
    }
}
