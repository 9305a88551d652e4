# gateway.sh - warren gateway (this repository) as a scenario of the shared harness (../shared/bench), beside
# squid-connect in the same topology with the same client:
#   rtt/setup: pingpong.py speaks CONNECT + Basic auth to the gateway itself;
#   iperf3:    through the same socat PROXY: shim squid-connect uses (iperf3 cannot speak CONNECT).
# The gateway checks an `htpasswd -B` (bcrypt) file and allows only CONNECT from 127.0.0.1 to the two target ports,
# as squid's ACLs do. The JVM gets an unmeasured warm-up first (it runs for months; docs/BENCHMARKS.md).
# Run from the repository:
#   BENCH_SCENARIOS=$PWD/bench/gateway.sh /work/shared/bench/run-peers.sh -L squid-connect warren-gateway

WARREN_REPO=${WARREN_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
WARREN=${WARREN:-$WARREN_REPO/warren}

scenario warren-gateway "CONNECT + basic auth (bcrypt) -> warren gateway; iperf3 via socat shim"

up_warren_gateway() {
	[ -x "$WARREN" ] || { echo "bench: no launcher at $WARREN" >&2; return 1; }
	need htpasswd apache2-utils && need socat socat || return 1
	"$WARREN" --version >"$LOG/$SCEN-build.log" 2>&1 || return 1 # builds the jar when sources changed
	alloc_port GW && alloc_port S1 && alloc_port S2 || return 1
	_d=$T/$SCEN
	mkdir -p "$_d"
	_pass=$(openssl rand -hex 16)
	htpasswd -B -b -c "$_d/htpasswd" bench "$_pass" 2>/dev/null || return 1
	spawn "$SCEN-gateway" "$WARREN" gateway --listen "127.0.0.1:$GW" --htpasswd "$_d/htpasswd" \
		--allow-src 127.0.0.1/32 --allow-dst "127.0.0.1:$TGT_IPERF" --allow-dst "127.0.0.1:$TGT_ECHO" \
		--io-threads "${WARREN_GATEWAY_THREADS:-1}"
	wait_tcp "$GW" || return 1
	# the policy really is on: no auth -> 407, wrong password -> 407, other port -> 403
	_ok="CONNECT 127.0.0.1:$TGT_ECHO HTTP/1.1\r\n"
	_bad="CONNECT 127.0.0.1:$GW HTTP/1.1\r\n"
	_auth="Proxy-Authorization: Basic $(printf 'bench:%s' "$_pass" | base64 -w0)\r\n"
	_wrong="Proxy-Authorization: Basic $(printf 'bench:x%s' "$_pass" | base64 -w0)\r\n"
	[ "$(proxy_status "$GW" "$_ok\r\n")" = 407 ] && [ "$(proxy_status "$GW" "$_ok$_wrong\r\n")" = 407 ] &&
		[ "$(proxy_status "$GW" "$_bad$_auth\r\n")" = 403 ] || { echo "gateway policy check failed" && return 1; }
	spawn "$SCEN-shim-iperf" socat "TCP-LISTEN:$S1,bind=127.0.0.1,fork,reuseaddr" \
		"PROXY:127.0.0.1:127.0.0.1:$TGT_IPERF,proxyport=$GW,proxyauth=bench:$_pass"
	wait_tcp "$S1" || return 1
	IPERF_ADDR=127.0.0.1:$S1
	ECHO_ADDR=127.0.0.1:$TGT_ECHO ECHO_PROXY=127.0.0.1:$GW ECHO_PROXY_AUTH=bench:$_pass
	warm_up
	if [ "${WARREN_BENCH_WARMUP:-long}" = long ]; then
		timeout 60 iperf3 -c 127.0.0.1 -p "$S1" -t 6 -P 2 >/dev/null 2>&1
		_rtt=$RTT_N _set=$SETUP_N
		RTT_N=20000 SETUP_N=4000
		pingpong rtt "$ECHO_ADDR"
		pingpong setup "$ECHO_ADDR"
		RTT_N=$_rtt SETUP_N=$_set
	fi
	NOTE="${NOTE:+$NOTE; }iperf3 columns via socat shim; rtt/setup CONNECT spoken by pingpong.py"
}
