#!/usr/bin/env bash
# agent-memory.sh - the memory of an idle `warren agent run`, fresh and after bulk traffic, beside the OpenSSH
# device process of the classic reverse tunnel (`ssh -N -R`), in the same run on loopback.
#
#   iperf3 -c -> warren connect --listen -> warren relay -> warren agent run -> iperf3 -s
#   iperf3 -c -> sshd's -R port (private sshd) -> ssh -N -R (the "device")   -> iperf3 -s
#
# Everything runs through the real launcher (./warren, with the flags it sets per command) from a snapshot of the
# freshly built jar, so an edit made in the checkout during the run cannot trigger a rebuild half-way.
# Prints VmRSS (and RssAnon/RssFile, Pss, threads) of the agent JVM and of the ssh process: fresh (after SETTLE
# seconds idle) and again SETTLE seconds after BYTES went through each way; plus throughput and CPU per GB
# forwarded of each hop: agent and ssh device, relay and sshd, warren connect.
#
# Usage: bench/agent-memory.sh [-n BYTES_EACH_WAY (1G)] [-w WARM_UP_BYTES (2G; 0: none)] [-s SETTLE_SECONDS (15)]
#                              [-r ROUNDS (1)] [-S (skip ssh)]
# Environment:
#   AGENT_JAVA_OPTS  extra JVM flags for the agent only (appended last: they override the launcher's)
#   AGENT_ENV        extra environment for the agent only, e.g. "MALLOC_ARENA_MAX=8"
#   BENCH_KEEP=1     keep the temporary directory (logs, data) for inspection
#   WARREN_JAR=FILE  measure this jar (e.g. a copy kept from an earlier build) instead of building the checkout's;
#                    FILE's -agent.jar sibling (warren-agent.jar beside warren.jar) goes with it when there is one
#   WARREN_LAUNCHER=FILE  run this launcher (e.g. an older ./warren, for its agent flags) instead of the checkout's
# Only 127.0.0.1 is used; files live under a mktemp directory in /tmp, removed at exit unless BENCH_KEEP=1.
set -uo pipefail

BYTES=1G
WARM=2G
SETTLE=15
ROUNDS=1
WITH_SSH=yes
while getopts "n:w:s:r:S" opt; do
	case $opt in
	n) BYTES=$OPTARG ;;
	w) WARM=$OPTARG ;;
	s) SETTLE=$OPTARG ;;
	r) ROUNDS=$OPTARG ;;
	S) WITH_SSH=no ;;
	*) sed -n '2,20p' "$0" >&2 && exit 2 ;;
	esac
done

BENCH_NAME=agent-memory
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

# mem PID: one line of memory figures in KiB
mem() {
	local rss anon file threads pss
	rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status")
	anon=$(awk '/^RssAnon:/ {print $2}' "/proc/$1/status")
	file=$(awk '/^RssFile:/ {print $2}' "/proc/$1/status")
	threads=$(awk '/^Threads:/ {print $2}' "/proc/$1/status")
	pss=$(awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null)
	echo "$rss $anon $file ${pss:-0} $threads"
}

# tree_ticks PID: cpu_ticks of PID and every process below it (sshd forks one process tree per connection)
tree_ticks() {
	local sum child
	sum=$(cpu_ticks "$1")
	for child in $(pgrep -P "$1"); do
		sum=$((sum + $(tree_ticks "$child")))
	done
	echo "$sum"
}

# per_gb LABEL TICKS: "LABEL: S s for G GB (S/G s/GB)"
per_gb() {
	awk -v l="$1" -v t="$2" -v hz="$(getconf CLK_TCK)" -v gb="$GB" \
		'BEGIN { printf "%-28s %6.2f s for %.2f GB (%.2f s/GB)\n", l ":", t / hz, gb, t / hz / gb }'
}

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# traffic NAME PORT: BYTES to the target and BYTES back through 127.0.0.1:PORT; sets GBPS_UP, GBPS_DOWN
traffic() {
	GBPS_UP=$(iperf_gbps "$2" up "$BYTES" "$LOG/$1-iperf-up.json") || exit 1
	GBPS_DOWN=$(iperf_gbps "$2" down "$BYTES" "$LOG/$1-iperf-down.json") || exit 1
}

bytes_gb() { numfmt --from=iec "$BYTES" | awk '{ printf "%.3f", $1 / 1e9 }'; }

# ---- build once, then run from a snapshot ----
command -v iperf3 >/dev/null || die "iperf3 is needed (apt-get install iperf3)"
# the agent's own jar goes along (warren-agent.jar, or X-agent.jar for a WARREN_JAR=X.jar), when there is one
snapshot_warren agent-jar

alloc_port TGT
spawn target iperf3 -s -p "$TGT" -B 127.0.0.1
wait_tcp "$TGT"

# ---- warren: relay, enrollment, agent, operator listener ----
start_relay "$T/relay"
enroll_agent memdev "$T/agent"

read -r -a agent_env <<<"${AGENT_ENV:-}"
spawn agent env "${agent_env[@]}" WARREN_JAVA_OPTS="${AGENT_JAVA_OPTS:-}" \
	"$WARREN" agent run --data "$T/agent" --service "iperf=127.0.0.1:$TGT"
AGENT_PID=$LAST_PID
wait_log "$LOG/agent.log" 'connected to relay' 60

alloc_port P1
spawn_connect connect memdev iperf "$P1"
CONNECT_PID=$LAST_PID

