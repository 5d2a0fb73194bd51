#!/usr/bin/env bash
# docker/test-compose.sh - the compose path end to end: `docker compose up` must boot the guest and the kernel's
# pci_endpoint kselftest must report "21 passed, 0 failed, 2 skipped" against the behavioral pci-epf-test model.
#
# Installs what is missing (Debian's docker.io, compose v2 from trixie's docker-compose .deb, mmdebstrap), starts
# dockerd when no engine answers (and stops only that daemon, by PID, on exit), builds the base images when they
# are missing, then runs `docker compose up --build` twice: the first run may build everything (cold), the second
# must come from the build cache (warm). Both must print the expected summary; timings are printed at the end.
#
# Usage (root): docker/test-compose.sh [--cold]
#   --cold             remove this project's images and the engine's build cache first (a true cold build)
# Knobs:
#   COSIM_MODEL        behavioral (default) or rtl: which pci-epf-test the server serves
#   COSIM_EXPECT       the summary line to require (default "21 passed, 0 failed, 2 skipped")
#   COSIM_CACHE        logs go to $COSIM_CACHE/docker/ (default ${XDG_CACHE_HOME:-$HOME/.cache}/cosim)
# Last line: "N passed, N failed" over the two runs (one test per run).
set -euo pipefail
cd "$(dirname "$0")/.."
export COSIM_CACHE=${COSIM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cosim}
LOGS=$COSIM_CACHE/docker
mkdir -p "$LOGS"
EXPECT=${COSIM_EXPECT:-21 passed, 0 failed, 2 skipped}
PROJECT=cosim-test
APT_LOCK=(-o DPkg::Lock::Timeout=600)
T0=$(date +%s%N)

elapsed() { local ms=$((($(date +%s%N) - T0) / 1000000)); printf '%d.%01d' $((ms / 1000)) $(((ms % 1000) / 100)); }
step() { printf '==> [%6ss] %s\n' "$(elapsed)" "$*" >&2; }
die() { printf '==> [%6ss] ERROR: %s\n' "$(elapsed)" "$*" >&2; echo "0 passed, 1 failed"; exit 1; }
seconds_since() { local ms=$((($(date +%s%N) - $1) / 1000000)); printf '%d.%01d' $((ms / 1000)) $(((ms % 1000) / 100)); }

COLD=0
case "${1:-}" in
    --cold) COLD=1 ;;
    "") ;;
    *) echo "usage: $0 [--cold]" >&2; exit 2 ;;
esac
[ "$(id -u)" = 0 ] || die "run as root (it installs packages and may start dockerd)"

# ---- 1. packages ------------------------------------------------------------------------------------
APT_UPDATED=
apt_update_once() {
    [ -n "$APT_UPDATED" ] && return 0
    step "apt-get update"
    apt-get "${APT_LOCK[@]}" -qq update >&2 || step "apt-get update reported errors (continuing)"
    APT_UPDATED=1
}
apt_install() {
    apt_update_once
    step "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get "${APT_LOCK[@]}" install -y -q --no-install-recommends "$@" \
        >"$LOGS/apt-install.log" 2>&1 || { tail -n 20 "$LOGS/apt-install.log" >&2; die "apt-get install $* failed"; }
}

T_SETUP=$(date +%s%N)
command -v dockerd >/dev/null 2>&1 || apt_install docker.io
command -v mmdebstrap >/dev/null 2>&1 || apt_install mmdebstrap debian-archive-keyring

if ! docker compose version >/dev/null 2>&1; then
    apt_update_once
    if apt-cache show docker-compose-v2 >/dev/null 2>&1; then
        apt_install docker-compose-v2                       # Ubuntu packages compose v2 under this name
    else
        # Debian: bookworm's docker-compose is the python v1; trixie's is v2 (a Go binary needing only libc >= 2.34).
        # Download that one .deb through private package lists; the host's apt sources stay as they are.
        T=/var/tmp/cosim-apt-trixie
        mkdir -p "$T/lists/partial" "$T/parts" "$T/debs"
        chown _apt "$T/debs" 2>/dev/null || true            # apt downloads as _apt when it can
        echo 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main' > "$T/sources.list"
        A=(-o "Dir::Etc::sourcelist=$T/sources.list" -o "Dir::Etc::sourceparts=$T/parts" -o "Dir::State::lists=$T/lists")
        step "downloading compose v2 (trixie's docker-compose .deb, private package lists in $T)"
        apt-get "${A[@]}" -qq update >&2 || die "apt-get update of the private trixie list failed"
        rm -f "$T"/debs/docker-compose_*.deb
        (cd "$T/debs" && apt-get "${A[@]}" -qq download docker-compose) >&2 || die "cannot download docker-compose from trixie"
        apt_install "$T"/debs/docker-compose_*.deb
    fi
    docker compose version >/dev/null 2>&1 || die "docker compose still does not work after installing compose v2"
fi
S_SETUP=$(seconds_since "$T_SETUP")

