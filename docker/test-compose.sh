#!/usr/bin/env bash
# docker/test-compose.sh - the compose path end to end: every `docker compose up` must boot the guest, and the
# kernel's pci_endpoint kselftest in it must report "21 passed, 0 failed, 2 skipped" against Cosim's pci-epf-test.
#
# Installs what is missing (Debian's docker.io, compose v2 from trixie's docker-compose .deb, mmdebstrap), starts
# dockerd when no engine answers (and stops only that daemon, by PID, on exit), builds the base images when they
# are missing, then runs `docker compose up --build --abort-on-container-exit --exit-code-from qemu` once per run:
#
#   behavioral   compose.yaml, the C# model (`cosim run`): twice, the first may build everything (cold), the
#                second must come from the build cache (warm); both timed
#   rtl          compose.yaml with COSIM_MODEL=rtl: the Verilator model rtl:pci-epf-test (verilated when it starts)
#   own-rtl      compose.yaml with COSIM_MODEL=rtl plus an override file, as a user serves their own RTL: a copy of
#                models/rtl/pci-epf-test under another name (rtl:acme-epf) in a directory outside the repository,
#                mounted at /rtl and put on COSIM_RTL_PATH, named by a topology file mounted beside it
#   link         docker/compose.link.yaml: the C# model behind the TCP link (`cosim serve` + `cosim endpoint`)
#
# A run passes when `up` exits 0, the kselftest's own "# Totals:" line and the guest test's summary line are the
# expected ones, the guest reported the test's end with rc=0, and the server's log shows the device served by the
# model the run is about (so a run against the wrong model, or a guest that never ran the suite, fails).
#
# Usage (root): docker/test-compose.sh [--cold] [VARIANT...]   VARIANT: behavioral rtl own-rtl link (default: all)
#   --cold             remove this project's images and the engine's build cache first (a true cold build)
# Knobs:
#   COSIM_EXPECT       the summary line to require (default "21 passed, 0 failed, 2 skipped")
#   COSIM_CACHE        logs go to $COSIM_CACHE/docker/ (default ${XDG_CACHE_HOME:-$HOME/.cache}/cosim)
# Last line: "N passed, N failed" over the runs (one test per run).
set -euo pipefail
cd "$(dirname "$0")/.."
export COSIM_CACHE=${COSIM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cosim}
LOGS=$COSIM_CACHE/docker
mkdir -p "$LOGS"
EXPECT=${COSIM_EXPECT:-21 passed, 0 failed, 2 skipped}
# The same counts as the kselftest harness prints them.
EXPECT_TOTALS=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped$/# Totals: pass:\1 fail:\2 xfail:0 xpass:0 skip:\3 error:0/p' <<< "$EXPECT")
PROJECT=cosim-test
APT_LOCK=(-o DPkg::Lock::Timeout=600)
T0=$(date +%s%N)

elapsed() { local ms=$((($(date +%s%N) - T0) / 1000000)); printf '%d.%01d' $((ms / 1000)) $(((ms % 1000) / 100)); }
step() { printf '==> [%6ss] %s\n' "$(elapsed)" "$*" >&2; }
die() { printf '==> [%6ss] ERROR: %s\n' "$(elapsed)" "$*" >&2; echo "0 passed, 1 failed"; exit 1; }
seconds_since() { local ms=$((($(date +%s%N) - $1) / 1000000)); printf '%d.%01d' $((ms / 1000)) $(((ms % 1000) / 100)); }

COLD=0
VARIANTS=()
for arg in "$@"; do
    case $arg in
        --cold) COLD=1 ;;
        behavioral | rtl | own-rtl | link) VARIANTS+=("$arg") ;;
        *) echo "usage: $0 [--cold] [behavioral] [rtl] [own-rtl] [link]" >&2; exit 2 ;;
    esac
