package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

import static io.dialtone.message.Messages.INVITE;
import static io.dialtone.message.Messages.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Mutation fuzzing of the parser (RFC 3261 §18.3: a malformed datagram is answered or dropped, never a
 * crash). Each case is reproducible from its seed; on failure the input is printed in Base64.
 */
@DisplayName("RFC 3261 §7, §25: robustness against malformed input")
class SipParserRobustnessTest {
    /** Raise with {@code -Ddialtone.fuzz.cases=1000000} for a longer run; the seed too with {@code dialtone.fuzz.seed}. */
    private static final int CASES = Integer.getInteger("dialtone.fuzz.cases", 30_000);
    private static final long SEED = Long.getLong("dialtone.fuzz.seed", 0x5EED_D1A1L);
    private static final String INTERESTING = ":;,<>\"\\[]@=? \t\r\n%/0";

    /** Samples that exercise most header parsers: the basic INVITE, a response, compact forms, IPv6, folding. */
    private static final String[] SEEDS = {
            INVITE,
            Messages.minimal("v: SIP/2.0/TCP [2001:db8::1]:5070;branch=z9hG4bK2;received=192.0.2.1;rport=5071\r\n"
                    + "m: \"A \\\"q\\\"\" <sips:a:pw@[::1]:5061;transport=tls;lr?x=y>;expires=60, *\r\n"
                    + "Record-Route: <sip:rr.example.com;lr>\r\nx: 90;refresher=uas\r\nMin-SE: 90\r\n"
                    + "Subject: folded\r\n  value\r\nl: 0"),
            SipResponse.to(Messages.request(INVITE), 183).toTag("x").body("application/sdp", Messages.SDP).build().toString(),
    };

    @Test
    void mutatedMessagesOnlyEverThrowSipParseException() {
        Random random = new Random(SEED);
        int parsed = 0;
        int rejected = 0;
        SipParserLimits limits = new SipParserLimits(4096, 32, 512);
        for (int n = 0; n < CASES; n++) {
            byte[] in = mutate(bytes(SEEDS[n % SEEDS.length]), random);
            try {
                SipMessage m = SipParser.parse(in, 0, in.length, limits);
                touch(m);
                parsed++;
            } catch (SipParseException e) {
                assertThat(e.status()).isIn(400, 416, 505, 513);
                assertThat(e.offset()).isBetween(0, in.length);
                assertThat(e.reasonPhrase()).isNotBlank().doesNotContain("\r", "\n");
                rejected++;
            } catch (RuntimeException | Error e) {
                fail("case " + n + " threw " + e + " for input " + Base64.getEncoder().encodeToString(in), e);
            }
        }
        assertThat(parsed).as("some mutants still parse").isPositive();
        assertThat(rejected).as("most mutants are rejected").isPositive();
    }

    /** Lazily parsed values may throw SipParseException too, and a parsed message re-serializes and re-parses. */
    private static void touch(SipMessage m) {
        for (var lazy : new Runnable[] {m::contacts, m::routes, m::recordRoutes, m::sessionExpires, m::minSE, m::contentType}) {
            try {
                lazy.run();
            } catch (SipParseException expected) {
                // a malformed lazily-parsed header is reported, not a crash
            }
        }
        SipMessage again = SipParser.parse(m.toBytes());
        assertThat(again.headers()).isEqualTo(m.headers());
        assertThat(again.body()).isEqualTo(m.body());
        assertThat(again.vias()).isEqualTo(m.vias());
        assertThat(again.from()).isEqualTo(m.from());
        if (m instanceof SipRequest r) {
            assertThat(((SipRequest) again).requestUri()).isEqualTo(r.requestUri());
        }
    }

    private static byte[] mutate(byte[] b, Random r) {
        int rounds = 1 + r.nextInt(4);
        for (int k = 0; k < rounds; k++) {
            switch (r.nextInt(6)) {
                case 0 -> { // bit flip
                    int i = r.nextInt(b.length);
                    b[i] ^= (byte) (1 << r.nextInt(8));
                }
                case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1)); // truncation
                case 2 -> { // insertion of a random or syntactically interesting byte
                    int i = r.nextInt(b.length + 1);
                    byte[] out = new byte[b.length + 1];
                    System.arraycopy(b, 0, out, 0, i);
                    out[i] = r.nextBoolean() ? (byte) r.nextInt(256) : (byte) INTERESTING.charAt(r.nextInt(INTERESTING.length()));
                    System.arraycopy(b, i, out, i + 1, b.length - i);
                    b = out;
                }
                case 3 -> { // deletion
                    if (b.length > 0) {
                        int i = r.nextInt(b.length);
                        byte[] out = new byte[b.length - 1];
                        System.arraycopy(b, 0, out, 0, i);
                        System.arraycopy(b, i + 1, out, i, b.length - i - 1);
                        b = out;
                    }
                }
                case 4 -> { // overwrite with a digit or separator, which keeps lines plausible
                    if (b.length > 0) {
                        b[r.nextInt(b.length)] = (byte) "0123456789:;, ".charAt(r.nextInt(14));
                    }
                }
                default -> { // duplicate a slice (repeats headers)
                    if (b.length > 2) {
                        int from = r.nextInt(b.length - 1);
                        int to = from + 1 + r.nextInt(Math.min(80, b.length - from - 1));
                        int at = r.nextInt(b.length + 1);
                        byte[] slice = Arrays.copyOfRange(b, from, to);
                        byte[] out = new byte[b.length + slice.length];
                        System.arraycopy(b, 0, out, 0, at);
                        System.arraycopy(slice, 0, out, at, slice.length);
                        System.arraycopy(b, at, out, at + slice.length, b.length - at);
                        b = out;
                    }
                }
            }
            if (b.length == 0) {
                break;
            }
        }
        return b;
    }
}
