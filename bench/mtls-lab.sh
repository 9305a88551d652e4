#!/usr/bin/env bash
# mtls-lab.sh - where a Unix socket costs or saves time in an mTLS double proxy: each proxy pair runs four tunnels,
# every combination of listener (TCP or Unix socket, forward side) and target (TCP or Unix socket, reverse side),
# all up at once, and rounds of setup and rtt measurements go through them interleaved (proxy by proxy, combination
# by combination), so that a change of load on the shared machine hits every row alike. Uses the shared harness's
# helpers, certificates and echo server (../shared/bench).
#
# usage: bench/mtls-lab.sh [-r ROUNDS] [-c SETUP_N] [-n RTT_N] [-w WARM_SETUPS] [-L] [PROXY...]
#   PROXY  haproxy, or NAME=LAUNCHER for a warren launcher (e.g. new=./warren old=/tmp/main/warren); default:
#          haproxy warren=<this repository's launcher>
#   -r rounds (5)   -c fresh connections per measurement (500)   -n round trips per measurement (5000)
#   -w unmeasured setups per tunnel before the first round (3000, as bench/mtls.sh's long warm-up)
#   -L hold /dev/cpu_dma_latency=0 (no deep idle), as run-peers.sh -L
#   -H after the warm-up, print each tunnel's entry and each process's PID and wait until interrupted (to measure or
#      profile by hand) instead of measuring
# env: BENCH_DIR (../shared/bench), WARREN_JAVA_OPTS (passed on), LAB_COMBOS (default "tt tu ut uu": listener then
#      target, t = TCP, u = Unix socket), BENCH_KEEP=1 keeps the temp dir.
# Prints one line per measurement and a summary (median of the rounds' p50s) per proxy and combination; a row with
# 'other' above ~25 %CPU was disturbed by processes this script did not start.
set -u
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-$REPO/../shared/bench}
[ -f "$BENCH_DIR/lib.sh" ] || BENCH_DIR=/work/shared/bench
. "$BENCH_DIR/lib.sh"

ROUNDS=5 SETUP_N=500 RTT_N=5000 WARM=3000 LOWLAT= HOLD=
while getopts r:c:n:w:LHh opt; do
	case $opt in
	r) ROUNDS=$OPTARG ;;
	c) SETUP_N=$OPTARG ;;
	n) RTT_N=$OPTARG ;;
	w) WARM=$OPTARG ;;
	L) LOWLAT=1 ;;
	H) HOLD=1 ;;
	*) sed -n '2,21p' "$0" >&2 && exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- haproxy "warren=$REPO/warren"
COMBOS=${LAB_COMBOS:-tt tu ut uu}

# lib.sh's cpu_sample counts the processes a run has stopped and reaped; here the proxies stay up between
# measurements, so their CPU (and the echo server's) is counted while they run
cpu_sample() {
	set -- $(head -n 1 /proc/stat)
	CPU_BUSY=$(($2 + $3 + $4 + $9))
	CPU_OURS=$(cat /proc/[0-9]*/stat 2>/dev/null | awk '{ sub(/^.*\) /, "") } $2 == 2 { s += $12 + $13 } END { print s + 0 }')
	for _p in $$ $ALL_PIDS; do
		set -- $(sed 's/.*) //' "/proc/$_p/stat" 2>/dev/null) 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
		CPU_OURS=$((CPU_OURS + ${12} + ${13}))
		[ "$_p" = $$ ] && CPU_OURS=$((CPU_OURS + ${14} + ${15}))
	done
	CPU_WALL=$(($(date +%s%N) / 10000000))
}

PY=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}
umask 077
T=$(mktemp -d /tmp/mtls-lab.XXXXXX) || exit 1
LOG=$T/log
mkdir -p "$LOG"
ALL_PIDS= SCEN_PIDS=
NEXT_PORT=${BENCH_PORT_BASE:-26000}
trap 'stop_pids $ALL_PIDS; [ -n "${BENCH_KEEP:-}" ] && echo "lab: kept $T" >&2 || rm -rf "$T"' EXIT
trap 'exit 130' INT TERM

