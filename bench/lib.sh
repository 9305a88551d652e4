# lib.sh - what the bench scripts share: a temporary directory, child processes stopped at exit, free ports.
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
