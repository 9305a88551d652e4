#!/usr/bin/env bash
# datapath.sh - what the bytes of an open stream cost on a warm Warren path, hop by hop:
#   iperf3 / pingpong.py -> warren connect --listen -> warren relay -> warren agent run -> iperf3 -s / echo
# After an unmeasured warm-up (WARM each way, 20,000 round trips), prints one-stream throughput up and down, the CPU
# (user + system, /proc/PID/stat) each JVM spent per GB forwarded over BYTES each way, and 1-byte rtt p50/p99.
# With PROFILE=relay|agent|connect, async-profiler (PROFILER=path/to/libasyncProfiler.so) is attached to that JVM
# for the measured transfer (PHASE=bulk) or the measured round trips (PHASE=rtt) and its collapsed stacks are
# written to $OUT_DIR/profile-PROFILE-PHASE.collapsed (OUT_DIR: the current directory).
#
# Usage: bench/datapath.sh [-n BYTES (2G)] [-w WARM (2G)] [-r ROUNDS (1)] [-L (hold /dev/cpu_dma_latency at 0, as
# the shared harness's -L: idle CPUs poll, so rtt does not depend on where the scheduler puts threads)]
# Environment: WARREN_JAR=FILE (measure this jar instead of the checkout's build), RELAY_OPTS, AGENT_OPTS,
# CONNECT_OPTS (extra JVM flags per process), PINGPONG (../shared/bench/pingpong.py, or ../../shared/... from a worktree), BENCH_KEEP=1.
# Run it under `flock /tmp/warren-bench.lock` on a shared machine. Only 127.0.0.1; files under a mktemp directory.
set -uo pipefail

BYTES=2G
WARM=2G
ROUNDS=1
LOWLAT=
while getopts "n:w:r:L" opt; do
	case $opt in
	n) BYTES=$OPTARG ;;
	w) WARM=$OPTARG ;;
	r) ROUNDS=$OPTARG ;;
	L) LOWLAT=1 ;;
	*) sed -n '2,12p' "$0" >&2 && exit 2 ;;
	esac
done

BENCH_NAME=datapath
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
OUT_DIR=${OUT_DIR:-$PWD}
need_pingpong
command -v iperf3 >/dev/null || die "iperf3 is needed (apt-get install iperf3)"
if [[ -n ${PROFILE:-} ]]; then
	[[ -f ${PROFILER:-} ]] || die "PROFILE=$PROFILE needs PROFILER=/path/to/libasyncProfiler.so"
fi

# a snapshot of the jar and launcher, so that an edit during the run cannot trigger a rebuild (the agent runs from
# warren.jar, as it always has here)
snapshot_warren

if [[ -n $LOWLAT ]]; then
	spawn lowlat python3 -c 'import os, struct, time
fd = os.open("/dev/cpu_dma_latency", os.O_WRONLY); os.write(fd, struct.pack("i", 0)); time.sleep(3600)'
	sleep 0.5
	kill -0 "$LAST_PID" 2>/dev/null || die "-L: cannot hold /dev/cpu_dma_latency (root?)"
fi
alloc_port TGT
spawn target iperf3 -s -p "$TGT" -B 127.0.0.1
alloc_port ECHO
spawn echo python3 "$PINGPONG" server --tcp "127.0.0.1:$ECHO"
wait_tcp "$TGT" && wait_tcp "$ECHO"

start_relay "$T/relay" "${RELAY_OPTS:-}"
enroll_agent dp "$T/agent"
spawn agent env WARREN_JAVA_OPTS="${AGENT_OPTS:-}" "$WARREN" agent run --data "$T/agent" \
	--service "iperf=127.0.0.1:$TGT" --service "echo=127.0.0.1:$ECHO"
AGENT_PID=$LAST_PID
wait_log "$LOG/agent.log" 'connected to relay' 60

alloc_port P1
spawn_connect connect dp iperf "$P1" "${CONNECT_OPTS:-}"
CONNECT_PID=$LAST_PID
alloc_port P2
spawn_connect connect-echo dp echo "$P2"
ECHO_CONNECT_PID=$LAST_PID

# iperf DIR(up|down) NBYTES: one stream through the path; prints Gbit/s received
iperf() { iperf_gbps "$P1" "$1" "$2" "$LOG/iperf-$1-$RANDOM.json"; }