alloc_port TGT_ECHO || exit 1
TGT_SOCK=$T/echo.sock
spawn echo-server "$PY" "$BENCH_DIR/pingpong.py" server --tcp "127.0.0.1:$TGT_ECHO" --unix "$TGT_SOCK"
ECHO_PID=$LAST_PID
IPERF_PID=
wait_tcp "$TGT_ECHO" && wait_unix "$TGT_SOCK" && pki || exit 1
if [ -n "$LOWLAT" ]; then
	spawn lowlat "$PY" -c 'import os,struct,time
fd = os.open("/dev/cpu_dma_latency", os.O_WRONLY); os.write(fd, struct.pack("i", 0)); time.sleep(86400)'
fi
k=$T/pki

# target_of t|u, listen_of NAME t|u: the addresses in each proxy's own syntax (haproxy: a bare path)
target_of() { if [ "$1" = u ]; then echo "unix:$TGT_SOCK"; else echo "127.0.0.1:$TGT_ECHO"; fi; }

# up_haproxy NAME / up_warren NAME LAUNCHER: a reverse process with one tunnel per target kind, a forward process with
# one tunnel per combination; sets ENTRY_<name>_<combo>
up_haproxy() {
	local name=$1 d=$T/$1 c
	mkdir -p "$d"
	alloc_port RT && alloc_port RU || return 1
	local common="global
	maxconn 4096
defaults
	mode tcp
	timeout connect 5s
	timeout client 1m
	timeout server 1m"
	local srv="ssl crt $k/server.pem ca-file $k/ca.crt verify required"
	local cli="ssl crt $k/client.pem ca-file $k/ca.crt verify required verifyhost rev.bench"
	cat >"$d/rev.cfg" <<CFG
$common
frontend tls_t
	bind 127.0.0.1:$RT $srv
	default_backend t
frontend tls_u
	bind 127.0.0.1:$RU $srv
	default_backend u
backend t
	server t 127.0.0.1:$TGT_ECHO
backend u
	server t $TGT_SOCK
CFG
	{
		echo "$common"
		for c in $COMBOS; do
			local r=$RT
			[ "${c:1:1}" = u ] && r=$RU
			if [ "${c:0:1}" = u ]; then
				echo "frontend in_$c"
				printf '\tbind %s\n' "$d/$c.sock"
				eval "ENTRY_${name}_$c=unix:$d/$c.sock"
			else
				alloc_port LP || return 1
				echo "frontend in_$c"
				printf '\tbind 127.0.0.1:%s\n' "$LP"
				eval "ENTRY_${name}_$c=127.0.0.1:$LP"
			fi
			printf '\tdefault_backend out_%s\nbackend out_%s\n\tserver rev 127.0.0.1:%s %s\n' "$c" "$c" "$r" "$cli"
		done
	} >"$d/fwd.cfg"
	haproxy -c -q -f "$d/rev.cfg" && haproxy -c -q -f "$d/fwd.cfg" || return 1
	spawn "$name-rev" haproxy -db -f "$d/rev.cfg"
	eval "PIDS_$name=\$LAST_PID"
	spawn "$name-fwd" haproxy -db -f "$d/fwd.cfg"
	eval "PIDS_$name=\"\$PIDS_$name \$LAST_PID\""
	wait_tcp "$RT" && wait_tcp "$RU"
}

