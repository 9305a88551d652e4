# lib.sh - what the bench scripts share: a temporary directory, child processes stopped at exit, free ports, a
# private sshd, a snapshot of the jar and launcher, a relay with its admin token, an enrolled agent, `warren connect`
# listeners, one iperf3 stream.
# Source it with BENCH_NAME set (used in messages and in the directory's name). It sets T (the directory), LOG
# ($T/log), REPO and PIDS; BENCH_KEEP=1 keeps the directory. Only 127.0.0.1 is used.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
T=$(mktemp -d "/tmp/warren-$BENCH_NAME.XXXXXX")
LOG=$T/log
mkdir -p "$LOG"
PIDS=""

die() {
	echo "$BENCH_NAME: $*" >&2
	exit 1
}

# stop PID: TERM, up to 15 s to exit, then KILL
stop() {
	kill -TERM "$1" 2>/dev/null
	for _ in $(seq 150); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	PIDS=$(echo " $PIDS " | sed "s/ $1 / /")
}

bench_cleanup() {
	local p
	for p in $PIDS; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in $PIDS; do
		stop "$p"
	done
	if [[ "${BENCH_KEEP:-}" == 1 ]]; then
		echo "kept $T" >&2
	else
		rm -rf -- "$T"
	fi
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

# spawn NAME CMD...: CMD in the background (stdin closed, output to $LOG/NAME.log); its PID in LAST_PID
spawn() {
	local name=$1
	shift
	"$@" >"$LOG/$name.log" 2>&1 </dev/null &
	LAST_PID=$!
	PIDS="$LAST_PID $PIDS"
}

listening() { ss -Hltn "sport = :$1" | grep -q .; }

# alloc_port VAR: a port nothing listens on, below Linux's ephemeral range (32768-) so that no outgoing
# connection's local port can hold it
NEXT_PORT=$((20000 + RANDOM % 10000))
alloc_port() {
	for _ in $(seq 200); do
		NEXT_PORT=$((NEXT_PORT + 1))
		[[ $NEXT_PORT -ge 32000 ]] && NEXT_PORT=20000
		if ! listening "$NEXT_PORT"; then
			printf -v "$1" '%s' "$NEXT_PORT"
			return 0
		fi
	done
	die "no free port"
}

# wait_tcp PORT [SECONDS (30)]
wait_tcp() {
	local seconds=${2:-30}
	for _ in $(seq $((seconds * 10))); do
		listening "$1" && return 0
		sleep 0.1
	done
	die "nothing listens on 127.0.0.1:$1 after $seconds s (logs: $LOG)"
}

# cpu_ticks PID: user + system clock ticks
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }

# start_sshd: a private sshd on 127.0.0.1 (own host key, one client key, no PAM, forwarding allowed) under $T/ssh;
# sets SSHD (its port) and SSHD_PID. A client connects with ssh_device_args (an array of ssh options).
start_sshd() {
	mkdir -p "$T/ssh" && chmod 700 "$T/ssh"
	ssh-keygen -q -t ed25519 -N '' -f "$T/ssh/host" && ssh-keygen -q -t ed25519 -N '' -f "$T/ssh/id" &&
		cp "$T/ssh/id.pub" "$T/ssh/authorized_keys" || die "ssh-keygen failed"
	[[ $(id -u) == 0 ]] && mkdir -p /run/sshd
	alloc_port SSHD
	cat >"$T/ssh/sshd_config" <<CFG
Port $SSHD
ListenAddress 127.0.0.1
HostKey $T/ssh/host
PidFile $T/ssh/sshd.pid
AuthorizedKeysFile $T/ssh/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AllowTcpForwarding yes
X11Forwarding no
PermitTTY no
MaxStartups 100:30:200
LogLevel ERROR
CFG
	spawn sshd /usr/sbin/sshd -D -e -f "$T/ssh/sshd_config"
	SSHD_PID=$LAST_PID
	wait_tcp "$SSHD" 60
	echo "[127.0.0.1]:$SSHD $(cat "$T/ssh/host.pub")" >"$T/ssh/known_hosts"
	ssh_device_args=(-N -n -F /dev/null -i "$T/ssh/id" -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes
		-o UserKnownHostsFile="$T/ssh/known_hosts" -o ExitOnForwardFailure=yes -o ServerAliveInterval=5 -p "$SSHD")
}

# wait_log FILE REGEX SECONDS: until FILE has a line matching REGEX (grep -E)
wait_log() {
	for _ in $(seq $(($3 * 10))); do
		grep -Eq "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	die "no '$2' in $1 after $3 s"
}

# need_pingpong: sets PINGPONG to the shared harness's pingpong.py (../shared/bench, or ../../shared/bench from a
# worktree under wt/) unless it is set already, and stops if there is none
need_pingpong() {
	if [[ -z ${PINGPONG:-} ]]; then
		PINGPONG=$REPO/../shared/bench/pingpong.py
		[[ -f $PINGPONG ]] || PINGPONG=$REPO/../../shared/bench/pingpong.py
	fi
	[[ -f $PINGPONG ]] || die "no pingpong.py at $PINGPONG (set PINGPONG)"
}

