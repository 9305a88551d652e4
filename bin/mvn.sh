# shellcheck shell=bash
# Sourced by ./warren and ./build (after bin/jdk.sh): runs the Maven Wrapper offline first, since
# ~/.m2 usually has everything, and again online only when the offline run failed for want of
# something it had never downloaded (a compile error is not worth a second, online, attempt).
# Maven's output goes to stdout (the launcher sends it on to stderr) and its stdin is /dev/null:
# when `warren connect --stdio` is an ssh ProxyCommand, stdin and stdout are the tunnel.

# warren_mvn ROOT ARGS... : ./mvnw -B ARGS in ROOT, offline then online if needed.
warren_mvn() {
    local root=$1 log status=0
    shift
    log=$(mktemp "${TMPDIR:-/tmp}/warren-mvn.XXXXXX")
    (cd "$root" && ./mvnw -B -o "$@") </dev/null 2>&1 | tee "$log" || status=$?
    if [[ $status -ne 0 ]] && grep -q -e 'in offline mode' -e 'offline mode and' "$log"; then
        echo "warren: the offline build lacks dependencies; trying again online" >&2
        status=0
        (cd "$root" && ./mvnw -B "$@") </dev/null 2>&1 | tee "$log" || status=$?
    fi
    rm -f -- "$log"
    return "$status"
}
