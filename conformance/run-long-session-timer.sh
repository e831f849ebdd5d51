#!/bin/sh
# Long test, not in the default suite (issue 6): two 35-minute calls against SIPp with
# Session-Expires: 1800;refresher=uas (RFC 4028), run side by side (about 37 minutes in all):
#   1. SIPp UAC -> `dialtone serve`: dialtone is the refresher and must UPDATE at ~900 s and ~1800 s;
#      SIPp hangs up at 35 minutes.
#   2. `dialtone call` -> SIPp UAS: SIPp is the refresher (UPDATE at 900 s and 1800 s); dialtone
#      must keep the call up through both and hang up itself at 36 minutes.
# Scenarios: conformance/src/test/resources/sipp-long/. Logs: $LOGS (default a new dir under /tmp).
# Exit 0 when both calls did exactly that. Needs sipp on the PATH; builds dialtone on first use.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
scen="$root/conformance/src/test/resources/sipp-long"
logs=${LOGS:-$(mktemp -d /tmp/dialtone-long-XXXXXX)}
serve_port=${SERVE_PORT:-15760}
sipp_uac_port=$((serve_port + 1))
sipp_uas_port=$((serve_port + 2))
"$root/dialtone" --version >/dev/null  # build once, up front
jar="$root/client/target/dialtone.jar"
cp "$jar" "$logs/dialtone.jar"         # a rebuild of the tree during the run must not change it
echo "long session-timer test: logs in $logs" >&2

java -jar "$logs/dialtone.jar" serve --listen "127.0.0.1:$serve_port" --media none --json \
    > "$logs/serve.out" 2> "$logs/serve.err" &
serve_pid=$!
sleep 3
(cd "$logs" && sipp -sf "$scen/rfc4028-35min-serve-refreshes.xml" "127.0.0.1:$serve_port" -p "$sipp_uac_port" \
    -m 1 -nostdin -trace_err -trace_msg -timeout 2400 -timeout_error > sipp-uac.out 2>&1; echo $? > sipp-uac.rc) &
uac_job=$!
(cd "$logs" && sipp -sf "$scen/rfc4028-35min-peer-refreshes.xml" -p "$sipp_uas_port" \
    -m 1 -nostdin -trace_err -trace_msg -timeout 2400 -timeout_error > sipp-uas.out 2>&1; echo $? > sipp-uas.rc) &
uas_job=$!
sleep 2
set +e
java -jar "$logs/dialtone.jar" call "sip:service@127.0.0.1:$sipp_uas_port" --session-expires 1800 \
    --duration 2160 --json > "$logs/call.out" 2> "$logs/call.err"
call_rc=$?
wait $uac_job $uas_job
kill "$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null
uac_rc=$(cat "$logs/sipp-uac.rc"); uas_rc=$(cat "$logs/sipp-uas.rc")
printf '%-52s %s\n' "1. SIPp UAC -> dialtone serve (dialtone refreshes)" "sipp exit $uac_rc"
printf '%-52s %s\n' "2. dialtone call -> SIPp UAS (SIPp refreshes)" "sipp exit $uas_rc, dialtone call exit $call_rc"
cat "$logs/call.out"
[ "$uac_rc" = 0 ] && [ "$uas_rc" = 0 ] && [ "$call_rc" = 0 ]
