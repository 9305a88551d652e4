#!/usr/bin/env bash
# relay-memory.sh - what one connected, idle agent costs the relay, at 0, 1,000, 5,000 and 10,000 agents; beside it,
# what one `ssh -N -R` device costs a private sshd (the classic reverse-tunnel server), in the same run on loopback.
#
# The relay is the real one (./warren relay, the launcher's flags, its own process, from a snapshot of the jar).
# The agents are simulated by warren-bench's AgentSimulator, all in one process: each a real agent session (TCP,
# TLS 1.3 with its own device certificate, ALPN warren/1, HELLO as AGENT, keep-alives every 5 s) on two event loops.
# Their devices are created directly in the relay's store and their certificates signed by the relay's CA before the
# relay starts (what enrollment stores, without an Argon2 per token). At each step the script waits until the REST
# API lists every agent online, then reads the relay's VmRSS, runs a full GC (jcmd GC.run) and reads the heap in use
# (GC.heap_info) and the JVM's committed memory (NMT summary): per agent = (value at N - value at 0) / N.
#
# Usage: bench/relay-memory.sh [-s STEPS (0,1000,5000,10000)] [-k SSH_DEVICES (50)] [-w SETTLE_SECONDS (20)] [-S]
#   -S skips OpenSSH.
# Environment:
#   RELAY_JAVA_OPTS   extra JVM flags for the relay (appended after -XX:NativeMemoryTracking=summary)
#   WARREN_JAR, BENCH_JAR  measure these jars instead of building the checkout's
#   BENCH_KEEP=1      keep the temporary directory (logs, relay data) for inspection
#   PREPARED=DIR      reuse the relay data and identities of a kept run (its devices, its CA) instead of preparing
# Only 127.0.0.1 is used; files live under a mktemp directory in /tmp. Needs ~20,000 file descriptors per process.
set -uo pipefail

STEPS=0,1000,5000,10000
SSH_N=50
SETTLE=20
WITH_SSH=yes
while getopts "s:k:w:S" opt; do
	case $opt in
	s) STEPS=$OPTARG ;;
	k) SSH_N=$OPTARG ;;
	w) SETTLE=$OPTARG ;;
	S) WITH_SSH=no ;;
	*) sed -n '2,22p' "$0" >&2 && exit 2 ;;
	esac
done
IFS=, read -r -a steps <<<"$STEPS"
MAX=${steps[-1]}

BENCH_NAME=relay-memory
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
pss() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }

# ---- file descriptors: the relay and the simulator each hold one socket per agent ----
want=$((MAX + 2000))
[[ $(ulimit -Hn) -lt $want ]] && die "ulimit -Hn is $(ulimit -Hn); $want file descriptors are needed for $MAX agents"
ulimit -n "$want" || die "cannot raise ulimit -n to $want"

# ---- jars: build once, run from snapshots ----
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
snapshot_warren
if [[ -z ${BENCH_JAR:-} ]]; then
	BENCH_JAR=$REPO/warren-bench/target/warren-bench.jar
	if [[ ! -f $BENCH_JAR || -n $(find "$REPO"/warren-*/src "$REPO/pom.xml" -newer "$BENCH_JAR" -print -quit) ]]; then
		(cd "$REPO" && JAVA_HOME=$JAVA_HOME ./mvnw -B -o -q package -DskipTests -pl warren-bench -am) \
			>"$LOG/build-bench.log" 2>&1 || die "cannot build warren-bench (see $LOG/build-bench.log)"
	fi
fi
cp -p "$BENCH_JAR" "$T/warren-bench.jar"
JAVA=$JAVA_HOME/bin/java
JCMD=$JAVA_HOME/bin/jcmd