# ---- 2. engine ---------------------------------------------------------------------------------------
DOCKERD_PID=
cleanup() {
    local rc=$?
    if [ -n "${COMPOSE_STARTED:-}" ]; then
        docker compose -p "$PROJECT" down -v --remove-orphans >/dev/null 2>&1 || true
    fi
    if [ -n "$DOCKERD_PID" ]; then
        step "stopping the dockerd this script started (pid $DOCKERD_PID)"
        kill "$DOCKERD_PID" 2>/dev/null || true
        wait "$DOCKERD_PID" 2>/dev/null || true
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

T_ENGINE=$(date +%s%N)
if docker info >/dev/null 2>&1; then
    step "a Docker engine answers: using it"
else
    # No bridge, no iptables, no forwarding: every service uses the host's network, nothing else changes on the host.
    step "starting dockerd --bridge=none --iptables=false --ip6tables=false --ip-forward=false (log: $LOGS/dockerd.log)"
    dockerd --bridge=none --iptables=false --ip6tables=false --ip-forward=false >"$LOGS/dockerd.log" 2>&1 &
    DOCKERD_PID=$!
    for _ in $(seq 120); do
        docker info >/dev/null 2>&1 && break
        kill -0 "$DOCKERD_PID" 2>/dev/null || { tail -n 20 "$LOGS/dockerd.log" >&2; DOCKERD_PID=; die "dockerd exited"; }
        sleep 0.25
    done
    docker info >/dev/null 2>&1 || { tail -n 20 "$LOGS/dockerd.log" >&2; die "dockerd did not answer within 30 s"; }
fi
S_ENGINE=$(seconds_since "$T_ENGINE")
step "engine $(docker version -f '{{.Server.Version}}' 2>/dev/null), $(docker compose version)"

# ---- 3. base images ----------------------------------------------------------------------------------
T_BASE=$(date +%s%N)
bash docker/build-base-images.sh >&2 || die "docker/build-base-images.sh failed"
S_BASE=$(seconds_since "$T_BASE")

if [ "$COLD" = 1 ]; then
    step "--cold: removing this project's images and the build cache"
    docker compose -p "$PROJECT" down -v --rmi all --remove-orphans >/dev/null 2>&1 || true
    docker builder prune -af >/dev/null
fi

# ---- 4. compose up, twice ----------------------------------------------------------------------------
PASSED=0 FAILED=0
declare -A TIMES=()
run_up() {
    local name=$1 log=$LOGS/compose-$1.log t rc line
    step "$name run: docker compose up --build --abort-on-container-exit --exit-code-from qemu (log: $log)"
    t=$(date +%s%N)
    : > "$log"
    COMPOSE_STARTED=1
    set +e
    # Each line goes to the log; progress lines also to the terminal, and the moments QEMU starts and the
    # guest's test begins are noted (seconds since `up` was called).
    docker compose --ansi never -p "$PROJECT" up --build --abort-on-container-exit --exit-code-from qemu 2>&1 |
        while IFS= read -r line; do
            printf '%s\n' "$line" >> "$log"
            case $line in
                "Attaching to "*) TIMES[$name-attach]=$(seconds_since "$t") ;;
                *"] starting QEMU"*) TIMES[$name-boot]=$(seconds_since "$t"); printf '%s\n' "$line" >&2 ;;
                *COSIM-TEST-BEGIN*) TIMES[$name-test]=$(seconds_since "$t"); printf '%s\n' "$line" >&2 ;;
                *"==> "*|*COSIM-TEST-END*|*" passed, "*" failed, "*|*ERROR*|*rror:*) printf '%s\n' "$line" >&2 ;;
            esac
            printf '%s %s %s\n' "${TIMES[$name-attach]:--}" "${TIMES[$name-boot]:--}" "${TIMES[$name-test]:--}" > "$LOGS/.times-$name"
        done
    rc=${PIPESTATUS[0]}
    set -e
    TIMES[$name]=$(seconds_since "$t")
    read -r "TIMES[$name-attach]" "TIMES[$name-boot]" "TIMES[$name-test]" < "$LOGS/.times-$name" || true
    rm -f "$LOGS/.times-$name"
    docker compose -p "$PROJECT" down -v --remove-orphans >/dev/null 2>&1 || true
    COMPOSE_STARTED=
    # The suite's own summary line, printed by the guest inside the qemu service's output, must be the expected one.
    local summary
    summary=$(sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g' -e 's/\r$//' "$log" | sed -n 's/^qemu[-_0-9]* *| //p' | grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' | tail -n 1 || true)
    if [ "$rc" = 0 ] && [ "$summary" = "$EXPECT" ]; then
        step "$name run: PASS ($summary; exit code $rc) in ${TIMES[$name]} s"
        PASSED=$((PASSED + 1))
    else
        step "$name run: FAIL (exit code $rc, summary '${summary:-none}', expected '$EXPECT'); last lines of $log:"
        tail -n 40 "$log" >&2
        FAILED=$((FAILED + 1))
    fi
}

run_up first
if [ "$FAILED" = 0 ]; then
    run_up second
fi

cat >&2 <<EOF
==> timings (seconds)
    packages (install when missing)     $S_SETUP
    engine (start when not running)     $S_ENGINE
    base images (build when missing)    $S_BASE
    first  compose up --build           ${TIMES[first]:-n/a}   (containers at ${TIMES[first-attach]:-n/a}, QEMU at ${TIMES[first-boot]:-n/a}, guest test at ${TIMES[first-test]:-n/a})
    second compose up --build (warm)    ${TIMES[second]:-n/a}   (containers at ${TIMES[second-attach]:-n/a}, QEMU at ${TIMES[second-boot]:-n/a}, guest test at ${TIMES[second-test]:-n/a})
EOF
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