# snapshot_warren [agent-jar]: builds the checkout's warren.jar once (unless WARREN_JAR names a jar to measure), then
# copies the launcher (WARREN_LAUNCHER, else the checkout's), bin/ and the jar to $T/dist, so that an edit made during
# the run cannot trigger a rebuild half-way; with agent-jar, also the jar's -agent.jar sibling when there is one
# (warren-agent.jar beside warren.jar), which the launcher runs `agent run` from. Sets WARREN (the launcher to run).
snapshot_warren() {
	if [[ -z ${WARREN_JAR:-} ]]; then
		"$REPO/warren" --version >"$LOG/build.log" 2>&1 || die "the launcher could not build or run (see $LOG/build.log)"
		WARREN_JAR=$REPO/warren-cli/target/warren.jar
	fi
	local dist=$T/dist agent_jar
	mkdir -p "$dist/warren-cli/target"
	cp -p "${WARREN_LAUNCHER:-$REPO/warren}" "$dist/warren"
	cp -rp "$REPO/bin" "$dist/"
	cp -p "$WARREN_JAR" "$dist/warren-cli/target/warren.jar"
	if [[ ${1:-} == agent-jar ]]; then
		agent_jar=$(dirname "$WARREN_JAR")/$(basename "$WARREN_JAR" .jar)-agent.jar
		[[ -f $agent_jar ]] && cp -p "$agent_jar" "$dist/warren-cli/target/warren-agent.jar"
	fi
	WARREN=$dist/warren
}

# java_opts [OPTS]: the env arguments that give a Warren process WARREN_JAVA_OPTS=OPTS; none without OPTS (the
# process then keeps the caller's); sets JAVA_OPTS_ENV (an array)
java_opts() {
	JAVA_OPTS_ENV=()
	[[ $# -gt 0 ]] && JAVA_OPTS_ENV=(WARREN_JAVA_OPTS="$1")
}

# start_relay DIR [WARREN_JAVA_OPTS]: `$WARREN relay` on a free port with its data in DIR, until it listens and has
# written its admin token; sets RELAY (the port), RELAY_PID, RELAY_DATA (DIR) and ADMIN (the admin's API token)
start_relay() {
	java_opts "${@:2}"
	RELAY_DATA=$1
	alloc_port RELAY
	spawn relay env "${JAVA_OPTS_ENV[@]}" "$WARREN" relay --data "$RELAY_DATA" --listen "127.0.0.1:$RELAY"
	RELAY_PID=$LAST_PID
	wait_tcp "$RELAY" 60
	for _ in $(seq 100); do [[ -s $RELAY_DATA/admin.token ]] && break; sleep 0.1; done
	ADMIN=$(cat "$RELAY_DATA/admin.token") || die "no admin token"
}

# enroll_agent NAME DIR: a one-time enrollment token from the relay, then `warren agent enroll` as device NAME with
# its data in DIR
enroll_agent() {
	local token
	token=$(WARREN_TOKEN=$ADMIN "$WARREN" admin enroll-token create --relay "127.0.0.1:$RELAY" --ca "$RELAY_DATA/ca.crt" \
		2>>"$LOG/admin.log" | tail -n 1)
	[[ -n $token ]] || die "no enrollment token (see $LOG/admin.log)"
	"$WARREN" agent enroll --relay "127.0.0.1:$RELAY" --token "$token" --name "$1" --data "$2" \
		>"$LOG/enroll.log" 2>&1 || die "enrollment failed (see $LOG/enroll.log)"
}

# spawn_connect NAME DEVICE SERVICE PORT [WARREN_JAVA_OPTS]: `warren connect DEVICE SERVICE --listen 127.0.0.1:PORT`
# as the admin, until it listens; its PID in LAST_PID
spawn_connect() {
	java_opts "${@:5}"
	spawn "$1" env "${JAVA_OPTS_ENV[@]}" WARREN_TOKEN="$ADMIN" WARREN_CA="$RELAY_DATA/ca.crt" \
		WARREN_RELAY="127.0.0.1:$RELAY" "$WARREN" connect "$2" "$3" --listen "127.0.0.1:$4"
	local pid=$LAST_PID
	wait_tcp "$4" 60
	LAST_PID=$pid
}

# iperf_gbps PORT up|down BYTES OUT: one iperf3 stream of BYTES through 127.0.0.1:PORT (down: the server sends, -R),
# its JSON report in OUT; prints the Gbit/s received. Call it as x=$(iperf_gbps ...) || exit 1.
iperf_gbps() {
	local rev=()
	[[ $2 == down ]] && rev=(-R)
	timeout 300 iperf3 -c 127.0.0.1 -p "$1" -n "$3" "${rev[@]}" -J >"$4" 2>&1 ||
		die "iperf3 $2 through 127.0.0.1:$1 failed: $(tail -3 "$4")"
	python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["end"]["sum_received"]["bits_per_second"] / 1e9))' "$4"
}