up_warren() {
	local name=$1 launcher=$2 d=$T/$1 c
	mkdir -p "$d"
	alloc_port RT && alloc_port RU || return 1
	"$launcher" --version >"$LOG/$name-build.log" 2>&1 || return 1
	{
		echo "io-threads: 2"
		echo "tunnels:"
		for c in t u; do
			local l=$RT
			[ $c = u ] && l=$RU
			printf '  - name: to-%s\n    mode: reverse\n    listen: 127.0.0.1:%s\n    connect: %s\n' "$c" "$l" "$(target_of $c)"
			printf '    cert: %s\n    key: %s\n    ca: %s\n    allow-names: [fwd.bench]\n' "$k/server.crt" "$k/server.key" "$k/ca.crt"
		done
	} >"$d/rev.yaml"
	{
		echo "io-threads: 2"
		echo "tunnels:"
		for c in $COMBOS; do
			local r=$RT listen
			[ "${c:1:1}" = u ] && r=$RU
			if [ "${c:0:1}" = u ]; then
				listen=unix:$d/$c.sock
			else
				alloc_port LP || return 1
				listen=127.0.0.1:$LP
			fi
			eval "ENTRY_${name}_$c=$listen"
			printf '  - name: %s\n    mode: forward\n    listen: %s\n    connect: 127.0.0.1:%s\n' "$c" "$listen" "$r"
			printf '    server-name: rev.bench\n    cert: %s\n    key: %s\n    ca: %s\n' "$k/client.crt" "$k/client.key" "$k/ca.crt"
		done
	} >"$d/fwd.yaml"
	spawn "$name-rev" "$launcher" mtls run --config "$d/rev.yaml"
	eval "PIDS_$name=\$LAST_PID"
	spawn "$name-fwd" "$launcher" mtls run --config "$d/fwd.yaml"
	eval "PIDS_$name=\"\$PIDS_$name \$LAST_PID\""
	wait_tcp "$RT" && wait_tcp "$RU"
}

NAMES=
for p in "$@"; do
	case $p in
	haproxy) up_haproxy haproxy || { tail "$LOG"/haproxy-*.log >&2; exit 1; }; NAMES="$NAMES haproxy" ;;
	*=*) up_warren "${p%%=*}" "${p#*=}" || { tail "$LOG/${p%%=*}"-*.log >&2; exit 1; }; NAMES="$NAMES ${p%%=*}" ;;
	*) echo "lab: proxy '$p' (expected: haproxy or NAME=LAUNCHER)" >&2 && exit 2 ;;
	esac
done
entry() { eval "echo \$ENTRY_$1_$2"; }
for n in $NAMES; do
	for c in $COMBOS; do
		e=$(entry "$n" "$c")
		case $e in unix:*) wait_unix "${e#unix:}" ;; esac
		wait_echo "$e" || exit 1
	done
done
echo "lab: $(date -u +%T) up: $NAMES; warming up ($WARM setups, 20000 round trips per tunnel)" >&2
for n in $NAMES; do
	for c in $COMBOS; do
		timeout 300 "$PY" "$BENCH_DIR/pingpong.py" rtt --target "$(entry "$n" "$c")" -n 20000 >/dev/null
		timeout 300 "$PY" "$BENCH_DIR/pingpong.py" setup --target "$(entry "$n" "$c")" -n "$WARM" >/dev/null
	done
done
if [ -n "$HOLD" ]; then
	for n in $NAMES; do
		echo "$n: rev/fwd PIDs $(eval "echo \$PIDS_$n")"
		for c in $COMBOS; do echo "  $c $(entry "$n" "$c")"; done
	done
	echo "lab: holding (interrupt to stop)" >&2
	while :; do sleep 3600 & wait $!; done # wait: a TERM then runs the exit trap at once
fi

