#!/usr/bin/env bash
# Checks that a rebuild by ./warren does not break a warren started earlier from the same checkout. Starts
# `./warren quickstart` (a relay, an agent and a demo web service in one JVM, from warren.jar) and a second device's
# `./warren agent run` (from warren-agent.jar, which maven-shade rewrites in place), touches a source so that the next
# ./warren rebuilds both jars, then makes both running JVMs load classes they had not loaded yet (the relay's first
# `admin devices`, the second agent's first tunnel) and checks that the bytes of the jars they hold open did not
# change and that a new start runs from the rebuilt jar. It rebuilds warren-cli in this checkout (a touch changes no
# source) and takes a minute or two. Usage: bin/launcher-rebuild-test.sh
#   LAUNCHER=FILE  the launcher to test (default: ./warren); it must sit in this checkout's root
set -euo pipefail

root=$(readlink -f -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/..")
launcher=${LAUNCHER:-$root/warren}
work=$(mktemp -d "${TMPDIR:-/tmp}/warren-launcher-test.XXXXXX")
pids=()

cleanup() {
    local p
    for p in "${pids[@]}"; do
        kill "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    rm -rf -- "$work"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    local log
    for log in "$work"/*.log; do
        tail -20 "$log" | sed "s|^|  ${log##*/}: |" >&2
    done
    exit 1
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The descriptor (/proc/PID/fd/N) of the application jar a process has open: reading it reads the bytes the JVM reads.
jar_fd() {
    local fd
    for fd in /proc/"$1"/fd/*; do
        [[ "$(readlink -- "$fd" 2>/dev/null)" == "$root"/warren-cli/target/*.jar* ]] && { echo "$fd"; return 0; }
    done
    return 1
}

# Waits (at most 120 s) until the log $2 of process $1 has the line $3.
await_line() {
    local i
    for ((i = 0; i < 240; i++)); do
        grep -q -- "$3" "$2" 2>/dev/null && return 0
        kill -0 "$1" 2>/dev/null || fail "process $1 exited before '$3'"
        sleep 0.5
    done
    fail "no '$3' after 120 s"
}

echo "launcher test: building (if needed) and starting quickstart and a second agent" >&2
nice -n 19 "$launcher" --version >/dev/null
port=$(free_port)
nice -n 19 "$launcher" quickstart --data "$work/quickstart" --port "$port" </dev/null >/dev/null 2>"$work/quickstart.log" &
quickstart=$!
pids+=("$quickstart")
await_line "$quickstart" "$work/quickstart.log" 'quickstart is running'
demo=$(grep -o 'exposing {web=[0-9.:]*' "$work/quickstart.log" | head -1)
demo=${demo#exposing \{web=}
export WARREN_CONFIG_DIR=$work/quickstart/operator
token=$(nice -n 19 "$launcher" admin enroll-token create --ttl 10m 2>>"$work/admin.log" | tail -1)
nice -n 19 "$launcher" agent enroll --relay "127.0.0.1:$port" --token "$token" --name second --data "$work/agent" \
    2>>"$work/admin.log" || fail "agent enroll failed"
nice -n 19 "$launcher" agent run --data "$work/agent" --service "web=$demo" </dev/null >/dev/null 2>"$work/agent.log" &
agent=$!
pids+=("$agent")
await_line "$agent" "$work/agent.log" 'connected to relay'

relay_fd=$(jar_fd "$quickstart") || fail "no jar open in quickstart's process"
agent_fd=$(jar_fd "$agent") || fail "no jar open in the agent's process"
relay_jar=$(readlink -- "$relay_fd")
agent_jar=$(readlink -- "$agent_fd")
relay_sum=$(sha256sum <"$relay_fd")
agent_sum=$(sha256sum <"$agent_fd")
echo "launcher test: quickstart runs from $relay_jar, the agent from $agent_jar; rebuilding" >&2

touch -- "$root/warren-cli/src/main/java/dev/warren/cli/VersionProvider.java"
nice -n 19 "$launcher" --version >/dev/null 2>"$work/rebuild.log" || fail "the rebuild failed"
[[ "$(sha256sum <"$relay_fd")" == "$relay_sum" ]] || fail "the bytes of quickstart's jar changed under it"
[[ "$(sha256sum <"$agent_fd")" == "$agent_sum" ]] || fail "the bytes of the agent's jar changed under it"

devices=$(timeout 120 nice -n 19 "$launcher" admin devices 2>>"$work/admin.log") ||
    fail "admin devices failed after the rebuild"
grep -q second <<<"$devices" || fail "admin devices does not list 'second': $devices"
page=$(printf 'GET / HTTP/1.0\r\nHost: demo\r\n\r\n' |
    timeout 120 nice -n 19 "$launcher" connect second web --stdio 2>"$work/connect.log") ||
    fail "a tunnel through the second agent failed after the rebuild"
grep -q 'Hello from Warren' <<<"$page" || fail "the demo page did not come through the second agent: $page"
kill -0 "$quickstart" 2>/dev/null || fail "quickstart died"
kill -0 "$agent" 2>/dev/null || fail "the agent died"
if grep -qE 'NoClassDefFoundError|ClassNotFoundException|ZipException' "$work/quickstart.log" "$work/agent.log"; then
    fail "a running JVM could not load a class after the rebuild"
fi

# a new start runs from the rebuilt jar
nice -n 19 "$launcher" agent run --data "$work/agent" --service "web=$demo" </dev/null >/dev/null 2>"$work/agent2.log" &
second=$!
pids+=("$second")
for ((i = 0; i < 240; i++)); do
    second_fd=$(jar_fd "$second") && break
    sleep 0.5
done
[[ -n "${second_fd:-}" ]] || fail "no jar open in the new agent's process"
second_jar=$(readlink -- "$second_fd")
[[ "$second_jar" != "$agent_jar" ]] || fail "the new start ran from the old jar $second_jar"
cmp -s -- "$second_fd" "$root/warren-cli/target/warren-agent.jar" || fail "$second_jar is not the rebuilt warren-agent.jar"
echo "launcher test: OK (the agent ran on from $agent_jar, a new start from $second_jar)" >&2
