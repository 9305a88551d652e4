#!/usr/bin/env bash
# stream-setup.sh - what one new stream costs on a warm Warren path, and where:
#   pingpong.py setup -> warren connect --listen -> warren relay -> warren agent run -> pingpong.py server (echo)
# Runs WARM fresh connections first (the JIT compilers finish), then ROUNDS rounds of N, each printing setup
# p50/p99 (connect() to the first echoed byte, as the shared harness measures it) and the CPU each Warren process
# spent per stream (user + system, /proc/PID/stat).
#
# Usage: bench/stream-setup.sh [-w WARM (5000)] [-n N (1000)] [-r ROUNDS (2)]
# Needs ../shared/bench/pingpong.py (../../shared/bench from a worktree, or PINGPONG=FILE). Only 127.0.0.1; files under a mktemp directory in /tmp,
# removed at exit unless BENCH_KEEP=1. Extra JVM flags per process: RELAY_OPTS, AGENT_OPTS, CONNECT_OPTS (e.g. an
# async-profiler -agentpath).
set -uo pipefail

WARM=5000
N=1000
ROUNDS=2
while getopts "w:n:r:" opt; do
	case $opt in
	w) WARM=$OPTARG ;;
	n) N=$OPTARG ;;
	r) ROUNDS=$OPTARG ;;
	*) sed -n '2,12p' "$0" >&2 && exit 2 ;;
	esac
done

BENCH_NAME=stream-setup
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
WARREN=$REPO/warren

need_pingpong
"$WARREN" --version >"$LOG/build.log" 2>&1 || die "the launcher could not build or run (see $LOG/build.log)"

alloc_port ECHO
spawn echo python3 "$PINGPONG" server --tcp "127.0.0.1:$ECHO"
wait_tcp "$ECHO"

start_relay "$LOG/relay" "${RELAY_OPTS:-}"
enroll_agent setup "$LOG/agent"
spawn agent env WARREN_JAVA_OPTS="${AGENT_OPTS:-}" "$WARREN" agent run --data "$LOG/agent" --service "echo=127.0.0.1:$ECHO"
AGENT_PID=$LAST_PID
wait_log "$LOG/agent.log" 'connected to relay' 60

alloc_port ENTRY
spawn_connect connect setup echo "$ENTRY" "${CONNECT_OPTS:-}"
CONNECT_PID=$LAST_PID

echo "stream-setup: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, $(uname -r); warm-up $WARM, then $ROUNDS x $N"
timeout 900 python3 "$PINGPONG" setup --target "127.0.0.1:$ENTRY" -n "$WARM" --warmup 5 >"$LOG/warm.txt" ||
	die "warm-up failed: $(tail -3 "$LOG/warm.txt")"
echo "warm-up:  $(cat "$LOG/warm.txt")"
HZ=$(getconf CLK_TCK)
for round in $(seq "$ROUNDS"); do
	r0=$(cpu_ticks "$RELAY_PID") a0=$(cpu_ticks "$AGENT_PID") c0=$(cpu_ticks "$CONNECT_PID")
	out=$(timeout 900 python3 "$PINGPONG" setup --target "127.0.0.1:$ENTRY" -n "$N" --warmup 5) || die "round $round failed"
	r1=$(cpu_ticks "$RELAY_PID") a1=$(cpu_ticks "$AGENT_PID") c1=$(cpu_ticks "$CONNECT_PID")
	echo "round $round: $out"
	awk -v r=$((r1 - r0)) -v a=$((a1 - a0)) -v c=$((c1 - c0)) -v hz="$HZ" -v n="$N" 'BEGIN {
		printf "  CPU per stream: relay %.0f us, agent %.0f us, warren connect %.0f us\n",
			r / hz / n * 1e6, a / hz / n * 1e6, c / hz / n * 1e6 }'
done