echo "datapath: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, $(uname -r), jar $(sha1sum "$WARREN_JAR" | cut -c1-12)"
if [[ $WARM != 0 ]]; then
	iperf up "$WARM" >/dev/null
	iperf down "$WARM" >/dev/null
	timeout 300 python3 "$PINGPONG" rtt --target "127.0.0.1:$P2" -n 20000 >/dev/null || die "rtt warm-up failed"
	echo "warm-up: $WARM each way, 20000 round trips (not measured)"
fi

PHASE=${PHASE:-bulk}
case ${PROFILE:-} in
relay) PROF_PID=$RELAY_PID ;;
agent) PROF_PID=$AGENT_PID ;;
connect) PROF_PID=$CONNECT_PID && [[ $PHASE == rtt ]] && PROF_PID=$ECHO_CONNECT_PID ;;
'') PROF_PID= ;;
*) die "PROFILE=$PROFILE (expected: relay, agent or connect)" ;;
esac
# profile PHASE start|stop (jcmd would split unquoted key=value options: the agent's options go in quotes)
profile() {
	[[ -n $PROF_PID && $1 == "$PHASE" ]] || return 0
	if [[ $2 == start ]]; then
		"$JAVA_HOME/bin/jcmd" "$PROF_PID" JVMTI.agent_load "$PROFILER" "\"start,event=cpu,interval=${PROFILE_INTERVAL:-1ms},threads\"" \
			>>"$LOG/profiler.log" 2>&1 || die "could not attach the profiler (see $LOG/profiler.log)"
	else
		"$JAVA_HOME/bin/jcmd" "$PROF_PID" JVMTI.agent_load "$PROFILER" \
			"\"stop,file=$OUT_DIR/profile-$PROFILE-$PHASE.collapsed,collapsed\"" >>"$LOG/profiler.log" 2>&1
		echo "profile: $OUT_DIR/profile-$PROFILE-$PHASE.collapsed"
	fi
}
profile bulk start

HZ=$(getconf CLK_TCK)
GB=$(numfmt --from=iec "$BYTES" | awk -v r="$ROUNDS" '{ printf "%.4f", 2 * r * $1 / 1e9 }')
r0=$(cpu_ticks "$RELAY_PID") a0=$(cpu_ticks "$AGENT_PID") c0=$(cpu_ticks "$CONNECT_PID")
for round in $(seq "$ROUNDS"); do
	up=$(iperf up "$BYTES") && down=$(iperf down "$BYTES") || exit 1
	echo "round $round: one stream up $up Gbit/s, down $down Gbit/s"
done
r1=$(cpu_ticks "$RELAY_PID") a1=$(cpu_ticks "$AGENT_PID") c1=$(cpu_ticks "$CONNECT_PID")
profile bulk stop
awk -v r=$((r1 - r0)) -v a=$((a1 - a0)) -v c=$((c1 - c0)) -v hz="$HZ" -v gb="$GB" 'BEGIN {
	printf "CPU per GB forwarded (%.2f GB): relay %.3f s, agent %.3f s, warren connect %.3f s\n",
		gb, r / hz / gb, a / hz / gb, c / hz / gb }'
# the round trips go through the echo stream's own `warren connect`
r0=$(cpu_ticks "$RELAY_PID") a0=$(cpu_ticks "$AGENT_PID") c0=$(cpu_ticks "$ECHO_CONNECT_PID")
profile rtt start
echo "rtt: $(timeout 300 python3 "$PINGPONG" rtt --target "127.0.0.1:$P2" -n 20000)"
r1=$(cpu_ticks "$RELAY_PID") a1=$(cpu_ticks "$AGENT_PID") c1=$(cpu_ticks "$ECHO_CONNECT_PID")
profile rtt stop
awk -v r=$((r1 - r0)) -v a=$((a1 - a0)) -v c=$((c1 - c0)) -v hz="$HZ" 'BEGIN {
	printf "CPU per round trip (20000 + 200 unmeasured): relay %.1f us, agent %.1f us, warren connect %.1f us\n",
		r / hz / 20200 * 1e6, a / hz / 20200 * 1e6, c / hz / 20200 * 1e6 }'
grep -iE ' (warn|error)|exception' "$LOG/relay.log" "$LOG/agent.log" "$LOG/connect.log" | head -5 >&2
exit 0