# ---- the relay: first start makes its CA and store; then the devices are added while it is stopped ----
alloc_port RELAY
DATA=$T/relay
if [[ -n ${PREPARED:-} ]]; then
	# a kept run's relay/ and identities (BENCH_KEEP=1): skips the minutes that preparing 10,000 devices takes
	[[ -d $PREPARED/relay && $(wc -l <"$PREPARED/identities") -ge $MAX ]] || die "PREPARED=$PREPARED: no relay/ or too few identities"
	cp -rp "$PREPARED/relay" "$DATA" && cp -p "$PREPARED/identities" "$T/identities" || die "cannot copy $PREPARED"
else
	spawn relay-init "$WARREN" relay --data "$DATA" --listen "127.0.0.1:$RELAY"
	wait_tcp "$RELAY" 60
	for _ in $(seq 100); do [[ -s $DATA/admin.token ]] && break; sleep 0.1; done
	stop "$LAST_PID"
	echo "relay-memory: preparing $MAX devices ..." >&2
	"$JAVA" --enable-native-access=ALL-UNNAMED -jar "$T/warren-bench.jar" prepare --data "$DATA" --count "$MAX" \
		--out "$T/identities" 2>"$LOG/prepare.log" || die "prepare failed (see $LOG/prepare.log)"
fi
ADMIN=$(cat "$DATA/admin.token") || die "no admin token"

spawn relay env WARREN_JAVA_OPTS="-XX:NativeMemoryTracking=summary ${RELAY_JAVA_OPTS:-}" \
	"$WARREN" relay --data "$DATA" --listen "127.0.0.1:$RELAY"
RELAY_PID=$LAST_PID
wait_tcp "$RELAY" 60

coproc SIM { exec "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx3g -XX:+UseParallelGC -jar "$T/warren-bench.jar" run \
	--relay "127.0.0.1:$RELAY" --ca "$DATA/ca.crt" --identities "$T/identities" 2>"$LOG/simulator.log"; }
PIDS="$SIM_PID $PIDS" # stopped at exit with the rest

online() {
	curl -s --max-time 60 --cacert "$DATA/ca.crt" -H "Authorization: Bearer $ADMIN" \
		"https://127.0.0.1:$RELAY/api/v1/devices" | grep -o '"online" *: *true' | wc -l
}

# measure N: fills RSS[N] (as it is), HEAP[N] (in use after a full GC), NMT[N] (committed, after the GC) and
# TRIM[N] (RSS after the GC and after glibc returned its free memory: what the agents hold, not what the ramp left)
declare -A RSS HEAP NMT TRIM
measure() {
	local n=$1 heap nmt
	RSS[$n]=$(kib "$RELAY_PID")
	"$JCMD" "$RELAY_PID" GC.run >/dev/null 2>&1
	sleep 2
	heap=$("$JCMD" "$RELAY_PID" GC.heap_info 2>/dev/null | awk '
		/garbage-first heap/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); print v; exit } }
		/def new generation|DefNew|Tenured|tenured generation/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); s += v } }
		END { if (s) print s }')
	HEAP[$n]=${heap:-0}
	"$JCMD" "$RELAY_PID" VM.native_memory summary >"$LOG/nmt-$n.txt" 2>&1
	nmt=$(sed -n 's/^Total: reserved=[0-9]*KB, committed=\([0-9]*\)KB.*/\1/p' "$LOG/nmt-$n.txt")
	NMT[$n]=${nmt:-0}
	"$JCMD" "$RELAY_PID" GC.class_histogram 2>/dev/null | head -60 >"$LOG/histogram-$n.txt"
	"$JCMD" "$RELAY_PID" System.trim_native_heap >/dev/null 2>&1
	sleep 1
	TRIM[$n]=$(kib "$RELAY_PID")
}

mib() { bc <<<"scale=1; $1/1024"; }
per() { bc <<<"scale=1; ($1-$2)/$3"; }

echo "relay-memory: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, $(uname -r), steps $STEPS, settle ${SETTLE}s"
echo "relay flags: $(tr '\0' ' ' <"/proc/$RELAY_PID/cmdline" | sed 's/ -jar .*//')"
printf '%7s %7s %9s %9s %9s %9s | %11s %11s %11s %11s\n' agents online "RSS MiB" "trim MiB" "heap MiB" \
	"NMT MiB" "RSS KB/agt" "trim KB/agt" "heap KB/agt" "NMT KB/agt"
