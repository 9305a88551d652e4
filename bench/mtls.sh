# mtls.sh - warren mtls (this repository) as scenarios of the shared harness (../shared/bench), the same topology as
# haproxy-mtls and stunnel-mtls:
#   client -> warren mtls forward (plain in) -> TLS 1.3 + client certificate -> warren mtls reverse (allowed names,
#   same CA) -> target.  Two JVMs, each running both tunnels (iperf, echo) from one YAML file (warren mtls run).
# warren-mtls:      TCP 127.0.0.1 at both ends (iperf3 needs TCP).
# warren-mtls-unix: Unix socket in and out, the BlueChi shape (echo only).
# The certificates are the harness's own (openssl, $T/pki), as for haproxy and stunnel.
# WARREN_BENCH_WARMUP=short keeps only the harness's own warm-up; WARREN_JAVA_OPTS adds JVM flags (e.g. a profiler);
# WARREN_MTLS_GROUPS=X25519 sets tls-groups on both sides (default: BoringSSL's, the hybrid X25519MLKEM768 first).
# WARREN_MTLS_WARM_BULK=all gives the -unix rows the TCP rows' unmeasured bulk warm-up too (iperf3 through the iperf
# tunnel, which their JVMs have), so that Warren's two rows differ only in their sockets (default: TCP rows only).
# Run from the repository:
#   BENCH_SCENARIOS=$PWD/bench/mtls.sh ../shared/bench/run-peers.sh -L haproxy-mtls stunnel-mtls warren-mtls warren-mtls-unix

WARREN_REPO=${WARREN_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
WARREN=${WARREN:-$WARREN_REPO/warren}

scenario warren-mtls "warren mtls forward -> mTLS (allow-name) -> warren mtls reverse, TCP ends"
scenario warren-mtls-unix "same, Unix socket at both ends like BlueChi (no iperf3)"
scenario warren-mtls-x25519 "warren-mtls with tls-groups X25519 (the group haproxy and stunnel use here)"
scenario warren-mtls-unix-x25519 "warren-mtls-unix with tls-groups X25519"
up_warren_mtls() { warren_mtls_pair tcp; }
up_warren_mtls_unix() { warren_mtls_pair unix; }
up_warren_mtls_x25519() { WARREN_MTLS_GROUPS=X25519 warren_mtls_pair tcp; }
up_warren_mtls_unix_x25519() { WARREN_MTLS_GROUPS=X25519 warren_mtls_pair unix; }

# warren_mtls_pair tcp|unix
warren_mtls_pair() {
	[ -x "$WARREN" ] || { echo "bench: no launcher at $WARREN" >&2; return 1; }
	"$WARREN" --version >"$LOG/$SCEN-build.log" 2>&1 || return 1 # builds the jar when sources changed
	pki || return 1
	alloc_port F1 && alloc_port F2 && alloc_port R1 && alloc_port R2 || return 1
	d=$T/$SCEN
	mkdir -p "$d"
	in_echo=127.0.0.1:$F2 out_echo=127.0.0.1:$TGT_ECHO
	[ "$1" = unix ] && in_echo=unix:$d/fwd.sock out_echo=unix:$TGT_SOCK
	[ -n "${WARREN_MTLS_GROUPS:-}" ] && NOTE="tls-groups $WARREN_MTLS_GROUPS"
	k=$T/pki
	g=
	[ -n "${WARREN_MTLS_GROUPS:-}" ] && g="    tls-groups: [${WARREN_MTLS_GROUPS//:/, }]"
	cat >"$d/rev.yaml" <<CFG
io-threads: 2
tunnels:
  - name: iperf
    mode: reverse
    listen: 127.0.0.1:$R1
    connect: 127.0.0.1:$TGT_IPERF
    cert: $k/server.crt
    key: $k/server.key
    ca: $k/ca.crt
    allow-names: [fwd.bench]
$g
  - name: echo
    mode: reverse
    listen: 127.0.0.1:$R2
    connect: $out_echo
    cert: $k/server.crt
    key: $k/server.key
    ca: $k/ca.crt
    allow-names: [fwd.bench]
$g
CFG
	cat >"$d/fwd.yaml" <<CFG
io-threads: 2
tunnels:
  - name: iperf
    mode: forward
    listen: 127.0.0.1:$F1
    connect: 127.0.0.1:$R1
    server-name: rev.bench
    cert: $k/client.crt
    key: $k/client.key
    ca: $k/ca.crt
$g
  - name: echo
    mode: forward
    listen: $in_echo
    connect: 127.0.0.1:$R2
    server-name: rev.bench
    cert: $k/client.crt
    key: $k/client.key
    ca: $k/ca.crt
$g
CFG
	spawn "$SCEN-rev" "$WARREN" mtls run --config "$d/rev.yaml"
	spawn "$SCEN-fwd" "$WARREN" mtls run --config "$d/fwd.yaml"
	wait_tcp "$R2" && wait_tcp "$F1" && mtls_check "127.0.0.1:$R2" || return 1
	if [ "$1" = unix ]; then
		wait_unix "$d/fwd.sock" && ECHO_ADDR=unix:$d/fwd.sock
	else
		wait_tcp "$F2" && ECHO_ADDR=$in_echo && IPERF_ADDR=127.0.0.1:$F1
	fi
	wait_echo "$ECHO_ADDR" || return 1
	warm_up
	# two JVMs that run for months: unmeasured load first, so that the JIT is done before the measured rows
	if [ "${WARREN_BENCH_WARMUP:-long}" = long ]; then
		# bulk through the iperf tunnel: TCP rows; WARREN_MTLS_WARM_BULK=all: the -unix rows too (they have that tunnel)
		[ -n "$IPERF_ADDR" ] || [ "${WARREN_MTLS_WARM_BULK:-tcp}" = all ] &&
			timeout 60 iperf3 -c 127.0.0.1 -p "$F1" -t 6 -P 2 >/dev/null 2>&1
		_rtt=$RTT_N _set=$SETUP_N
		RTT_N=20000 SETUP_N=3000
		pingpong rtt "$ECHO_ADDR"
		pingpong setup "$ECHO_ADDR"
		RTT_N=$_rtt SETUP_N=$_set
	fi
}
