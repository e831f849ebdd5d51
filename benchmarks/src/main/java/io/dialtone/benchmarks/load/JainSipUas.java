package io.dialtone.benchmarks.load;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * A JAIN-SIP RI ({@code javax.sip:jain-sip-ri}) UAS for the load harness
 * ({@code benchmarks/load/ramp.py}), the reference Java stack Dialtone is compared with.
 * Transaction-stateful and dialog-stateful (automatic dialog support): INVITE gets a
 * {@link ServerTransaction}, 180 and then 200 with a To tag, a Contact and an SDP answer (as
 * Dialtone's and SIPp's UAS send); the ACK is absorbed (the dialog stops retransmitting the 200);
 * BYE gets its own server transaction and 200; other methods get 405.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.dialtone.benchmarks.load.JainSipUas PORT [HOST] [THREADS]}.
 * {@code THREADS} is the RI's {@code gov.nist.javax.sip.THREAD_POOL_SIZE} (default 4; the listener
 * is reentrant). Logging is off ({@link JainSipNoLog}). Prints {@code listening ...} on stderr, then a {@link LoadStats}
 * line per second on stdout; exits 0 on SIGTERM or SIGINT after stopping the stack.
 */
public final class JainSipUas implements SipListener {
    private static final byte[] SDP_TEMPLATE = ("v=0\r\n"
            + "o=jainsip 1 1 IN IP4 %1$s\r\n"
            + "s=-\r\n"
            + "c=IN IP4 %1$s\r\n"
            + "t=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n").getBytes(StandardCharsets.US_ASCII);

    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final ContactHeader contact;
    private final ContentTypeHeader sdpType;
    private final byte[] sdp;
    private final LoadStats stats;
    private final LongAdder errors = new LongAdder();

    private JainSipUas(SipProvider provider, MessageFactory messages, HeaderFactory headers,
                       AddressFactory addresses, String host, int port, LoadStats stats) throws Exception {
        this.provider = provider;
        this.messages = messages;
        this.headers = headers;
        this.stats = stats;
        Address contactAddress = addresses.createAddress(addresses.createSipURI("uas", host + ":" + port));
        this.contact = headers.createContactHeader(contactAddress);
        this.sdpType = headers.createContentTypeHeader("application", "sdp");
        this.sdp = String.format(new String(SDP_TEMPLATE, StandardCharsets.US_ASCII), host)
                .getBytes(StandardCharsets.US_ASCII);
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) { // a stack that failed to start must not leave the JVM running
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: JainSipUas PORT [HOST] [THREADS]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        String poolSize = args.length > 2 ? args[2] : "4";
        Signals signals = Signals.install();

        // The RI's default logger needs log4j 1.x; classes that log before the stack exists
        // would reach it through CommonLogger unless the no-op logger is installed first.
        gov.nist.core.CommonLogger.legacyLogger = new JainSipNoLog();
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "jainsip-uas");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", JainSipNoLog.class.getName());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", poolSize);
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        // The RI refuses new server transactions above this table size (default 10,000); at a
        // few thousand calls/s, BYE transactions waiting out Timer J (32 s) alone exceed it.
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", "10000000");
        p.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", "10000000");

        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        SipStack stack = factory.createSipStack(p);
        ListeningPoint lp = stack.createListeningPoint(host, port, ListeningPoint.UDP);
        SipProvider provider = stack.createSipProvider(lp);
        LoadStats stats = new LoadStats(System.out);
        JainSipUas uas = new JainSipUas(provider, factory.createMessageFactory(), factory.createHeaderFactory(),
                factory.createAddressFactory(), host, port, stats);
        provider.addSipListener(uas);
        stack.start();
        System.err.printf("JainSipUas: listening on %s:%d/udp (THREAD_POOL_SIZE=%s, %d core(s))%n",
                host, port, poolSize, Runtime.getRuntime().availableProcessors());
        stats.start();
        try {
            signals.await();
        } finally {
            System.err.printf("JainSipUas: shutting down (%d listener error(s))%n", uas.errors.sum());
            stack.stop();
            stats.close();
        }
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        try {
            switch (request.getMethod()) {
                case Request.INVITE -> invite(event, request);
                case Request.ACK -> { } // absorbed: the dialog stops retransmitting the 200 (RFC 3261 §13.3.1.4)
                case Request.BYE -> serverTransaction(event, request).sendResponse(messages.createResponse(200, request));
                default -> {
                    Response r = messages.createResponse(405, request);
                    r.addHeader(headers.createAllowHeader("INVITE, ACK, BYE"));
                    serverTransaction(event, request).sendResponse(r);
                }
            }
        } catch (Exception e) {
            errors.increment(); // e.g. a retransmission racing its transaction's creation
        }
    }

    private ServerTransaction serverTransaction(RequestEvent event, Request request) throws Exception {
        ServerTransaction st = event.getServerTransaction();
        return st != null ? st : provider.getNewServerTransaction(request);
    }

    private void invite(RequestEvent event, Request request) throws Exception {
        ServerTransaction st = serverTransaction(event, request);
        String tag = Long.toHexString(ThreadLocalRandom.current().nextLong());
        Response ringing = messages.createResponse(180, request);
        ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(tag);
        ringing.addHeader(contact);
        st.sendResponse(ringing);
        Response ok = messages.createResponse(200, request, sdpType, sdp);
        ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag(tag);
        ok.addHeader(contact);
        st.sendResponse(ok);
        stats.callAnswered();
    }

    @Override
    public void processResponse(ResponseEvent event) {
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        errors.increment();
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
    }
}
