# gateway.sh - warren gateway (this repository) as a scenario of the shared harness (../shared/bench), beside
# squid-connect in the same topology with the same client:
#   rtt/setup: pingpong.py speaks CONNECT + Basic auth to the gateway itself;
#   iperf3:    through the same socat PROXY: shim squid-connect uses (iperf3 cannot speak CONNECT).
# The gateway checks an `htpasswd -B` (bcrypt) file and allows only CONNECT from 127.0.0.1 to the two target ports,
# as squid's ACLs do. The JVM gets an unmeasured warm-up first (it runs for months; docs/BENCHMARKS.md): the harness's,
# then warm_up_long below.
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
	warm_up_long
	NOTE="${NOTE:+$NOTE; }iperf3 columns via socat shim; rtt/setup CONNECT spoken by pingpong.py"
}

# warm_up_long: after the harness's warm_up, the JVM's longer one (WARREN_BENCH_WARMUP=long|mix|short, default mix):
# the harness's traffic again, longer, then (mix) the measured phases' traffic once more, in their order, ending with
# setups as the measurement does. socat's CONNECT (its head in several writes), four tunnels at once and long tunnels
# take paths that setups do not; the first time they do, the JIT throws away the compiled code of the setup path and
# profiles it again, which the measured setups then paid for (docs/BENCHMARKS.md). Any scenario may call it after
# setting IPERF_ADDR and ECHO_ADDR (lab runs gave squid the same, to show that squid does not need it).
warm_up_long() {
	_warm=${WARREN_BENCH_WARMUP:-mix}
	[ "$_warm" = long ] || [ "$_warm" = mix ] || return 0
	_ip=${IPERF_ADDR%:*} _ipp=${IPERF_ADDR##*:}
	timeout 60 iperf3 -c "$_ip" -p "$_ipp" -t 6 -P 2 >/dev/null 2>&1
	_rtt=$RTT_N _set=$SETUP_N
	RTT_N=20000 SETUP_N=4000
	pingpong rtt "$ECHO_ADDR"
	pingpong setup "$ECHO_ADDR"
	if [ "$_warm" = mix ]; then
		timeout 30 iperf3 -c "$_ip" -p "$_ipp" -t 2 -P 1 >/dev/null 2>&1
		timeout 30 iperf3 -c "$_ip" -p "$_ipp" -t 2 -P 4 >/dev/null 2>&1
		RTT_N=5000
		pingpong rtt "$ECHO_ADDR"
		pingpong setup "$ECHO_ADDR"
	fi
	RTT_N=$_rtt SETUP_N=$_set
	NOTE="${NOTE:+$NOTE; }JVM warm-up: $_warm"
}
