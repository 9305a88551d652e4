#!/usr/bin/env bash
# stream-setup.sh - what one new stream costs on a warm Warren path, and where:
#   pingpong.py setup -> warren connect --listen -> warren relay -> warren agent run -> pingpong.py server (echo)
# Runs WARM fresh connections first (the JIT compilers finish), then ROUNDS rounds of N, each printing setup
# p50/p99 (connect() to the first echoed byte, as the shared harness measures it) and the CPU each Warren process
# spent per stream (user + system, /proc/PID/stat).
#
# Usage: bench/stream-setup.sh [-w WARM (5000)] [-n N (1000)] [-r ROUNDS (2)]
# Needs ../shared/bench/pingpong.py (or PINGPONG=FILE). Only 127.0.0.1; files under a mktemp directory in /tmp,
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

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PINGPONG=${PINGPONG:-$REPO/../shared/bench/pingpong.py}
WARREN=$REPO/warren
T=$(mktemp -d /tmp/warren-setup.XXXXXX)
PIDS=""

cleanup() {
	for p in $PIDS; do kill -TERM "$p" 2>/dev/null; done
	for p in $PIDS; do
		for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	if [[ "${BENCH_KEEP:-}" == 1 ]]; then echo "kept $T" >&2; else rm -rf -- "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
	echo "stream-setup: $*" >&2
	exit 1
}

spawn() { # NAME CMD...: background, output to $T/NAME.log, PID in LAST_PID
	local name=$1
	shift
	"$@" >"$T/$name.log" 2>&1 </dev/null &
	LAST_PID=$!
	PIDS="$LAST_PID $PIDS"
}

listening() { ss -Hltn "sport = :$1" | grep -q .; }

NEXT_PORT=$((32000 + RANDOM % 2000))
alloc_port() {
	for _ in $(seq 200); do
		NEXT_PORT=$((NEXT_PORT + 1))
		if ! listening "$NEXT_PORT"; then
			printf -v "$1" '%s' "$NEXT_PORT"
			return 0
		fi
	done
	die "no free port"
}

wait_tcp() {
	for _ in $(seq 300); do
		listening "$1" && return 0
		sleep 0.1
	done
	die "nothing listens on 127.0.0.1:$1 after 30 s (logs: $T)"
}

cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }

[[ -f $PINGPONG ]] || die "no pingpong.py at $PINGPONG (set PINGPONG)"
"$WARREN" --version >"$T/build.log" 2>&1 || die "the launcher could not build or run (see $T/build.log)"

alloc_port ECHO
spawn echo python3 "$PINGPONG" server --tcp "127.0.0.1:$ECHO"
wait_tcp "$ECHO"

alloc_port RELAY
spawn relay env WARREN_JAVA_OPTS="${RELAY_OPTS:-}" "$WARREN" relay --data "$T/relay" --listen "127.0.0.1:$RELAY"
RELAY_PID=$LAST_PID
wait_tcp "$RELAY"
for _ in $(seq 100); do [[ -s $T/relay/admin.token ]] && break; sleep 0.1; done
ADMIN=$(cat "$T/relay/admin.token") || die "no admin token"
ENROLL=$(WARREN_TOKEN=$ADMIN "$WARREN" admin enroll-token create --relay "127.0.0.1:$RELAY" --ca "$T/relay/ca.crt" \
	2>>"$T/admin.log" | tail -n 1)
"$WARREN" agent enroll --relay "127.0.0.1:$RELAY" --token "$ENROLL" --name setup --data "$T/agent" \
	>"$T/enroll.log" 2>&1 || die "enrollment failed (see $T/enroll.log)"
spawn agent env WARREN_JAVA_OPTS="${AGENT_OPTS:-}" "$WARREN" agent run --data "$T/agent" --service "echo=127.0.0.1:$ECHO"
AGENT_PID=$LAST_PID
for _ in $(seq 300); do grep -q 'connected to relay' "$T/agent.log" && break; sleep 0.1; done

alloc_port ENTRY
spawn connect env WARREN_JAVA_OPTS="${CONNECT_OPTS:-}" WARREN_TOKEN="$ADMIN" WARREN_CA="$T/relay/ca.crt" \
	WARREN_RELAY="127.0.0.1:$RELAY" "$WARREN" connect setup echo --listen "127.0.0.1:$ENTRY"
CONNECT_PID=$LAST_PID
wait_tcp "$ENTRY"

echo "stream-setup: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, $(uname -r); warm-up $WARM, then $ROUNDS x $N"
timeout 900 python3 "$PINGPONG" setup --target "127.0.0.1:$ENTRY" -n "$WARM" --warmup 5 >"$T/warm.txt" ||
	die "warm-up failed: $(tail -3 "$T/warm.txt")"
echo "warm-up:  $(cat "$T/warm.txt")"
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
