package io.dialtone.session.event;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The {@code message-summary} event package (RFC 3842): message-waiting indication per account.
 * The application sets each account's {@link MessageSummary} with {@link #set}; subscribers get it
 * at once and again on every change. An account never set reports {@code Messages-Waiting: no}.
 *
 * <p>Thread-safe.
 */
public final class MessageSummaryPackage implements EventPackage {
    /** RFC 3842 §3.1 event package name. */
    public static final String NAME = "message-summary";
    /** RFC 3842 §3.3 body type. */
    public static final String CONTENT_TYPE = "application/simple-message-summary";

    private final Map<String, MessageSummary> summaries = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    /**
     * Sets the summary of {@code account} and notifies its subscribers.
     *
     * @param account as {@link EventPackage#resourceOf} gives it, e.g. {@code sip:alice@example.com}
     */
    public void set(String account, MessageSummary summary) {
        summaries.put(Objects.requireNonNull(account, "account"), Objects.requireNonNull(summary, "summary"));
        for (Consumer<String> l : listeners) {
            l.accept(account);
        }
    }

    /** The summary of {@code account}: the one set, or none waiting. */
    public MessageSummary get(String account) {
        MessageSummary s = summaries.get(account);
        return s != null ? s : MessageSummary.none(null);
    }

    @Override
    public byte[] state(String resource) {
        return get(resource).format().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void addChangeListener(Consumer<String> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }
}