done
[ ${#VARIANTS[@]} -gt 0 ] || VARIANTS=(behavioral rtl own-rtl link)
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
COMPOSE_STARTED=()
OWN=
cleanup() {
    local rc=$?
    if [ ${#COMPOSE_STARTED[@]} -gt 0 ]; then
        docker compose "${COMPOSE_STARTED[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
    fi
    [ -z "$OWN" ] || rm -rf "$OWN"
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
    for v in behavioral rtl; do
        COSIM_MODEL=$v docker compose -p "$PROJECT" down -v --rmi all --remove-orphans >/dev/null 2>&1 || true
    done
    docker compose -p "$PROJECT-link" -f docker/compose.link.yaml down -v --remove-orphans >/dev/null 2>&1 || true
    docker builder prune -af >/dev/null 2>&1
fi

# ---- 4. compose up, once per run -------------------------------------------------------------------------
PASSED=0 FAILED=0 LAST_PASSED=0 SERVER_CHECKS=()
declare -A TIMES=()
RUNS=()

# run_up NAME [VAR=VALUE...] -- COMPOSE_ARGS...
#   SERVER_CHECKS (array, set by the caller): extended regular expressions, each of which some line of the server
#   services' output must match.
run_up() {
    local name=$1 log=$LOGS/compose-$1.log t rc line check
    shift
    local -a env=()
    while [ "$1" != -- ]; do env+=("$1"); shift; done
    shift
    local -a compose=("$@")
    RUNS+=("$name")
    step "$name: ${env[*]:+${env[*]} }docker compose ${compose[*]} up --build --abort-on-container-exit --exit-code-from qemu (log: $log)"
    t=$(date +%s%N)
    : > "$log"
    COMPOSE_STARTED=("${compose[@]}")
    set +e
    # Each line goes to the log; progress lines also to the terminal, and the moments the containers start, QEMU
    # starts and the guest's test begins are noted (seconds since `up` was called).
    env "${env[@]}" docker compose --ansi never "${compose[@]}" up --build --abort-on-container-exit --exit-code-from qemu 2>&1 |
        while IFS= read -r line; do
            line=${line#$'\e[2K'}                            # compose clears each line even with --ansi never
            printf '%s\n' "$line" >> "$log"
            case $line in
                "Attaching to "*) TIMES[$name-attach]=$(seconds_since "$t") ;;
                *"] starting QEMU"*) TIMES[$name-boot]=$(seconds_since "$t"); printf '%s\n' "$line" >&2 ;;
                *COSIM-TEST-BEGIN*) TIMES[$name-test]=$(seconds_since "$t"); printf '%s\n' "$line" >&2 ;;
                *"==> "* | *COSIM-TEST-END* | *" passed, "*" failed, "* | *ERROR* | *rror:* | *"RTL build: "* | *"not ok "*)
                    printf '%s\n' "$line" >&2 ;;
            esac
            printf '%s %s %s\n' "${TIMES[$name-attach]:--}" "${TIMES[$name-boot]:--}" "${TIMES[$name-test]:--}" > "$LOGS/.times-$name"
        done
    rc=${PIPESTATUS[0]}
    set -e
    TIMES[$name]=$(seconds_since "$t")
    read -r "TIMES[$name-attach]" "TIMES[$name-boot]" "TIMES[$name-test]" < "$LOGS/.times-$name" || true
    rm -f "$LOGS/.times-$name"
    env "${env[@]}" docker compose "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
    COMPOSE_STARTED=()

    # What the guest printed (the qemu service's lines) and what the server printed (every other service's).
    local clean qemu_out server_out summary totals end problems=()
    clean=$(sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g' -e 's/\r$//' "$log")
    qemu_out=$(sed -n 's/^qemu[-_0-9]* *| //p' <<< "$clean")
    server_out=$(grep -Ev '^qemu[-_0-9]* *\| ' <<< "$clean" | sed -n 's/^[a-z]*[-_0-9]* *| //p')
    # The suite's summary lines: the kselftest harness's own totals, the guest test's count of the TAP results
    # (qemu-endpoint/guest/tests/kselftest-pci-endpoint.sh), and the guest's end marker (qemu-endpoint/guest/init).
    summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' <<< "$qemu_out" | tail -n 1 || true)
    totals=$(grep -E '^# Totals: ' <<< "$qemu_out" | tail -n 1 || true)
    end=$(grep -E '^COSIM-TEST-END ' <<< "$qemu_out" | tail -n 1 || true)
    [ "$rc" = 0 ] || problems+=("exit code $rc")
    [ "$summary" = "$EXPECT" ] || problems+=("summary '${summary:-none}', expected '$EXPECT'")
    [ "$totals" = "$EXPECT_TOTALS" ] || problems+=("kselftest '${totals:-no totals}', expected '$EXPECT_TOTALS'")
    [ "$end" = "COSIM-TEST-END kselftest-pci-endpoint rc=0" ] || problems+=("guest end marker '${end:-none}'")
    for check in "${SERVER_CHECKS[@]}"; do
        grep -Eq "$check" <<< "$server_out" || problems+=("no server line matching /$check/")
    done
    if [ ${#problems[@]} = 0 ]; then
        step "$name: PASS ($summary) in ${TIMES[$name]} s"
        PASSED=$((PASSED + 1))
        LAST_PASSED=1
    else
        LAST_PASSED=0
        local IFS=';'
        step "$name: FAIL (${problems[*]}); last lines of $log:"
        tail -n 40 "$log" >&2
        FAILED=$((FAILED + 1))
    fi
}

for variant in "${VARIANTS[@]}"; do
    case $variant in
        behavioral)
            # The server's "device N 'epf0' (MODEL): ..." line names the model that served the guest.
            SERVER_CHECKS=("device 0 'epf0' \(pci-epf-test\): vfio-user socket")
            run_up behavioral-first COSIM_MODEL=behavioral -- -p "$PROJECT"
            # The warm run measures the build cache: it means something only after a first run that built and passed.
            if [ "$LAST_PASSED" = 1 ]; then
                run_up behavioral-warm COSIM_MODEL=behavioral -- -p "$PROJECT"
            fi ;;
        rtl)
            SERVER_CHECKS=("device 0 'epf0' \(rtl:pci-epf-test\): vfio-user socket")
            run_up rtl COSIM_MODEL=rtl -- -p "$PROJECT" ;;
        own-rtl)
            # What a user does (docker/README.md, "Your own RTL or model"), with files outside the repository.
            OWN=$(mktemp -d /tmp/cosim-own-rtl.XXXXXX)
            chmod 755 "$OWN"
            mkdir "$OWN/rtl"
            cp -r models/rtl/pci-epf-test "$OWN/rtl/acme-epf"
            cat > "$OWN/my-device.json" <<'JSON'
{ "Devices": [ { "Name": "mine0", "Model": "rtl:acme-epf",
                 "Attachment": { "VfioUser": { "Socket": "/run/cosim/mine0.sock" } } } ] }
JSON
            cat > "$OWN/compose.override.yaml" <<YAML
services:
  cosim:
    volumes: ["$OWN/rtl:/rtl:ro", "$OWN/my-device.json:/etc/cosim-own/my-device.json:ro"]
    environment: {COSIM_RTL_PATH: /rtl}
  qemu:
    volumes: ["$OWN/my-device.json:/etc/cosim-own/my-device.json:ro"]
YAML
            SERVER_CHECKS=("device 0 'mine0' \\(rtl:acme-epf\\): vfio-user socket /run/cosim/mine0.sock")
            run_up own-rtl COSIM_MODEL=rtl COSIM_CONFIG=/etc/cosim-own/my-device.json -- \
                -p "$PROJECT" -f compose.yaml -f "$OWN/compose.override.yaml"
            rm -rf "$OWN"
            OWN= ;;
        link)
            # The simulator serves the model on the link, and the endpoint's link reached it and got the device.
            SERVER_CHECKS=("device 0 'epf0' \(pci-epf-test\): served on the Cosim link"
                           "device 0 'epf0': served to link #"
                           "device 0 'epf0': vfio-user socket /run/cosim/epf0.sock, forwarded to 127.0.0.1:7440")
            run_up link COSIM_MODEL=behavioral -- -p "$PROJECT-link" -f docker/compose.link.yaml ;;
    esac
done

{
    echo "==> timings (seconds)"
    echo "    packages (install when missing)     $S_SETUP"
    echo "    engine (start when not running)     $S_ENGINE"
    echo "    base images (build when missing)    $S_BASE"
    for name in "${RUNS[@]}"; do
        printf '    %-20s compose up --build  %6s   (containers at %s, QEMU at %s, guest test at %s)\n' "$name" \
            "${TIMES[$name]:-n/a}" "${TIMES[$name-attach]:-n/a}" "${TIMES[$name-boot]:-n/a}" "${TIMES[$name-test]:-n/a}"
    done
} >&2
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
