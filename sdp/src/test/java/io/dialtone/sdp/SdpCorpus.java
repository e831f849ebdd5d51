package io.dialtone.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Offers for the differential tests: deployed shapes, RFC 3264 §6 edge cases, malformed lines, and seeded mutations of them. */
final class SdpCorpus {
    private SdpCorpus() {}

    static final String HEAD = "v=0\r\no=peer 100 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n";

    /** Offers that parse: several codecs, telephone-event, ptime, directions, rtcp-mux, IPv6, port 0, non-RTP. */
    static List<String> offers() {
        List<String> o = new ArrayList<>();
        o.add("v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");                                   // sipp -sd uac
        o.add("v=0\r\no=- 1733312345 1733312345 IN IP4 192.0.2.10\r\ns=baresip\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0 8 9 111 101\r\nb=AS:128\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:9 G722/8000\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 stereo=1;sprop-stereo=1\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=rtcp-mux\r\n"
                + "a=ssrc:2838192911 cname:4f0a7c1e\r\na=sendrecv\r\n");
        o.add(HEAD + "m=audio 4000 RTP/AVP 8 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n");
        o.add(HEAD + "m=audio 4000 RTP/AVP 0 8\r\n");
        o.add(HEAD + "m=audio 4000 RTP/AVP 0 100\r\na=rtpmap:100 telephone-event/8000\r\n");
        o.add(HEAD + "m=audio 4000 RTP/AVP 96 0 97 98\r\na=rtpmap:96 opus/48000/2\r\na=rtpmap:97 telephone-event/48000\r\n"
                + "a=rtpmap:98 telephone-event/8000\r\na=fmtp:98   0-16  \r\n");
        o.add(HEAD + "m=audio 4000 RTP/AVP 97 0\r\na=rtpmap:97 telephone-event/48000\r\n");             // event at another rate only
        o.add(HEAD + "m=audio 4000 RTP/AVP 0\r\nm=video 4002 RTP/AVP 31 34\r\na=sendrecv\r\n");
        o.add(HEAD + "m=audio 4000 RTP/AVP 18 96\r\na=rtpmap:96 opus/48000/2\r\nm=audio 5000 RTP/AVP 8\r\n");
        o.add(HEAD + "m=audio 4000 RTP/AVP 0\r\nm=audio 5000 RTP/AVP 0\r\n");
        o.add(HEAD + "m=audio 4000 RTP/SAVP 0\r\nm=audio 0 RTP/AVP 0\r\nm=image 6000 udptl t38\r\n");
        o.add(HEAD + "m=audio 4000 RTP/AVP 18\r\nm=video 4002 RTP/AVP 31\r\n");                          // nothing acceptable
        o.add(HEAD + "m=audio 4000 RTP/AVP 96\r\n");                                                     // dynamic, no rtpmap
        o.add(HEAD + "m=audio 4000 RTP/AVP 0 0 8 8\r\n");                                                // duplicates
        o.add(HEAD + "m=audio 4000 RTP/AVP 08 0\r\na=rtpmap:08 PCMA/8000\r\n");                          // leading zero
        o.add(HEAD + "m=audio 4000/2 RTP/AVP 0\r\na=ptime:30\r\na=maxptime:60\r\n");
        o.add(HEAD + "m=audio 4000 RTP/AVP 0\r\na=ptime:20.0\r\na=sendonly\r\n");
        o.add(HEAD + "m=audio 4000 RTP/AVP 0\r\na=recvonly\r\na=rtcp-mux\r\n");
        o.add(HEAD + "m=audio 4000 RTP/AVP 0\r\na=inactive\r\n");
        o.add(HEAD.replace("t=0 0\r\n", "t=0 0\r\na=sendonly\r\n") + "m=audio 4000 RTP/AVP 0\r\n");       // session-level direction
        o.add("v=0\r\no=- 1 1 IN IP6 2001:db8::1\r\ns=-\r\nc=IN IP6 2001:db8::1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 8\r\n");
        o.add("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\nc=IN IP4 10.0.0.9\r\n"); // media-level c=
        o.add("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n");          // no c= at all
        o.add(HEAD + "m=audio 4000 rtp/avp 0\r\n");                                                      // lower-case proto
        o.add(HEAD + "m=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:0  PCMU/08000/1\r\na=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-16\r\na=rtpmap:8 pcma/8000\r\n");
        o.add(HEAD + "m=audio 4000 RTP/AVP 111 0\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:0 PCMU/8000/2\r\n");
        o.add("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=Café ☎\ni=info\nc=IN IP4 1.2.3.4\nb=AS:64\nt=0 0\nt=1 2\nr=7d 1h 0 25h\n"
                + "z=0 0\nk=clear:x\nx=unknown\na=tool:é\n\nm=audio  4000/2  RTP/AVP  0 8\ni=x\nc=IN IP4 1.2.3.5\n"
                + "c=IN IP4 1.2.3.6\nb=TIAS:64000\nk=prompt\na=rtpmap:8 PCMA/8000\nm=video 0 RTP/AVP\n");
        o.add(HEAD + "m=audio 4000 RTP/AVP 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 96 97 98 99 100 101 127\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=rtpmap:127 PCMU/8000\r\n");
        return o;
    }

