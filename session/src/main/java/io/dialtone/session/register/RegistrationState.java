package io.dialtone.session.register;

/**
 * The states of a {@link RegistrationClient}.
 *
 * <pre>
 *   REGISTERING --2xx--> REGISTERED --refresh 2xx--> REGISTERED
 *       |  ^                 |  (refresh fails / keep-alive times out)
 *       |  +--backoff--- RETRY_WAIT <--+
 *       +--408/5xx/timeout-----------^
 *   REGISTERING/REGISTERED --401/403/404/4xx/6xx, or a challenge we cannot answer--> FAILED
 *   any but FAILED --unregister()--> UNREGISTERING --2xx--> UNREGISTERED (failure: FAILED)
 * </pre>
 */
public enum RegistrationState {
    /** A REGISTER is in flight and we hold no binding yet (first registration or after a failure). */
    REGISTERING,
    /** The registrar holds our binding; refreshes happen in this state. */
    REGISTERED,
    /** The last attempt failed with a retryable outcome; the next one waits out the RFC 5626 §4.5 backoff. */
    RETRY_WAIT,
    /** The REGISTER removing our binding (expires 0) is in flight. */
    UNREGISTERING,
    /** Our binding was removed; terminal. */
    UNREGISTERED,
    /** Refused for good (wrong credentials, 403, 404, ...), or the unregistration failed; terminal. */
    FAILED
}
