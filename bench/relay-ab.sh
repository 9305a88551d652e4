#!/usr/bin/env bash
# relay-ab.sh - the relay's CPU per GB forwarded for two or more builds or flag sets, side by side in one run, rounds
# interleaved (A B, B A, A B, ...), so that the machine's load falls on every variant alike:
#   iperf3 -> warren connect --listen -> warren relay -> warren agent run -> iperf3 -s      (one path per variant)
# Every variant's path is started first and warmed up (WARM each way); then each round sends BYTES each way through
# each variant in turn and takes the CPU (user + system, /proc/PID/stat) of its relay, agent and `warren connect`
# over that transfer. Ends with 1-byte rtt p50 per variant (pingpong.py, -k round trips each, interleaved in halves).
#
# With PROFILER=path/to/libasyncProfiler.so, async-profiler samples every relay over the measured rounds (collapsed
# stacks in $OUT_DIR/relay-ab-NAME.collapsed, OUT_DIR: the current directory).
# With SYSCALLS=1, perf counts the relay's system calls over each measured transfer (per GB: writev, recvfrom,
# epoll_wait, all).
# Usage: bench/relay-ab.sh [-n BYTES (1G)] [-w WARM (2G)] [-r ROUNDS (4)] [-k RTT_ROUNDS (10000)] VARIANT...
#   VARIANT is NAME=RELAY_OPTS or NAME=RELAY_OPTS@JAR: JVM flags for that variant's relay (may be empty) and, after
#   @, the warren.jar its three processes run (default: the checkout's build). Example:
#     bench/relay-ab.sh base=@/tmp/main.jar new= parallel=-XX:+UseParallelGC
#   RELAY_ENV_NAME='VAR=VALUE ...' sets environment variables for variant NAME's relay alone.
# Run it under `flock -o /tmp/warren-bench.lock` on a shared machine. Only 127.0.0.1; files under a mktemp directory.
set -uo pipefail