for n in "${steps[@]}"; do
	if [[ $n -gt 0 ]]; then
		echo "grow $n" >&"${SIM[1]}"
		read -r -t 1200 answer <&"${SIM[0]}" || die "the simulator did not answer 'grow $n' within 20 minutes"
		echo "simulator: $answer" >&2
		[[ $answer == ready* ]] || die "simulator: $answer (see $LOG/simulator.log)"
	fi
	seen=-1
	for _ in $(seq 60); do
		seen=$(online)
		[[ $seen -ge $n ]] && break
		sleep 2
	done
	sleep "$SETTLE"
	measure "$n"
	if [[ $n -eq 0 ]]; then
		printf '%7d %7d %9s %9s %9s %9s | %11s %11s %11s %11s\n' 0 "$seen" "$(mib "${RSS[0]}")" "$(mib "${TRIM[0]}")" \
			"$(mib "${HEAP[0]}")" "$(mib "${NMT[0]}")" - - - -
	else
		printf '%7d %7d %9s %9s %9s %9s | %11s %11s %11s %11s\n' "$n" "$seen" "$(mib "${RSS[$n]}")" \
			"$(mib "${TRIM[$n]}")" "$(mib "${HEAP[$n]}")" "$(mib "${NMT[$n]}")" "$(per "${RSS[$n]}" "${RSS[0]}" "$n")" \
			"$(per "${TRIM[$n]}" "${TRIM[0]}" "$n")" "$(per "${HEAP[$n]}" "${HEAP[0]}" "$n")" \
			"$(per "${NMT[$n]}" "${NMT[0]}" "$n")"
	fi
done
echo "status" >&"${SIM[1]}"
read -r -t 60 answer <&"${SIM[0]}" && echo "simulator at the end: $answer"
echo "relay threads: $(awk '/^Threads:/ {print $2}' "/proc/$RELAY_PID/status")"
echo "quit" >&"${SIM[1]}"

# ---- OpenSSH: a private sshd and SSH_N devices, each one `ssh -N -R` ----
if [[ $WITH_SSH == yes ]]; then
	start_sshd
	# the sshd tree: the listener and every per-connection process under it
	sshd_tree() { echo "$SSHD_PID" $(pgrep -P "$SSHD_PID") $(for c in $(pgrep -P "$SSHD_PID"); do pgrep -P "$c"; done); }
	sum_mem() { # prints "RSS_KiB PSS_KiB processes" for the sshd tree
		local r=0 p=0 n=0 pid
		for pid in $(sshd_tree); do
			[[ -r /proc/$pid/status ]] || continue
			r=$((r + $(kib "$pid"))) && p=$((p + $(pss "$pid"))) && n=$((n + 1))
		done
		echo "$r $p $n"
	}
	sleep 2
	read -r r0 p0 n0 <<<"$(sum_mem)"
	for i in $(seq "$SSH_N"); do
		alloc_port RP
		spawn "ssh-$i" ssh "${ssh_device_args[@]}" -R "127.0.0.1:$RP:127.0.0.1:22" "$(id -un)@127.0.0.1"
		wait_tcp "$RP" 60
	done
	sleep "$SETTLE"
	read -r r1 p1 n1 <<<"$(sum_mem)"
	echo "sshd: $n0 process(es) with no device: RSS $((r0 / 1024)) MiB, PSS $((p0 / 1024)) MiB; with $SSH_N ssh -R devices: $n1 processes, RSS $((r1 / 1024)) MiB, PSS $((p1 / 1024)) MiB"
	awk -v r0="$r0" -v r1="$r1" -v p0="$p0" -v p1="$p1" -v n="$SSH_N" 'BEGIN {
		printf "sshd per ssh -R device: RSS %.0f KB, PSS %.0f KB\n", (r1 - r0) / n, (p1 - p0) / n }'
fi
exit 0