    /** Lines the parser rejects, each after a valid head or alone. */
    static List<String> malformed() {
        String m = HEAD + "m=audio 4000 RTP/AVP 0\r\n";
        return List.of("", "\r\n", "o=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\n", "v=1\r\n", "v=0\r\ns=-\r\n", "v=0\r\no=- 1 1 IN IP4\r\n",
                "v=0\r\no=- 1 x IN IP4 1.2.3.4\r\n", "v=0\r\no=- 1 1 IN IP4 1.2.3.4 a b c d e\r\n", HEAD + "m=audio\r\n",
                HEAD + "m=audio abc RTP/AVP 0\r\n", HEAD + "m=audio 70000 RTP/AVP 0\r\n", HEAD + "m=audio 4000/0 RTP/AVP 0\r\n",
                HEAD + "m=audio 4000 RTP/AVP 0 PCMU\r\n", HEAD + "m=audio 4000 RTP/AVP 128\r\n", m + "c=IN IP4\r\n",
                m + "bogus\r\n", m + "s=again\r\n", "v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nt=now 0\n", "v=0\no=- 1 1 IN IP4 1.2.3.4\na=\n",
                "v=0\no=- 1 1 IN IP4 1.2.3.4\no=- 2 2 IN IP4 1.2.3.4\n", "é=0\r\n", "v=0\r\né=x\r\n", "v=0\r\né\r\n", "v=0\r\n1=x\r\n",
                "v=0\r\nv=0\r\n", m + "a=rtp\rmap:0 PCMU/8000\r\n", m + "a=x\0y\r\n", "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=a\0b\r\n",
                HEAD + "m=image 0 udptl t3\08\r\n", HEAD + "m=au\0dio 0 udptl t38\r\n", "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nt=1\r\n",
                "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.4 x\r\n", HEAD + "m=audio 99999999999999999999 RTP/AVP 0\r\n");
    }

    /** A seeded mutation: bytes replaced, inserted or deleted, from an alphabet of SDP's delimiters and a few non-ASCII bytes. */
    static byte[] mutate(byte[] in, Random r) {
        byte[] alphabet = " :/=\r\n0123456789avmoctsAIP-.\0".getBytes(StandardCharsets.ISO_8859_1);
        byte[] extra = {(byte) 0xC3, (byte) 0xA9, (byte) 0xFF, (byte) 0xE2};
        byte[] b = in.clone();
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = r.nextInt(b.length);
            byte x = r.nextInt(8) == 0 ? extra[r.nextInt(extra.length)] : alphabet[r.nextInt(alphabet.length)];
            switch (r.nextInt(3)) {
                case 0 -> b[at] = x;
                case 1 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = x;
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                default -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
            }
        }
        return b;
    }
}
