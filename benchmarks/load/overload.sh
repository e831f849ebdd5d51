#!/bin/bash
# Overload on a fresh UAS (issue 4, "offered 3x its clean rate"), by hand, outside the ramp:
# start the UAS on core 0, warm it up for 20 s at 8,000 calls/s with SIPp's built-in 'uac' on
# core 1, then offer RATE calls/s for 12 s with uac-503.xml (503 is an answer, ACKed, not a
# failure) and print what SIPp saw: 200s and 503s received (from -trace_counts; a UAS that
# retransmits its 2xx while the ACK is late shows each retransmission), calls placed, completed
# and failed (no answer within 5 s, or something unexpected).
#
# usage: benchmarks/load/overload.sh RATE [dialtone|kamailio]    (default dialtone)
# env:   QUOTA=PCT caps the UAS at PCT % of its core (a cgroup v1 CPU quota per 5 ms; root), so that
#        3x its clean rate stays within what SIPp on the other core can place;
#        WARM_RATE (default 8000) the warm-up rate; UAS_ARGS more DialtoneUas arguments
#        (e.g. "--max-queue-delay-ms 50"); JAVA_OPTS the UAS's JVM options (default -Xms1g -Xmx1g,
#        as the ramp's --java-opts).
# needs: sipp, and for dialtone benchmarks/target/benchmarks.jar
#        (mvn -o -q -pl benchmarks -am package -DskipTests); for kamailio, kamailio.
set -euo pipefail
RATE=${1:?usage: overload.sh RATE [dialtone|kamailio]}
TARGET=${2:-dialtone}
HERE=$(cd "$(dirname "$0")" && pwd)
JAR="$HERE/../target/benchmarks.jar"
WORK=$(mktemp -d /tmp/dialtone-overload.XXXXXX)
PORT=25060
cd "$WORK"
PIN=(taskset -c 0)
if [ -n "${QUOTA:-}" ]; then
  CG=/sys/fs/cgroup/cpu/dialtone-overload-$$
  mkdir -p "$CG"
  echo 5000 > "$CG/cpu.cfs_period_us"
  echo $((5000 * QUOTA / 100)) > "$CG/cpu.cfs_quota_us"
  PIN=(sh -c 'echo $$ > "$0" && exec "$@"' "$CG/cgroup.procs" taskset -c 0) # the UAS's pid joins, then execs
fi
WARM_RATE=${WARM_RATE:-8000}
case "$TARGET" in
  dialtone)
    "${PIN[@]}" java ${JAVA_OPTS:--Xms1g -Xmx1g} -cp "$JAR" io.dialtone.benchmarks.load.DialtoneUas $PORT 127.0.0.1 --media none ${UAS_ARGS:-} \
        > uas.out 2> uas.err & ;;
  kamailio)
    "${PIN[@]}" kamailio -f "$HERE/kamailio-tm.cfg" -DD -E -m 4096 -M 64 -x tlsf -l udp:127.0.0.1:$PORT \
        -w "$WORK" -Y "$WORK" -P "$WORK/kamailio.pid" > uas.out 2> uas.err & ;;
  *) echo "target: dialtone or kamailio" >&2; exit 2 ;;
esac
UAS=$!
trap 'kill $UAS 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${CG:-}" ] && rmdir "$CG" 2>/dev/null || true' EXIT
sleep 2
taskset -c 1 timeout 40 sipp -sn uac 127.0.0.1:$PORT -i 127.0.0.1 -p $((PORT + 100)) -r $WARM_RATE -m $((WARM_RATE * 20)) -nostdin \
    -recv_timeout 5000 -buff_size 4194304 > /dev/null 2>&1 || true
rm -f uac_*
sleep 1
taskset -c 1 timeout 60 sipp -sf "$HERE/uac-503.xml" 127.0.0.1:$PORT -i 127.0.0.1 -p $((PORT + 100)) -r "$RATE" \
    -m $((RATE * 12)) -nostdin -recv_timeout 5000 -buff_size 4194304 -trace_stat -fd 1 -trace_counts -timeout 20 \
    > /dev/null 2>&1 || true
python3 - "$TARGET" "$RATE" <<'PY'
import glob, sys
def last(pattern):
    rows = [l.rstrip("\n").split(";") for l in open(glob.glob(pattern)[0]) if l.strip()]
    return dict(zip(rows[0], rows[-1]))
c = last("uac-503_*_counts.csv")
s = last("uac-503_[0-9]*_.csv")
got200 = next(v for k, v in c.items() if k.endswith("_200_Recv"))
got503 = next(v for k, v in c.items() if k.endswith("_503_Recv"))
print(f"{sys.argv[1]} offered {sys.argv[2]}/s x 12 s: placed {s['TotalCallCreated']} "
      f"(at {float(s['CallRate(C)']):.0f}/s), 200s received {got200}, 503s received {got503}, "
      f"completed {s['SuccessfulCall(C)']}, failed {s['FailedCall(C)']}")
PY
if [ "$TARGET" = dialtone ]; then
  grep '^stats' uas.out | tail -1
fi
rm -rf "$WORK"
