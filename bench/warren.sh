# warren.sh - Warren (this repository) as a scenario of the shared harness (../shared/bench):
#   client -> warren connect --listen -> relay -> agent -> target
# Every hop is TLS 1.3; the operator and the agent each keep one multiplexed session to the relay,
# so a new connection costs one OPEN round trip, not a handshake.
# WARREN_BENCH_WARMUP=short keeps only the harness's own warm-up.
# Run from the repository:  BENCH_SCENARIOS=$PWD/bench/warren.sh ../shared/bench/run-peers.sh -L direct 'ssh-rev-*' haproxy-mtls warren-connect

WARREN_REPO=${WARREN_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
WARREN=${WARREN:-$WARREN_REPO/warren}

scenario warren-connect "client -> warren connect -> relay -> agent -> target (TLS both hops, multiplexed)"
scenario warren-connect-wss "the same with --transport wss: Warren frames in WebSocket messages on both hops"

up_warren_connect() { _up_warren_connect tls; }
up_warren_connect_wss() { _up_warren_connect wss; }

# $1: the transport of the agent's and the operators' sessions (tls or wss)
_up_warren_connect() {
	_transport=$1
	[ -x "$WARREN" ] || { echo "bench: no launcher at $WARREN" >&2; return 1; }
	"$WARREN" --version >"$LOG/$SCEN-build.log" 2>&1 || return 1 # builds the jar when sources changed
	alloc_port RELAY && alloc_port P1 && alloc_port P2 || return 1
	_d=$T/$SCEN
	mkdir -p "$_d"
	spawn "$SCEN-relay" "$WARREN" relay --data "$_d/relay" --listen "127.0.0.1:$RELAY"
	wait_tcp "$RELAY" || return 1
	_admin=$(cat "$_d/relay/admin.token") || return 1
	_enroll=$(WARREN_TOKEN=$_admin "$WARREN" admin enroll-token create --relay "127.0.0.1:$RELAY" \
		--ca "$_d/relay/ca.crt" 2>>"$LOG/$SCEN-admin.log" | tail -n 1)
	[ -n "$_enroll" ] || return 1
	"$WARREN" agent enroll --relay "127.0.0.1:$RELAY" --token "$_enroll" --name bench \
		--data "$_d/agent" >>"$LOG/$SCEN-enroll.log" 2>&1 || return 1
	spawn "$SCEN-agent" "$WARREN" agent run --data "$_d/agent" --transport "$_transport" \
		--service "iperf=127.0.0.1:$TGT_IPERF" --service "echo=127.0.0.1:$TGT_ECHO"
	spawn "$SCEN-conn1" env WARREN_TOKEN="$_admin" WARREN_CA="$_d/relay/ca.crt" WARREN_RELAY="127.0.0.1:$RELAY" \
		"$WARREN" connect --transport "$_transport" bench iperf --listen "127.0.0.1:$P1"
	spawn "$SCEN-conn2" env WARREN_TOKEN="$_admin" WARREN_CA="$_d/relay/ca.crt" WARREN_RELAY="127.0.0.1:$RELAY" \
		"$WARREN" connect --transport "$_transport" bench echo --listen "127.0.0.1:$P2"
	wait_tcp "$P1" && wait_tcp "$P2" || return 1
	IPERF_ADDR=127.0.0.1:$P1
	ECHO_ADDR=127.0.0.1:$P2
	wait_echo "$ECHO_ADDR" || return 1 # the agent may still be dialling
	warm_up
	# the harness's warm-up suits programs that start compiled; three JVMs that run for months get more, unmeasured,
	# so that their JIT compilers are done before the measured rows (docs/BENCHMARKS.md shows both)
	if [ "${WARREN_BENCH_WARMUP:-long}" = long ]; then
		timeout 60 iperf3 -c 127.0.0.1 -p "$P1" -t 6 -P 2 >/dev/null 2>&1
		_rtt=$RTT_N _set=$SETUP_N
		RTT_N=20000 SETUP_N=4000
		pingpong rtt "$ECHO_ADDR"
		pingpong setup "$ECHO_ADDR"
		RTT_N=$_rtt SETUP_N=$_set
	fi
}
