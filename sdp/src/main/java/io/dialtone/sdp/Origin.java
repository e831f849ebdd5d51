package io.dialtone.sdp;

import java.util.Objects;

/**
 * The {@code o=} line (RFC 8866 §5.2): {@code o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>}.
 *
 * <p>{@code sessId} is kept as text because peers send values wider than a {@code long}; it must
 * stay the same for the life of a session. {@code sessVersion} must increase whenever the session
 * description changes (RFC 3264 §8) — see {@link #withSessVersion(long)}.
 *
 * @param username login of the originating host, or "-"; never contains a space
 * @param sessId numeric session identifier as sent on the wire
 * @param sessVersion version of this description, non-negative
 * @param netType "IN"
 * @param addrType "IP4" or "IP6"
 * @param address address or FQDN of the originating host
 */
public record Origin(String username, String sessId, long sessVersion, String netType, String addrType, String address) {

    public Origin {
        SdpText.requireToken(username, "username");
        SdpText.requireToken(sessId, "sessId");
        if (sessVersion < 0) throw new IllegalArgumentException("sessVersion < 0: " + sessVersion);
        SdpText.requireToken(netType, "netType");
        SdpText.requireToken(addrType, "addrType");
        SdpText.requireToken(address, "address");
    }

    /**
     * An {@code IN} origin whose address type is derived from the address ({@code IP6} if it contains ':').
     * @param username login or "-"
     * @param sessId session identifier, non-negative
     * @param sessVersion session version, non-negative
     * @param address local IP address or FQDN
     */
    public static Origin of(String username, long sessId, long sessVersion, String address) {
        if (sessId < 0) throw new IllegalArgumentException("sessId < 0: " + sessId);
        Objects.requireNonNull(address, "address");
        return new Origin(username, Long.toString(sessId), sessVersion, "IN", Connection.addrTypeOf(address), address);
    }

    /** @return a copy with another session version (RFC 3264 §8: increment it on every change) */
    public Origin withSessVersion(long version) {
        return new Origin(username, sessId, version, netType, addrType, address);
    }

    /** @return the {@code o=} value, without "o=" and line ending */
    public String value() {
        return username + ' ' + sessId + ' ' + sessVersion + ' ' + netType + ' ' + addrType + ' ' + address;
    }
}
