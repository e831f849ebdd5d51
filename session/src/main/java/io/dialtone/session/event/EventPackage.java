package io.dialtone.session.event;

import io.dialtone.message.SipUri;

import java.util.function.Consumer;

/**
 * An event package a notifier serves (RFC 6665 §7): its name, the body type of its NOTIFYs, the
 * subscription durations it allows, and the state of each resource. The notifier (one per call
 * executor) answers SUBSCRIBEs for it, sends the initial NOTIFY, a NOTIFY each time
 * {@link #addChangeListener a resource's state changes}, and a terminated NOTIFY on expiry or
 * unsubscription.
 *
 * <p>Threading: implementations are shared by every call executor and must be thread-safe;
 * {@link #state} is called on call executors (do not block), change listeners from any thread.
 */
public interface EventPackage {
    /** The Event header's event type, e.g. {@code message-summary} (RFC 6665 §8.2.1). */
    String name();

    /** The Content-Type of this package's NOTIFY bodies. */
    String contentType();

    /** Duration given when a SUBSCRIBE has no Expires, seconds (default 3600). */
    default long defaultExpiresSec() {
        return 3600;
    }

    /** Shortest duration accepted, seconds; a shorter non-zero Expires gets 423 (RFC 6665 §4.2.1.1). Default 60. */
    default long minExpiresSec() {
        return 60;
    }

    /** Longest duration granted, seconds; a longer Expires is cut to it (RFC 6665 §4.2.1.1). Default 86400. */
    default long maxExpiresSec() {
        return 86400;
    }

    /** Whether {@code resource} exists here; a SUBSCRIBE for one that does not gets 404. Default: all do. */
    default boolean hasResource(String resource) {
        return true;
    }

    /**
     * The current state of {@code resource} as a NOTIFY body of {@link #contentType()}.
     *
     * @param resource as {@link #resourceOf} gives it, e.g. {@code sip:alice@example.com}
     */
    byte[] state(String resource);

    /** Registers {@code listener}, told the resource whose state changed. */
    void addChangeListener(Consumer<String> listener);

    /** The resource a Request-URI names: {@code scheme:user@host}, without port, parameters or headers. */
    static String resourceOf(SipUri uri) {
        return uri.scheme() + ":" + (uri.userName() == null ? "" : uri.userName() + "@") + uri.host().toLowerCase(java.util.Locale.ROOT);
    }
}