BYTES=1G
WARM=2G
ROUNDS=4
RTT=10000
while getopts "n:w:r:k:" opt; do
	case $opt in
	n) BYTES=$OPTARG ;;
	w) WARM=$OPTARG ;;
	r) ROUNDS=$OPTARG ;;
	k) RTT=$OPTARG ;;
	*) sed -n '2,18p' "$0" >&2 && exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[[ $# -ge 2 ]] || { sed -n '2,18p' "$0" >&2; exit 2; }

BENCH_NAME=relay-ab
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
need_pingpong
command -v iperf3 >/dev/null || die "iperf3 is needed (apt-get install iperf3)"

alloc_port TGT
spawn target iperf3 -s -p "$TGT" -B 127.0.0.1
alloc_port ECHO
spawn echo python3 "$PINGPONG" server --tcp "127.0.0.1:$ECHO"
wait_tcp "$TGT" && wait_tcp "$ECHO"

declare -a NAMES RPID APID CPID PORT EPORT
i=0
for spec in "$@"; do
	name=${spec%%=*}
	rest=${spec#*=}
	jar=
	if [[ $rest == *@* ]]; then
		jar=${rest##*@}
		rest=${rest%@*}
	fi
	[[ -n $name && $name != "$spec" ]] || die "variant '$spec' (expected: NAME=RELAY_OPTS[@JAR])"
	WARREN_JAR=$jar
	[[ -z $jar ]] && unset WARREN_JAR
	T0=$T
	T=$T0/$name
	mkdir -p "$T"
	snapshot_warren
	T=$T0
	# RELAY_ENV_<name>: VAR=VALUE words for this variant's relay alone (e.g. GLIBC_TUNABLES=glibc.malloc.hugetlb=1)
	envname=RELAY_ENV_$name
	extra=()
	[[ $name =~ ^[A-Za-z0-9_]+$ && -n ${!envname:-} ]] && read -ra extra <<<"${!envname}"
	for kv in "${extra[@]}"; do export "${kv?}"; done
	start_relay "$T/$name/relay" "$rest"
	for kv in "${extra[@]}"; do unset "${kv%%=*}"; done
	mv "$LOG/relay.log" "$LOG/relay-$name.log"
	enroll_agent "ab-$name" "$T/$name/agent"
	spawn "agent-$name" env WARREN_JAVA_OPTS= "$WARREN" agent run --data "$T/$name/agent" \
		--service "iperf=127.0.0.1:$TGT" --service "echo=127.0.0.1:$ECHO"
	APID[i]=$LAST_PID
	wait_log "$LOG/agent-$name.log" 'connected to relay' 60
	alloc_port P
	spawn_connect "connect-$name" "ab-$name" iperf "$P" ""
	CPID[i]=$LAST_PID
	alloc_port E
	spawn_connect "connect-echo-$name" "ab-$name" echo "$E" ""
	NAMES[i]=$name RPID[i]=$RELAY_PID PORT[i]=$P EPORT[i]=$E
	echo "variant $name: relay opts '${rest}'${extra[*]:+, relay env ${extra[*]}}, jar $(sha1sum "$T/$name/dist/warren-cli/target/warren.jar" | cut -c1-12)"
	i=$((i + 1))
done
N=$i

echo "relay-ab: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $N variants"
for ((v = 0; v < N; v++)); do
	iperf_gbps "${PORT[v]}" up "$WARM" "$LOG/warm-up-$v.json" >/dev/null || exit 1
	iperf_gbps "${PORT[v]}" down "$WARM" "$LOG/warm-down-$v.json" >/dev/null || exit 1
done
echo "warm-up: $WARM each way per variant (not measured)"

OUT_DIR=${OUT_DIR:-$PWD}
# profile start|stop: async-profiler in every relay (jcmd splits unquoted key=value options: they go in quotes)
profile() {
	[[ -n ${PROFILER:-} ]] || return 0
	local v what
	for ((v = 0; v < N; v++)); do
		what="start,event=cpu,interval=${PROFILE_INTERVAL:-1ms},threads"
		[[ $1 == stop ]] && what="stop,file=$OUT_DIR/relay-ab-${NAMES[v]}.collapsed,collapsed"
		"$JAVA_HOME/bin/jcmd" "${RPID[v]}" JVMTI.agent_load "$PROFILER" "\"$what\"" >>"$LOG/profiler.log" 2>&1 ||
			die "profiler $1 failed (see $LOG/profiler.log)"
	done
}
# utime and stime ticks of PID
ticks_us() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12, $13}'; }

HZ=$(getconf CLK_TCK)
GB=$(numfmt --from=iec "$BYTES" | awk '{ printf "%.4f", 2 * $1 / 1e9 }')
# busy ticks of the whole machine (user+nice+system+irq+softirq+steal)
busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
declare -a SUM_R SUM_A SUM_C SUM_RU
profile start
for ((r = 1; r <= ROUNDS; r++)); do
	for ((k = 0; k < N; k++)); do
		# odd rounds A B C..., even rounds ... C B A
		v=$k
		((r % 2 == 0)) && v=$((N - 1 - k))
		read -r ru0 rs0 < <(ticks_us "${RPID[v]}")
		r0=$((ru0 + rs0)) a0=$(cpu_ticks "${APID[v]}") c0=$(cpu_ticks "${CPID[v]}") b0=$(busy)
		if [[ -n ${SYSCALLS:-} ]]; then
			perf stat -x, -o "$LOG/perf-$r-$v.csv" -e raw_syscalls:sys_enter,syscalls:sys_enter_writev \
				-e syscalls:sys_enter_recvfrom,syscalls:sys_enter_epoll_wait,context-switches -p "${RPID[v]}" &
			PERF_PID=$!
			sleep 0.2
		fi
		up=$(iperf_gbps "${PORT[v]}" up "$BYTES" "$LOG/up-$r-$v.json") || exit 1
		down=$(iperf_gbps "${PORT[v]}" down "$BYTES" "$LOG/down-$r-$v.json") || exit 1
		if [[ -n ${SYSCALLS:-} ]]; then
			kill -INT "$PERF_PID" && wait "$PERF_PID" 2>/dev/null
			awk -F, -v gb="$GB" '{ n[$3] = $1 } END { printf "  syscalls per GB: all %.0f, writev %.0f, recvfrom %.0f, epoll_wait %.0f, context switches %.0f\n",
				n["raw_syscalls:sys_enter"] / gb, n["syscalls:sys_enter_writev"] / gb, n["syscalls:sys_enter_recvfrom"] / gb,
				n["syscalls:sys_enter_epoll_wait"] / gb, n["context-switches"] / gb }' "$LOG/perf-$r-$v.csv"
		fi
		read -r ru1 rs1 < <(ticks_us "${RPID[v]}")
		r1=$((ru1 + rs1)) a1=$(cpu_ticks "${APID[v]}") c1=$(cpu_ticks "${CPID[v]}") b1=$(busy)
		dr=$((r1 - r0)) da=$((a1 - a0)) dc=$((c1 - c0))
		SUM_RU[v]=$((${SUM_RU[v]:-0} + ru1 - ru0)) SUM_R[v]=$((${SUM_R[v]:-0} + dr)) SUM_A[v]=$((${SUM_A[v]:-0} + da)) SUM_C[v]=$((${SUM_C[v]:-0} + dc))
		# other: the machine's busy ticks less this variant's three JVMs (iperf3 and the kernel's own work remain in it)
		awk -v n="${NAMES[v]}" -v r="$r" -v dr="$dr" -v da="$da" -v dc="$dc" -v db=$((b1 - b0)) -v du=$((ru1 - ru0)) -v hz="$HZ" -v gb="$GB" \
			-v up="$up" -v down="$down" 'BEGIN {
			printf "round %d %-12s up %5.2f down %5.2f Gbit/s  s/GB: relay %.3f (user %.3f) agent %.3f connect %.3f  (machine busy less JVMs %.2f s)\n",
				r, n, up, down, dr / hz / gb, du / hz / gb, da / hz / gb, dc / hz / gb, (db - dr - da - dc) / hz }'
	done
done
profile stop
for ((v = 0; v < N; v++)); do
	awk -v n="${NAMES[v]}" -v du="${SUM_RU[v]}" -v dr="${SUM_R[v]}" -v da="${SUM_A[v]}" -v dc="${SUM_C[v]}" -v hz="$HZ" -v gb="$GB" -v rs="$ROUNDS" 'BEGIN {
		printf "total %-12s s/GB over %d rounds: relay %.3f (user %.3f) agent %.3f connect %.3f\n", n, rs,
			dr / hz / gb / rs, du / hz / gb / rs, da / hz / gb / rs, dc / hz / gb / rs }'
done
if [[ $RTT -gt 0 ]]; then
	half=$((RTT / 2))
	for pass in 1 2; do
		for ((k = 0; k < N; k++)); do
			v=$k
			((pass == 2)) && v=$((N - 1 - k))
			echo "rtt pass $pass ${NAMES[v]}: $(timeout 300 python3 "$PINGPONG" rtt --target "127.0.0.1:${EPORT[v]}" -n "$half")"
		done
	done
fi
grep -iE ' (warn|error)|exception' "$LOG"/relay-*.log "$LOG"/agent-*.log "$LOG"/connect-*.log | head -5 >&2
exit 0
