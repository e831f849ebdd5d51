package io.dialtone.rtp.internal;

/**
 * Burst/gap accounting of RFC 3611 §4.7.2 over a stream of packet outcomes (received, or lost or
 * discarded), with Gmin = {@value #GMIN}: a burst is the longest run that starts and ends with a loss
 * and holds no run of {@code GMIN} or more received packets; a gap is what lies between bursts
 * (isolated losses included). It also counts the received↔lost transitions of the two-state Markov
 * chain from which G.107's BurstR = 1 / (p + q) follows.
 *
 * <p>Not thread-safe: confined to the stream's event loop. No allocation.
 */
final class BurstGapModel {

    /** Minimum run of received packets that ends a burst (RFC 3611 §4.7.2 recommends 16). */
    static final int GMIN = 16;

    private long run; // received since the last loss, or since the start
    private boolean anyLoss;
    private boolean burstOpen;
    private boolean lastLossIsolated;
    private long burstPackets;
    private long burstLosses;
    private long bursts;
    private long gapPackets;
    private long gapLosses;
    private boolean lastLost;
    private boolean haveLast;
    private long receivedStates; // packets in the received state that have a successor
    private long lostStates;
    private long receivedToLost;
    private long lostToReceived;

    void received() {
        transition(false);
        run++;
    }

    void lost() {
        transition(true);
        if (anyLoss && run < GMIN) {
            if (!burstOpen) {
                // the previous loss, counted in the gap as isolated, opens this burst
                gapPackets--;
                gapLosses--;
                burstPackets++;
                burstLosses++;
                burstOpen = true;
            }
            burstPackets += run + 1;
            burstLosses++;
        } else {
            if (burstOpen) {
                bursts++;
                burstOpen = false;
            }
            gapPackets += run + 1; // the run, and this loss as isolated for now
            gapLosses++;
        }
        anyLoss = true;
        run = 0;
    }

    private void transition(boolean lost) {
        if (haveLast) {
            if (lastLost) {
                lostStates++;
                if (!lost) {
                    lostToReceived++;
                }
            } else {
                receivedStates++;
                if (lost) {
                    receivedToLost++;
                }
            }
        }
        haveLast = true;
        lastLost = lost;
    }

    /** @return bursts so far, the one open included */
    long bursts() {
        return bursts + (burstOpen ? 1 : 0);
    }

    /** @return losses / packets within bursts, 0..1 */
    double burstDensity() {
        return burstPackets == 0 ? 0 : (double) burstLosses / burstPackets;
    }

    /** @return losses / packets within gaps (the trailing run included), 0..1 */
    double gapDensity() {
        long packets = gapPackets + run;
        return packets == 0 ? 0 : (double) gapLosses / packets;
    }

    /** @return mean burst length in packets, 0 without bursts */
    double meanBurstPackets() {
        long n = bursts();
        return n == 0 ? 0 : (double) burstPackets / n;
    }

    /** @return mean gap length in packets (gaps = bursts + 1) */
    double meanGapPackets() {
        return (double) (gapPackets + run) / (bursts() + 1);
    }

    /**
     * @return G.107 BurstR = 1 / (p + q), p = P(received → lost), q = P(lost → received); 1 while the
     *         chain has seen no loss or cannot estimate q
     */
    double burstRatio() {
        if (receivedToLost == 0 || receivedStates == 0 || lostStates == 0) {
            return 1;
        }
        double p = (double) receivedToLost / receivedStates;
        double q = (double) lostToReceived / lostStates;
        return p + q > 0 ? 1 / (p + q) : 1;
    }
}
