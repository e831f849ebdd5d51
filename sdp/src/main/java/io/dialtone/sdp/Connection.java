package io.dialtone.sdp;

/**
 * The {@code c=} line (RFC 8866 §5.7): {@code c=<nettype> <addrtype> <connection-address>}.
 *
 * @param netType "IN"
 * @param addrType "IP4" or "IP6"
 * @param address unicast address or FQDN; a multicast address keeps its "/ttl[/count]" suffix verbatim.
 *        The RFC 2543 hold address "0.0.0.0" is kept as it is.
 */
public record Connection(String netType, String addrType, String address) {

    public Connection {
        SdpText.requireToken(netType, "netType");
        SdpText.requireToken(addrType, "addrType");
        SdpText.requireToken(address, "address");
    }

    /**
     * @param address an IPv4 or IPv6 literal or a host name
     * @return {@code IN IP6} if the address contains ':', otherwise {@code IN IP4}
     */
    public static Connection of(String address) {
        return new Connection("IN", addrTypeOf(address), address);
    }

    /** @return the {@code c=} value, without "c=" and line ending */
    public String value() {
        return netType + ' ' + addrType + ' ' + address;
    }

    static String addrTypeOf(String address) {
        return address.indexOf(':') >= 0 ? "IP6" : "IP4";
    }
}
