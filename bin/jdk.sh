# shellcheck shell=bash
# Sourced by ./warren, ./build and .ci/run: finds a JDK >= 21 and exports JAVA_HOME and JAVA_MAJOR.
# Order: $JAVA_HOME if it is new enough, else the newest /usr/lib/jvm/* that has bin/java and
# bin/javac, else the java on PATH. Reads each JDK's `release` file (no JVM start: this runs before
# every `warren connect --stdio`) and falls back to `java -version` only where that file is missing.
# Prints nothing on stdout: the launcher's stdout belongs to the command it runs.

WARREN_MIN_JAVA=21

# Prints the major version (8, 17, 21, 25...) of the Java installation at $1, or nothing.
warren_java_major() {
    local home=$1 version=""
    if [[ -r "$home/release" ]]; then
        version=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}[[:space:]]*$/\1/p' "$home/release")
    fi
    if [[ -z "$version" && -x "$home/bin/java" ]]; then
        version=$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p') || version=""
    fi
    version=${version%%$'\n'*}
    version=${version#1.}        # 1.8.0_402 -> 8.0_402
    version=${version%%[-.+_]*}  # 21.0.2, 25+36, 26-ea -> 21, 25, 26
    if [[ "$version" =~ ^[0-9]+$ ]]; then
        printf '%s\n' "$version"
    fi
}

warren_find_jdk() {
    local looked=() best="" best_major=0 candidate major java_on_path

    if [[ -n "${JAVA_HOME:-}" ]]; then
        major=$(warren_java_major "$JAVA_HOME")
        if [[ -x "$JAVA_HOME/bin/java" && -n "$major" && "$major" -ge "$WARREN_MIN_JAVA" ]]; then
            JAVA_MAJOR=$major
            export JAVA_HOME JAVA_MAJOR
            return 0
        fi
        looked+=("JAVA_HOME=$JAVA_HOME (${major:-no version found}${major:+, too old})")
    fi

    for candidate in /usr/lib/jvm/*; do
        [[ -d "$candidate" ]] || continue
        if [[ ! -x "$candidate/bin/java" || ! -x "$candidate/bin/javac" ]]; then
            looked+=("$candidate (no bin/java and bin/javac)")
            continue
        fi
        major=$(warren_java_major "$candidate")
        looked+=("$candidate (${major:-no version found})")
        if [[ -n "$major" && "$major" -ge "$WARREN_MIN_JAVA" && "$major" -gt "$best_major" ]]; then
            best=$candidate
            best_major=$major
        fi
    done

    if [[ -z "$best" ]] && java_on_path=$(command -v java); then
        candidate=$(readlink -f -- "$java_on_path") || candidate=$java_on_path
        candidate=${candidate%/bin/java}
        major=$(warren_java_major "$candidate")
        looked+=("java on PATH: $candidate (${major:-no version found})")
        if [[ -n "$major" && "$major" -ge "$WARREN_MIN_JAVA" ]]; then
            best=$candidate
            best_major=$major
        fi
    fi

    if [[ -z "$best" ]]; then
        {
            echo "warren: needs a JDK $WARREN_MIN_JAVA or newer and found none. Looked at:"
            if [[ ${#looked[@]} -eq 0 ]]; then
                echo "  (JAVA_HOME unset, nothing under /usr/lib/jvm, no java on PATH)"
            else
                printf '  %s\n' "${looked[@]}"
            fi
            echo "Install one (e.g. Temurin 25) and/or set JAVA_HOME to it."
        } >&2
        return 1
    fi
    JAVA_HOME=$best
    JAVA_MAJOR=$best_major
    export JAVA_HOME JAVA_MAJOR
}

warren_find_jdk
