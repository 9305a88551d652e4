#!/usr/bin/env bash
# idle-wakeups.sh - how often an idle relay's threads wake up, and the CPU it spends idle: one relay per jar given,
# all running at once and measured over the same windows, so that the machine's load weighs on each alike.
#
# Each relay is the real one (the launcher's flags, its own data directory, no agent, no operator). After SETTLE
# seconds, each window reads every thread's context switches (voluntary + involuntary: each is a wake-up or a
# preemption) and CPU time (/proc/PID/task/TID/schedstat, ns) at its start and its end.
#
# Usage: bench/idle-wakeups.sh [-t SECONDS (60)] [-w SETTLE (30)] [-r WINDOWS (2)] [JAR ...]
#   JAR  a warren.jar to run the relay from (default: the checkout's build); label = its directory's name
# Prints per window and relay: wake-ups/s and CPU ms/s of the whole process, then of each thread that woke at least
# once in a window (JVM threads included: G1, the compilers).
set -uo pipefail
BENCH_NAME=idle-wakeups
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

seconds=60 settle=30 windows=2
while getopts t:w:r: o; do
	case $o in
	t) seconds=$OPTARG ;;
	w) settle=$OPTARG ;;
	r) windows=$OPTARG ;;
	*) die "usage: $0 [-t SECONDS] [-w SETTLE] [-r WINDOWS] [JAR ...]" ;;
	esac
done
shift $((OPTIND - 1))
[[ $# -gt 0 ]] || set -- ""

labels=() pids=()
for jar in "$@"; do
	WARREN_JAR=$jar
	[[ -n $jar ]] || unset WARREN_JAR
	snapshot_warren
	label=$(basename "$(dirname "${jar:-$REPO/warren-cli/target/warren.jar}")")
	mv "$T/dist" "$T/dist-${#labels[@]}"
	WARREN=$T/dist-${#labels[@]}/warren
	start_relay "$T/relay-${#labels[@]}"
	labels+=("$label") pids+=("$RELAY_PID")
done
sleep "$settle"

# snap PID: one line per thread: name (spaces as _), context switches, CPU ns
snap() {
	local t
	for t in /proc/"$1"/task/*; do
		printf '%s %s %s\n' "$(tr ' ' _ <"$t/comm")" \
			"$(awk '/^(non)?voluntary_ctxt_switches/ {n += $2} END {print n}' "$t/status")" \
			"$(cut -d' ' -f1 "$t/schedstat")"
	done
}

for w in $(seq "$windows"); do
	for i in "${!pids[@]}"; do snap "${pids[$i]}" >"$T/a.$i"; done
	sleep "$seconds"
	for i in "${!pids[@]}"; do snap "${pids[$i]}" >"$T/b.$i"; done
	echo "window $w ($(date -u +%H:%M:%S) UTC, ${seconds} s, load $(cut -d' ' -f1-3 /proc/loadavg)):"
	for i in "${!pids[@]}"; do
		# threads are matched by line: an idle relay starts or ends none within a window
		paste -d' ' "$T/a.$i" "$T/b.$i" | awk -v s="$seconds" -v l="${labels[$i]}" '
			$1 == $4 { w = $5 - $2; c = $6 - $3; tw += w; tc += c; if (w > 0) { W[$1] += w; C[$1] += c } }
			END {
				PROCINFO["sorted_in"] = "@val_num_desc" # gawk: the busiest thread first
				printf "  %-10s %6.2f wake-ups/s  %6.3f ms CPU/s  |", l, tw / s, tc / 1e6 / s
				for (t in W) printf " %s %.2f/s %.3fms", t, W[t] / s, C[t] / 1e6 / s
				printf "\n"
			}'
	done
done
