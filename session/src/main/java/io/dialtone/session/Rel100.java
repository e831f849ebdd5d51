package io.dialtone.session;

/**
 * How a user agent uses reliable provisional responses (RFC 3262, option tag {@code 100rel}).
 *
 * <table>
 * <caption>Policies</caption>
 * <tr><th>policy</th><th>as UAC</th><th>as UAS</th></tr>
 * <tr><td>{@link #DISABLED}</td><td>no {@code Supported: 100rel}; reliable provisionals are not PRACKed</td>
 *     <td>provisionals are unreliable; {@code Require: 100rel} gets 420 (§8.2.2.3)</td></tr>
 * <tr><td>{@link #SUPPORTED}</td><td>{@code Supported: 100rel}; each reliable provisional is PRACKed (§4)</td>
 *     <td>provisionals are sent reliably only when the INVITE has {@code Require: 100rel}</td></tr>
 * <tr><td>{@link #PREFERRED}</td><td>as {@link #SUPPORTED}</td>
 *     <td>provisionals are sent reliably when the INVITE lists 100rel in Supported or Require (§3)</td></tr>
 * </table>
 */
public enum Rel100 {
    DISABLED,
    SUPPORTED,
    PREFERRED;

    /** True when we list {@code 100rel} in Supported and accept it in Require. */
    public boolean enabled() {
        return this != DISABLED;
    }
}
