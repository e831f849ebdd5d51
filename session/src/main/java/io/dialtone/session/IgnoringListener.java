package io.dialtone.session;

import io.dialtone.message.SipResponse;
import io.dialtone.transaction.ClientTransaction;
import io.dialtone.transaction.ClientTransactionListener;
import io.dialtone.transport.TransportException;

/**
 * For requests whose outcome the session does not wait for: a CANCEL (the INVITE's 487 tells),
 * and the BYE to a second forked 2xx (§13.2.2.4).
 */
enum IgnoringListener implements ClientTransactionListener {
    INSTANCE;

    @Override
    public void onResponse(ClientTransaction tx, SipResponse rsp) { }

    @Override
    public void onTimeout(ClientTransaction tx) { }

    @Override
    public void onTransportError(ClientTransaction tx, TransportException e) { }
}
