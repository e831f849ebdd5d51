package io.dialtone.session;

import io.dialtone.dialog.Dialog;
import io.dialtone.message.HeaderNames;
import io.dialtone.message.SipRequest;
import io.dialtone.session.auth.DigestServer;
import io.dialtone.transaction.ServerTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UAS core's Digest check of an initial INVITE (RFC 3261 §22.1, §8.2.6): without valid
 * credentials the INVITE server transaction is answered 401 with fresh challenges
 * ({@code stale=true} when only the nonce had expired) or 403 for malformed credentials, and no
 * session is created. The transaction layer absorbs the ACK of that final response.
 *
 * <p>Threading: called on the call executor of the request; the {@link DigestServer} is shared
 * and thread-safe.
 */
final class UasAuthentication {
    private static final Logger LOG = LoggerFactory.getLogger(UasAuthentication.class);

    private UasAuthentication() {
    }

    /**
     * @return true when {@code req} carries valid credentials; otherwise {@code tx} was answered
     * @throws io.dialtone.message.SipParseException when the Authorization header is malformed (answered 400 by the caller)
     */
    static boolean admit(DigestServer server, SessionConfig config, ServerTransaction tx, SipRequest req) {
        DigestServer.Verdict v = server.verify(req, false);
        if (v.status() == DigestServer.Status.AUTHORIZED) {
            LOG.debug("{}: INVITE authorized as {}", req.callId(), v.username());
            return true;
        }
        if (v.status() == DigestServer.Status.CHALLENGE && v.username() == null && req.header("Authorization").isEmpty()) {
            LOG.debug("{}: INVITE without credentials: challenged", req.callId()); // the usual first attempt
        } else {
            LOG.info("{}: INVITE not authorized: {} ({})", req.callId(), v.status(), v.reason());
        }
        tx.respond(server.reject(req, false, v)
                .toTag(Dialog.newTag()) // §8.2.6.2
                .header(HeaderNames.SERVER, config.userAgent())
                .build());
        return false;
    }
}
