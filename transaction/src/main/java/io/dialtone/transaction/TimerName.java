package io.dialtone.transaction;

/**
 * The transaction timers of RFC 3261 §17 and Table 4, with RFC 6026's L and M.
 *
 * <table>
 *   <caption>Timers</caption>
 *   <tr><th>Timer</th><th>Machine</th><th>Meaning</th></tr>
 *   <tr><td>A</td><td>INVITE client</td><td>request retransmit (unreliable only)</td></tr>
 *   <tr><td>B</td><td>INVITE client</td><td>transaction timeout in Calling</td></tr>
 *   <tr><td>D</td><td>INVITE client</td><td>wait time for response retransmits in Completed</td></tr>
 *   <tr><td>E</td><td>non-INVITE client</td><td>request retransmit (unreliable only)</td></tr>
 *   <tr><td>F</td><td>non-INVITE client</td><td>transaction timeout</td></tr>
 *   <tr><td>G</td><td>INVITE server</td><td>final response retransmit (unreliable only)</td></tr>
 *   <tr><td>H</td><td>INVITE server</td><td>wait time for ACK receipt</td></tr>
 *   <tr><td>I</td><td>INVITE server</td><td>wait time for ACK retransmits in Confirmed</td></tr>
 *   <tr><td>J</td><td>non-INVITE server</td><td>wait time for request retransmits in Completed</td></tr>
 *   <tr><td>K</td><td>non-INVITE client</td><td>wait time for response retransmits in Completed</td></tr>
 *   <tr><td>L</td><td>INVITE server</td><td>wait time for INVITE retransmits in Accepted (RFC 6026)</td></tr>
 *   <tr><td>M</td><td>INVITE client</td><td>wait time for 2xx retransmits in Accepted (RFC 6026)</td></tr>
 * </table>
 */
public enum TimerName { A, B, D, E, F, G, H, I, J, K, L, M }