OUT=$T/lab.tsv
printf 'round\tproxy\tcombo\trtt_p50_us\trtt_p99_us\tsetup_p50_ms\tsetup_p99_ms\tfwd_cpu_us\trev_cpu_us\tfwd_csw\trev_csw\tother_cpu\n' | tee "$OUT"
pp() { timeout 300 "$PY" "$BENCH_DIR/pingpong.py" "$@" | tr ' ' '\n' | sed -n 's/^p\(50\|99\)=//p' | paste -sd' '; }
# on_cpu PID: nanoseconds on a CPU and voluntary context switches so far, summed over the process's threads
on_cpu() {
	echo "$(cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%d", s }')" \
		"$(cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ { s += $2 } END { printf "%d", s }')"
}
r=1
while [ $r -le "$ROUNDS" ]; do
	for c in $COMBOS; do
		for n in $NAMES; do
			cpu_sample
			read -r r50 r99 <<<"$(pp rtt --target "$(entry "$n" "$c")" -n "$RTT_N")"
			read -r rev fwd <<<"$(eval "echo \$PIDS_$n")"
			read -r f0 fs0 <<<"$(on_cpu "$fwd")"
			read -r r0 rs0 <<<"$(on_cpu "$rev")"
			read -r s50 s99 <<<"$(pp setup --target "$(entry "$n" "$c")" -n "$SETUP_N")"
			read -r f1 fs1 <<<"$(on_cpu "$fwd")"
			read -r r1 rs1 <<<"$(on_cpu "$rev")"
			# per setup: CPU (us) and voluntary context switches of each side, over the setup phase
			printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%.1f\t%.1f\t%s\n' "$r" "$n" "$c" "$r50" "$r99" "$s50" "$s99" \
				$(((f1 - f0) / 1000 / (SETUP_N + 5))) $(((r1 - r0) / 1000 / (SETUP_N + 5))) \
				"$(echo "($fs1 - $fs0) / ($SETUP_N + 5)" | bc -l)" "$(echo "($rs1 - $rs0) / ($SETUP_N + 5)" | bc -l)" \
				"$(other_cpu)" | tee -a "$OUT"
		done
	done
	r=$((r + 1))
done
echo
echo "lab: $(date -u +%FT%TZ) $ROUNDS rounds; rtt n=$RTT_N, setup n=$SETUP_N; median over rounds of each p50 (p99: median of p99s)"
"$PY" - "$OUT" $NAMES <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
names = sys.argv[2:]
med = lambda xs: statistics.median(xs) if xs else float("nan")
def col(p, c, k):
    return [float(r[k]) for r in rows if r["proxy"] == p and r["combo"] == c and r[k] not in ("", None)]
combos = sorted({r["combo"] for r in rows}, key=lambda c: list("tu").index(c[0]) * 2 + list("tu").index(c[1]))
print("| proxy | listener>target | rtt p50 us | rtt p99 us | setup p50 ms | setup p99 ms | CPU us/setup fwd / rev | vol. switches/setup fwd / rev | other %CPU (max) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for p in names:
    for c in combos:
        o = col(p, c, "other_cpu")
        print("| %s | %s | %.1f | %.1f | %.3f | %.3f | %d / %d | %.1f / %.1f | %d |" % (p, {"t": "tcp", "u": "unix"}[c[0]] + ">" + {"t": "tcp", "u": "unix"}[c[1]],
              med(col(p, c, "rtt_p50_us")), med(col(p, c, "rtt_p99_us")), med(col(p, c, "setup_p50_ms")),
              med(col(p, c, "setup_p99_ms")), med(col(p, c, "fwd_cpu_us")), med(col(p, c, "rev_cpu_us")),
              med(col(p, c, "fwd_csw")), med(col(p, c, "rev_csw")), max(o) if o else -1))
if len(names) > 1:
    base = names[0]
    print("\nratios against %s, per round then median (setup p50 / rtt p50):" % base)
    for p in names[1:]:
        for c in combos:
            rs = [r for r in rows if r["proxy"] == p and r["combo"] == c]
            s, t = [], []
            for r in rs:
                b = [x for x in rows if x["proxy"] == base and x["combo"] == c and x["round"] == r["round"]]
                if b:
                    s.append(float(r["setup_p50_ms"]) / float(b[0]["setup_p50_ms"]))
                    t.append(float(r["rtt_p50_us"]) / float(b[0]["rtt_p50_us"]))
            print("  %s %s: setup %.2fx  rtt %.2fx  (rounds: setup %s)" % (p, c, med(s), med(t), " ".join("%.2f" % x for x in s)))
PY
