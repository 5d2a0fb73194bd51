#!/usr/bin/env bash
# Installs Verilator and the C++ toolchain the RTL bridge needs, from the distribution's own release.
#
# Called by Cosim.Hdl's RtlBuilder (and through it by the test project and the MSBuild target) when `verilator`
# is missing; idempotent. Progress goes to stderr, one "==>" line per step.
#
# Why `-t <codename>`: on a host whose apt sources mix suites (bookworm + trixie + sid, all pinned at 500), a plain
# `apt-get install verilator` picks sid's Verilator, upgrades libc6 and removes libssl3. Installing from the
# distribution's own release (bookworm: Verilator 5.006) keeps the base system intact. The install is first
# simulated; if apt would remove a package or upgrade libc6, nothing is installed and the script fails, naming why.
set -euo pipefail

step() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

if command -v verilator >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1 && command -v make >/dev/null 2>&1; then
    step "verilator already installed: $(verilator --version)"
    exit 0
fi

command -v apt-get >/dev/null 2>&1 || fail "verilator is not installed and this is not an apt-based system; install Verilator >= 5.006, g++ and make, then retry"

SUDO=
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || fail "verilator is not installed and installing it needs root (no sudo); run: apt-get install verilator g++ make"
    SUDO="sudo -n"
fi

CODENAME=
if [ -r /etc/os-release ]; then
    # shellcheck disable=SC1091
    CODENAME=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
fi
TARGET=()
[ -n "$CODENAME" ] && TARGET=(-t "$CODENAME")
PACKAGES=(verilator g++ make)

APT=(apt-get -o DPkg::Lock::Timeout=600)
if ! apt-cache show verilator >/dev/null 2>&1; then
    step "apt-get update (verilator is not in the package lists yet)"
    $SUDO "${APT[@]}" update -qq
fi

step "simulating: apt-get install ${TARGET[*]} ${PACKAGES[*]}"
PLAN=$($SUDO "${APT[@]}" install -s -y --no-install-recommends "${TARGET[@]}" "${PACKAGES[@]}")
if grep -q '^Remv ' <<<"$PLAN"; then
    fail "installing verilator from '${CODENAME:-default}' would remove packages ($(grep '^Remv ' <<<"$PLAN" | awk '{print $2}' | tr '\n' ' ')); install Verilator by hand"
fi
if grep -q '^Inst libc6 \[' <<<"$PLAN"; then
    fail "installing verilator from '${CODENAME:-default}' would upgrade libc6; install Verilator by hand"
fi

step "installing: apt-get install ${TARGET[*]} ${PACKAGES[*]} ($(grep -c '^Inst ' <<<"$PLAN") packages)"
$SUDO env DEBIAN_FRONTEND=noninteractive "${APT[@]}" install -y --no-install-recommends "${TARGET[@]}" "${PACKAGES[@]}" >&2
step "installed: $(verilator --version)"
