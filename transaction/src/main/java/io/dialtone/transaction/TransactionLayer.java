package io.dialtone.transaction;

import io.dialtone.message.ResponseDelta;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipParser;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.Via;
import io.dialtone.transaction.internal.AnsweredRequests;
import io.dialtone.transport.Destination;
import io.dialtone.transport.Inbound;
import io.dialtone.transport.MessageSender;
import io.dialtone.transport.Scheduler;
import io.dialtone.transport.TransportListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The transaction layer of one call executor (RFC 3261 §17): creates client transactions for
 * requests the TU sends, matches responses to them (§17.1.3), matches requests to server
 * transactions or creates new ones (§17.2.3), and removes every transaction from its tables when
 * it terminates. A server transaction that is done with its TU but must still answer or absorb
 * retransmissions for 64·T1 (Timer J in Completed, Timer L in Accepted after the ACK) leaves its
 * object behind and lives on as a record in {@link AnsweredRequests}, which this layer consults
 * after its table: the same answers, nothing for the garbage collector to copy for 32 s. A new
 * out-of-dialog INVITE the transport read under overload
 * ({@link Inbound#shed()}) is answered {@code 503} with {@code Retry-After} as a stateless UAS
 * (§8.2.7) whose response is kept as a record, and never reaches the TU; a retransmission of an
 * INVITE already in a transaction is matched to it first, so a call being answered is never refused.
 *
 * <p>Threading: one instance per call executor (ARCHITECTURE.md "One call, one thread"); every
 * method, and every {@link TransportListener} callback, must run on that executor, as must the
 * {@link Scheduler} tasks. Plain {@link HashMap}s; no locks, atomics or {@code volatile}.
 *
 * <p>Limitation: requests without an RFC 3261 branch (RFC 2543 peers, §17.2.3's fallback) are
 * matched on Call-ID, CSeq number, From tag and Request-URI plus sent-by, a simplification of the
 * full §17.2.3 rule set.
 */
public final class TransactionLayer implements TransportListener {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionLayer.class);

    private static final long EXPIRY_SPACING_NANOS = 1_000_000_000L;
    private static final byte[] NO_BYTES = new byte[0];

    private record ClientKey(String branch, String method) {}

    private record ServerKey(String branch, String host, int port, String method) {}

    private final MessageSender sender;
    private final Scheduler scheduler;
    private final TimerConfig timers;
    private final TransactionUser user;
    private final Map<ClientKey, Transaction> clients = new HashMap<>();
    private final Map<ServerKey, Transaction> servers = new HashMap<>();
    private final AnsweredRequests answered = new AnsweredRequests();
    /** 64·T1 in ns, what every record waits out: Timer H, Timer J on unreliable transports, Timer L. */
    private final long recordNanos;
    private Scheduler.Scheduled expiry;
    /** When the last overload refusal was recorded: ACKs are looked up among the records only for 64·T1 after. */
    private long lastRefusalNanos = Long.MIN_VALUE / 2;

    /**
     * @param sender    sends requests and responses
     * @param scheduler bound to this layer's call executor; runs all timers
     * @param timers    T1, T2, T4
     * @param user      receives new requests, ACKs for 2xx and stray responses
     */
    public TransactionLayer(MessageSender sender, Scheduler scheduler, TimerConfig timers, TransactionUser user) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.user = Objects.requireNonNull(user, "user");
        this.recordNanos = timers.timerH().toNanos();
    }

    /** A new RFC 3261 branch: the magic cookie {@code z9hG4bK} and 128 random bits (§8.1.1.7). */
    public static String newBranch() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        // hex, not base 36: Long.toUnsignedString(v, 36) goes through BigInteger for half of all values
        return Via.MAGIC_COOKIE + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
    }

    /**
     * Starts a client transaction for {@code request} and sends it (§17.1): INVITE gets an
     * {@link InviteClientTransaction}, any other method but ACK a {@link NonInviteClientTransaction}.
     *
     * @param request     carries a top Via whose branch starts with {@code z9hG4bK}
     * @param destination where to send it; its {@link Destination#reliable()} selects the timers
     * @param listener    receives responses, timeout and transport error on this executor
     * @throws IllegalArgumentException for ACK (use {@link #sendAck}) or a missing/RFC 2543 branch
     * @throws IllegalStateException    when a client transaction with that branch and method exists
     */
    public ClientTransaction sendRequest(SipRequest request, Destination destination, ClientTransactionListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(listener, "listener");
        if (request.is(SipMethod.ACK)) {
            throw new IllegalArgumentException("ACK is not a transaction (§17): use sendAck");
        }
        String branch = request.topVia().branch();
        if (branch == null || !branch.startsWith(Via.MAGIC_COOKIE) || branch.length() == Via.MAGIC_COOKIE.length()) {
            throw new IllegalArgumentException("top Via needs a branch starting with " + Via.MAGIC_COOKIE + ": " + request.topVia());
        }
        ClientKey key = new ClientKey(branch, request.cseq().method());
        if (clients.containsKey(key)) {
            throw new IllegalStateException("client transaction exists for " + key);
        }
        if (request.is(SipMethod.INVITE)) {
            InviteClientTransaction tx = new InviteClientTransaction(this, request, destination, listener);
            tx.tableKey = key;
            clients.put(key, tx);
            tx.start();
            return tx;
        }
        NonInviteClientTransaction tx = new NonInviteClientTransaction(this, request, destination, listener);
        tx.tableKey = key;
        clients.put(key, tx);
        tx.start();
        return tx;
    }

    /**
     * Sends an ACK for a 2xx outside any transaction (§13.2.2.4, §17.1.1.3: the UAC core owns it).
     *
     * @return completes when sent, or fails with {@link io.dialtone.transport.TransportException}
     */
    public CompletableFuture<Void> sendAck(SipRequest ack, Destination destination) {
        if (!ack.is(SipMethod.ACK)) {
            throw new IllegalArgumentException("not an ACK: " + ack.method());
        }
        return sender.sendRequest(ack, destination);
    }

    /**
     * The INVITE server transaction a CANCEL cancels (§9.2): same top Via branch and sent-by,
     * method INVITE.
     */
    public Optional<InviteServerTransaction> findInvite(SipRequest cancel) {
        Transaction tx = servers.get(serverKey(cancel, SipMethod.INVITE));
        return tx instanceof InviteServerTransaction ist ? Optional.of(ist) : Optional.empty();
    }

    /**
     * The To tag of the 2xx of an INVITE server transaction a CANCEL matches (§9.2) once that
     * transaction has passed the ACK to the TU and only waits out Timer L (RFC 6026 §8.7): the
     * CANCEL is answered 200 and has no other effect. Empty when {@link #findInvite} has the
     * transaction itself, or when none matches.
     */
    public Optional<String> acceptedInviteToTag(SipRequest cancel) {
        ServerKey key = serverKey(cancel, SipMethod.INVITE);
        keyAnswered(key);
        long record = answered.find(scheduler.nanoTime());
        if (record < 0 || answered.kind(record) != AnsweredRequests.INVITE_ACCEPTED) {
            return Optional.empty();
        }
        return Optional.of(new String(answered.payload(record), StandardCharsets.UTF_8));
    }

    /** Client plus server transactions not yet terminated, those kept as records included. */
    public int activeTransactions() {
        return clients.size() + servers.size() + answered.live(scheduler.nanoTime());
    }

    /**
     * A request from the transport (§17.2.3): an ACK goes to the INVITE transaction it matches or
     * else to {@link TransactionUser#onAck}; a retransmission to its transaction; anything else
     * creates a server transaction and is passed to {@link TransactionUser#onRequest}.
     */
    @Override
    public void onRequest(SipRequest request, Inbound source) {
        if (request.is(SipMethod.ACK)) {
            ServerKey inviteKey = serverKey(request, SipMethod.INVITE);
            Transaction tx = servers.get(inviteKey);
            if (tx instanceof InviteServerTransaction ist) {
                ist.onAck(request, source);
            } else if (scheduler.nanoTime() - lastRefusalNanos < recordNanos && ackForRefusal(inviteKey)) {
                LOG.trace("ACK for a 503 refusal absorbed");
            } else {
                user.onAck(request, source);                                // ACK for 2xx: §13.3.1.4
            }
            return;
        }
        ServerKey key = serverKey(request, request.method());
        Transaction existing = servers.get(key);
        if (existing instanceof InviteServerTransaction ist) {
            ist.onRetransmission(request);
            return;
        }
        if (existing instanceof NonInviteServerTransaction nist) {
            nist.onRetransmission(request);
            return;
        }
        if (!answered.isEmpty() && onAnsweredRetransmission(key, request)) {
            return;
        }
        if (request.is(SipMethod.INVITE)) {
            if (source.shed() && request.toTag() == null) {               // read under overload
                refuse(request, key, source);
                return;
            }
            InviteServerTransaction tx = new InviteServerTransaction(this, request, source);
            tx.tableKey = key;
            servers.put(key, tx);
            tx.start();
            user.onRequest(tx, request, source);
        } else {
            NonInviteServerTransaction tx = new NonInviteServerTransaction(this, request, source);
            tx.tableKey = key;
            servers.put(key, tx);
            user.onRequest(tx, request, source);
        }
    }

    /**
     * A retransmission of a request whose transaction is kept as a record: a non-INVITE gets its
     * final response again (§17.2.2, Completed), an INVITE is absorbed (RFC 6026 §8.7, Accepted).
     */
    private boolean onAnsweredRetransmission(ServerKey key, SipRequest retransmission) {
        keyAnswered(key);
        long record = answered.find(scheduler.nanoTime());
        if (record < 0) {
            return false;
        }
        byte kind = answered.kind(record);
        if (kind == AnsweredRequests.NON_INVITE_COMPLETED || kind == AnsweredRequests.INVITE_REFUSED) {
            byte[] bytes = ResponseDelta.decode(answered.payload(record), retransmission); // a 503: whole
            if (bytes == null) { // not the same request after all: it lacks a field the response copied
                LOG.debug("{}: retransmission lacks a field of the original request; absorbed", key.branch());
                return true;
            }
            SipResponse rsp = (SipResponse) SipParser.parse(bytes);
            sender.sendResponse(rsp, (Inbound) answered.destination(record)).whenComplete((ok, e) -> {
                if (e != null) {                          // the TU is done with it: nobody to tell
                    LOG.debug("re-sending {} for {} failed: {}", rsp.statusCode(), key.branch(), e.getMessage());
                }
            });
        } else {
            LOG.trace("{}: INVITE retransmission absorbed (Accepted)", key.branch());
        }
        return true;
    }

    private void keyAnswered(ServerKey key) {
        answered.key(AnsweredRequests.TRANSACTION_KEY, key.branch(), key.host(), key.port(), key.method());
    }

    /**
     * Whether {@code request}, which has no To tag and matched no transaction, has the From tag,
     * Call-ID and CSeq of a request whose server transaction this layer keeps as a record: it is
     * the same request arriving by another path, which the UAS core answers 482 (§8.2.2.2). The
     * transactions the TU is still working on are the TU's to check.
     */
    public boolean isMergedWithAnswered(SipRequest request) {
        String fromTag = request.fromTag();
        if (answered.isEmpty() || fromTag == null || request.toTag() != null) {
            return false;
        }
        answered.key(AnsweredRequests.REQUEST_IDENTITY, fromTag, request.callId(), request.cseqNumber(), request.method());
        return answered.find(scheduler.nanoTime()) >= 0;
    }

    /** Whether {@code tx} can retire with a payload of {@code payloadBytes} ({@link AnsweredRequests#MAX_RECORD_BYTES}). */
    boolean fitsRecord(Transaction tx, int payloadBytes) {
        keyAnswered((ServerKey) tx.tableKey);
        return answered.fits(payloadBytes);
    }

    /**
     * {@code tx} is done with its TU and from now on only answers ({@code response} non-null) or
     * absorbs retransmissions until {@code deadlineNanos}: it leaves the table and lives on as a
     * record. Called by the server transactions.
     *
     * @param payload     for a non-INVITE, its final response's bytes; for an INVITE, its 2xx's To tag
     * @param destination where a re-sent response goes (the request's {@code Inbound}), or null
     */
    void retire(Transaction tx, byte kind, byte[] payload, Inbound destination, long deadlineNanos) {
        servers.remove(tx.tableKey, tx);
        ServerKey key = (ServerKey) tx.tableKey;
        keyAnswered(key);
        long now = scheduler.nanoTime();
        answered.add(kind, deadlineNanos, payload, destination, now);
        if (tx.newRequestFromTag != null) {                                  // §8.2.2.2 identity
            answered.key(AnsweredRequests.REQUEST_IDENTITY, tx.newRequestFromTag, tx.callId, tx.cseqNumber, tx.method);
            answered.add(AnsweredRequests.MERGE_IDENTITY, deadlineNanos, NO_BYTES, null, now);
        }
        armExpiry(now, 0);
    }

    /**
     * One pending task per layer lets expired records go when no traffic does it first; after a
     * run it waits at least {@link #EXPIRY_SPACING_NANOS}, so at a high call rate it runs once a
     * second rather than once per record (a record never answers after its deadline regardless).
     */
    private void armExpiry(long now, long minDelayNanos) {
        if (answered.isEmpty() || expiry != null) {
            return;
        }
        long delay = Math.max(answered.headDeadline() - now, minDelayNanos);
        expiry = scheduler.schedule(Duration.ofNanos(Math.max(0, delay)), this::onExpiry);
    }

    private void onExpiry() {
        expiry = null;
        long now = scheduler.nanoTime();
        answered.expire(now);
        armExpiry(now, EXPIRY_SPACING_NANOS);
    }

    /** A response from the transport (§17.1.3): to its client transaction, else {@link TransactionUser#onStrayResponse}. */
    @Override
    public void onResponse(SipResponse response, Inbound source) {
        String branch = response.topVia().branch();
        Transaction tx = branch == null ? null : clients.get(new ClientKey(branch, response.cseq().method()));
        if (tx instanceof InviteClientTransaction ict) {
            ict.onResponse(response);
        } else if (tx instanceof NonInviteClientTransaction nict) {
            nict.onResponse(response);
        } else {
            LOG.debug("stray response {} for {}", response.statusCode(), response.cseq());
            user.onStrayResponse(response, source);
        }
    }

    /**
     * Refuses a new INVITE read under overload as a stateless UAS (§8.2.7): {@code 503}, no
     * transaction, no timers, no retransmission of our own. The response is kept as a record for
     * Timer H's 64·T1, so a retransmitted INVITE gets the very same 503 (same To tag) and its ACK is
     * absorbed (and ends the record). Shedding then costs a parse and a send per refused call and
     * nothing the collector has to copy: an INVITE server transaction per refusal held 32 s of
     * objects and re-sent each 503 on Timer G while the ACKs sat in the same overloaded queue, and
     * at twice the UAS's capacity that alone used up the CPU.
     */
    private void refuse(SipRequest request, ServerKey key, Inbound source) {
        sender.countShed();
        SipResponse rsp = serviceUnavailable(request, source.retryAfterShed());
        byte[] bytes = rsp.toBytes();
        sender.sendResponse(rsp, source).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.debug("503 for {} not sent: {}", key.branch(), e.getMessage());
            }
        });
        keyAnswered(key);
        if (answered.fits(bytes.length)) {
            long now = scheduler.nanoTime();
            answered.add(AnsweredRequests.INVITE_REFUSED, now + recordNanos, bytes, source, now);
            lastRefusalNanos = now;
            armExpiry(now, 0);
        }
    }

    /** The ACK for a refusal's 503 (same branch as the INVITE, §17.1.1.3): absorbed, and the record ends. */
    private boolean ackForRefusal(ServerKey inviteKey) {
        keyAnswered(inviteKey);
        long now = scheduler.nanoTime();
        long record = answered.find(now);
        if (record < 0 || answered.kind(record) != AnsweredRequests.INVITE_REFUSED) {
            return false;
        }
        answered.drop(now);
        return true;
    }

    /**
     * The overload refusal of a new INVITE (RFC 3261 §21.5.4): {@code 503} with a fresh To tag and
     * {@code Retry-After} (§20.33), which a well-behaved UAC or proxy takes as "try elsewhere or
     * later".
     */
    private static SipResponse serviceUnavailable(SipRequest request, int retryAfterSeconds) {
        return SipResponse.to(request, 503)
                .toTag(Long.toHexString(ThreadLocalRandom.current().nextLong() | 1L << 60))
                .header("Retry-After", Integer.toString(retryAfterSeconds))
                .build();
    }

    private static ServerKey serverKey(SipRequest request, String method) {
        Via via = request.topVia();
        String branch = via.branch();
        if (branch == null || !branch.startsWith(Via.MAGIC_COOKIE)) {               // RFC 2543 peer
            branch = "rfc2543;" + request.callId() + ";" + request.cseq().number() + ";"
                    + request.from().tag() + ";" + request.requestUri();
        }
        return new ServerKey(branch, via.host().toLowerCase(Locale.ROOT), via.portOrDefault(), method);
    }

    /** Called by {@link Transaction#enter} on Terminated; a retired transaction's record goes too (§17.2.4). */
    void remove(Transaction tx) {
        if (tx instanceof InviteClientTransaction || tx instanceof NonInviteClientTransaction) {
            clients.remove(tx.tableKey, tx);
        } else if (tx.retired()) {
            long now = scheduler.nanoTime();
            keyAnswered((ServerKey) tx.tableKey);
            answered.drop(now);
            if (tx.newRequestFromTag != null) {
                answered.key(AnsweredRequests.REQUEST_IDENTITY, tx.newRequestFromTag, tx.callId, tx.cseqNumber, tx.method);
                answered.drop(now);
            }
            answered.expire(now);
            if (answered.isEmpty() && expiry != null) {
                expiry.cancel();
                expiry = null;
            }
        } else {
            servers.remove(tx.tableKey, tx);
        }
    }

    /** 64·T1 in ns (Timer H, J over UDP, L), computed once rather than as a {@code Duration} per call. */
    long recordNanos() {
        return recordNanos;
    }

    MessageSender sender() {
        return sender;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    TimerConfig timerConfig() {
        return timers;
    }

    TransactionUser user() {
        return user;
    }
}
