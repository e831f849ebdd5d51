package io.dialtone.session;

import io.dialtone.message.SipRequest;
import io.dialtone.message.header.Headers;
import io.dialtone.message.header.Replaces;
import io.dialtone.transaction.ServerTransaction;
import io.dialtone.transport.Inbound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The UAS side of Replaces (RFC 3891 §3). An initial INVITE with a Replaces header is checked
 * against the dialog it names, on the executor owning that Call-ID: the dialog matches when the
 * Call-ID is equal, {@code to-tag} is our local tag and {@code from-tag} the remote one.
 *
 * <table>
 * <caption>Verdicts (§3)</caption>
 * <tr><th>the named dialog</th><th>answer to the INVITE</th></tr>
 * <tr><td>more than one Replaces header</td><td>400</td></tr>
 * <tr><td>none matches</td><td>481</td></tr>
 * <tr><td>confirmed (our 2xx sent, or received)</td><td>the INVITE goes on as a new session; once it is
 *     answered 2xx, the replaced dialog is ended with BYE</td></tr>
 * <tr><td>confirmed, {@code early-only}</td><td>486</td></tr>
 * <tr><td>early, and we sent its INVITE</td><td>goes on; once answered, the replaced INVITE is CANCELled</td></tr>
 * <tr><td>early, and we received its INVITE</td><td>481</td></tr>
 * <tr><td>already ending or ended</td><td>603</td></tr>
 * </table>
 *
 * <p>The replacing INVITE reaches the application as any incoming session does (it can tell by its
 * Replaces header) and is answered by it: RFC 3891 §3 lets the UA reassign the replaced call's user
 * interface, which is the application's business.
 *
 * <p>Threading: each method runs on the executor owning the Call-ID it deals with.
 */
final class ReplacesHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ReplacesHandler.class);

    private final SessionLayer layer;
    private final ExtensionMethods ext;

    ReplacesHandler(SessionLayer layer, ExtensionMethods ext) {
        this.layer = layer;
        this.ext = ext;
    }

    /** Takes over an initial INVITE carrying Replaces; false when it has none. */
    boolean onInitialInvite(ServerTransaction tx, SipRequest invite, Inbound source) {
        List<String> values = invite.headerValues("Replaces");
        if (values.isEmpty()) {
            return false;
        }
        if (values.size() > 1) {
            tx.respond(layer.response(invite, 400, null).reason("More Than One Replaces").build());
            return true;
        }
        Replaces replaces = Replaces.parse(values.get(0)); // malformed: 400 naming Replaces, from the layer
        ext.directory().runOn(replaces.callId(), owner -> {
            int verdict = owner.extensions().replacesHandler().check(replaces);
            layer.scheduler().execute(() -> {
                if (verdict != 0) {
                    LOG.debug("{}: Replaces {} refused: {}", invite.callId(), replaces, verdict);
                    tx.respond(layer.response(invite, verdict, null).build());
                } else {
                    layer.onInitialInvite(tx, invite, source);
                }
            });
        });
        return true;
    }

    /** On the executor owning {@code r.callId()}: 0 when the INVITE may replace that dialog, else the status (§3). */
    int check(Replaces r) {
        InviteSession s = layer.session(r.callId(), r.toTag());
        if (s == null) {
            return 481;
        }
        return switch (s.state()) {
            case TERMINATING, TERMINATED -> remoteTagIs(s, r.fromTag()) ? 603 : 481;
            case ANSWERED, CONFIRMED -> !remoteTagIs(s, r.fromTag()) ? 481 : r.earlyOnly() ? 486 : 0;
            case CALLING, EARLY -> s.forks().earlyDialog(r.fromTag()) != null ? 0 : 481; // an early dialog we initiated
            case INCOMING -> 481; // an early dialog we did not initiate
        };
    }

    private static boolean remoteTagIs(InviteSession s, String tag) {
        return s.dialog() != null && tag.equals(s.dialog().remoteTag());
    }

    /** A UAS session was answered 2xx: if it replaces a dialog, end that one (BYE, or CANCEL if early). */
    void onAnswered(InviteSession replacing) {
        if (replacing.invite() == null || replacing.invite().header("Replaces").isEmpty()) {
            return;
        }
        Replaces r = replacing.invite().typed(Headers.REPLACES).orElseThrow();
        ext.directory().runOn(r.callId(), owner -> owner.extensions().replacesHandler().endReplaced(r));
    }

    private void endReplaced(Replaces r) {
        InviteSession s = layer.session(r.callId(), r.toTag());
        if (s != null && check(r) == 0) {
            LOG.debug("{}: replaced by an incoming INVITE; ending it", r.callId());
            s.hangup();
        }
    }
}
