package io.dialtone.session;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipUri;
import io.dialtone.message.header.Replaces;

/**
 * A REFER received in a session's dialog (RFC 3515 §2.4.2), as the transferee sees it.
 *
 * @param target     the Refer-To URI without its header part: where to place the new call
 * @param replaces   the Replaces header to put in the new INVITE (attended transfer, RFC 3891 §4), or {@code null}
 * @param referredBy the Referred-By value to copy into the new INVITE (RFC 3892 §3), or {@code null}
 * @param referTo    the Refer-To value as received
 */
public record ReferRequest(SipUri target, Replaces replaces, NameAddr referredBy, String referTo) {
}