# ---- OpenSSH: a private sshd and one ssh -N -R device ----
if [[ $WITH_SSH == yes ]]; then
	start_sshd
	alloc_port P2
	# OpenSSH's default cipher choice (chacha20-poly1305 here); the device side is the ssh client
	spawn ssh ssh "${ssh_device_args[@]}" -R "127.0.0.1:$P2:127.0.0.1:$TGT" "$(id -un)@127.0.0.1"
	SSH_PID=$LAST_PID
	wait_tcp "$P2"
fi

# ---- measure ----
row() { # NAME PID WHEN
	local m
	read -r -a m <<<"$(mem "$2")"
	printf '%-26s %-14s %9s %9s %9s %9s %8s\n' "$1" "$3" "$(mib "${m[0]}")" "$(mib "${m[1]}")" "$(mib "${m[2]}")" \
		"$(mib "${m[3]}")" "${m[4]}"
	# with AGENT_JAVA_OPTS=-XX:NativeMemoryTracking=summary: the JVM's own account, by category (committed KiB)
	if [[ $1 == warren* ]] && tr '\0' ' ' <"/proc/$2/cmdline" | grep -q NativeMemoryTracking; then
		"$JAVA_HOME/bin/jcmd" "$2" VM.native_memory summary >"$LOG/agent-nmt-${3// /-}.txt" 2>&1
		echo "  NMT committed KiB: $(sed -n 's/^-  *\([A-Za-z ]*[a-z]\) (reserved=[0-9]*KB, committed=\([0-9]*\)KB.*/\1=\2/p' \
			"$LOG/agent-nmt-${3// /-}.txt" | awk -F= '$2 >= 100 {printf "%s=%s  ", $1, $2}')"
	fi
}

sleep "$SETTLE"
echo "agent-memory: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, $(uname -r), BYTES=$BYTES each way x $ROUNDS, SETTLE=${SETTLE}s"
echo "agent flags: $(tr '\0' ' ' <"/proc/$AGENT_PID/cmdline" | sed 's/ -jar .*//')"
[[ -n ${AGENT_ENV:-} ]] && echo "agent env: $AGENT_ENV"
printf '%-26s %-14s %9s %9s %9s %9s %8s\n' process when "RSS MiB" "anon" "file" "PSS MiB" threads
row "warren agent run" "$AGENT_PID" fresh
[[ $WITH_SSH == yes ]] && row "ssh -N -R (device)" "$SSH_PID" fresh

# unmeasured: the JIT compilers of the three JVMs finish here, so the CPU figures are those of a relay and an agent
# that have run for a while (OpenSSH gets the same pass)
if [[ $WARM != 0 ]]; then
	BYTES_SAVED=$BYTES
	BYTES=$WARM
	traffic warren "$P1"
	[[ $WITH_SSH == yes ]] && traffic ssh "$P2"
	BYTES=$BYTES_SAVED
	echo "warm-up: $WARM each way through each path (not measured)"
fi
AGENT_CPU0=$(cpu_ticks "$AGENT_PID")
RELAY_CPU0=$(cpu_ticks "$RELAY_PID")
CONNECT_CPU0=$(cpu_ticks "$CONNECT_PID")
for round in $(seq "$ROUNDS"); do
	traffic warren "$P1"
	echo "warren round $round: up $GBPS_UP Gbit/s, down $GBPS_DOWN Gbit/s"
done
AGENT_CPU1=$(cpu_ticks "$AGENT_PID")
RELAY_CPU1=$(cpu_ticks "$RELAY_PID")
CONNECT_CPU1=$(cpu_ticks "$CONNECT_PID")
if [[ $WITH_SSH == yes ]]; then
	SSH_CPU0=$(cpu_ticks "$SSH_PID")
	SSHD_CPU0=$(tree_ticks "$SSHD_PID")
	for round in $(seq "$ROUNDS"); do
		traffic ssh "$P2"
		echo "ssh round $round: up $GBPS_UP Gbit/s, down $GBPS_DOWN Gbit/s"
	done
	SSH_CPU1=$(cpu_ticks "$SSH_PID")
	SSHD_CPU1=$(tree_ticks "$SSHD_PID")
fi
sleep "$SETTLE"
row "warren agent run" "$AGENT_PID" "after traffic"
[[ $WITH_SSH == yes ]] && row "ssh -N -R (device)" "$SSH_PID" "after traffic"

GB=$(awk -v b="$(bytes_gb)" -v r="$ROUNDS" 'BEGIN { print b * 2 * r }')
# CPU per GB forwarded, by hop: the agent beside the ssh -R device, the relay beside the sshd it replaces
per_gb "agent CPU" $((AGENT_CPU1 - AGENT_CPU0))
per_gb "relay CPU" $((RELAY_CPU1 - RELAY_CPU0))
per_gb "warren connect CPU" $((CONNECT_CPU1 - CONNECT_CPU0))
if [[ $WITH_SSH == yes ]]; then
	per_gb "ssh -R device CPU" $((SSH_CPU1 - SSH_CPU0))
	per_gb "sshd (all its processes) CPU" $((SSHD_CPU1 - SSHD_CPU0))
fi
"$JAVA_HOME/bin/jstat" -gc "$AGENT_PID" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	NR == 2 { printf "agent GC since start: %d young (%.2f s), %d full (%.2f s)\n", $c["YGC"], $c["YGCT"], $c["FGC"], $c["FGCT"] }'
grep -iE 'warn|error|exception' "$LOG/agent.log" | head -5 >&2
exit 0
