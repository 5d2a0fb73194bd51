#!/usr/bin/env bash
# qemu-exec.sh - run qemu-system-x86_64 (>= 10.1, with vfio-user-pci) as provisioned by trixie-root.sh.
#
# Usage:
#   qemu-exec.sh [QEMU ARGS...]      run QEMU with these arguments
#   qemu-exec.sh --print-accel       print "-accel kvm" when /dev/kvm opens read/write, else "-accel tcg"
#
# - QEMU from the trixie root runs chrooted in a private mount namespace.  The process keeps this
#   script's PID all the way (bash -> unshare -> sh -> chroot -> qemu are exec's, no fork), so
#   stdout/stderr, the exit code and every signal (SIGTERM, SIGINT, SIGKILL) are QEMU's own: killing
#   the PID the caller started kills QEMU, and nothing else is left running.
# - Visible inside at the same absolute paths: /tmp, /run, $COSIM_CACHE, $PWD (QEMU starts in $PWD),
#   the directories of all absolute paths found in the arguments (socket paths, -kernel, -initrd,
#   logs; system directories such as /usr and /etc are never bound over the root's), and any
#   directories listed in COSIM_QEMU_BINDS (colon-separated).  /dev, /proc and /sys are the host's.
# - Adds "-accel kvm" (if /dev/kvm is usable) or "-accel tcg" unless the arguments choose an
#   accelerator already (-accel, --accel, -enable-kvm or any "accel=").
# - When the stamp says qemu=system, the host's qemu-system-x86_64 is exec'd directly.
# - Needs root, or an unprivileged user namespace (then: unshare --user --map-root-user).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if kvm_usable; then ACCEL=kvm; else ACCEL=tcg; fi
if [ "${1:-}" = --print-accel ]; then
    echo "-accel $ACCEL"
    exit 0
fi

has_accel=0
for a in "$@"; do
    case $a in -accel|--accel|-accel=*|--accel=*|-enable-kvm|--enable-kvm|*accel=*) has_accel=1 ;; esac
done
args=("$@")
[ $has_accel = 1 ] || args=(-accel "$ACCEL" "${args[@]}")

[ -f "$COSIM_STAMP" ] || die "no $COSIM_STAMP: run qemu-endpoint/provision/trixie-root.sh first"
QEMU_KIND=$(stamp_get qemu); QEMU_BIN=$(stamp_get qemu_binary)
unset LD_PRELOAD LD_LIBRARY_PATH

if [ "$QEMU_KIND" = system ]; then
    exec "$QEMU_BIN" "${args[@]}"
fi
[ -x "$COSIM_ROOT$QEMU_BIN" ] || die "$COSIM_ROOT$QEMU_BIN missing: run qemu-endpoint/provision/trixie-root.sh"

# directories to make visible inside the root
system_dir() {
    case $1 in
        /|/usr|/usr/*|/bin|/bin/*|/sbin|/sbin/*|/lib|/lib/*|/lib32|/lib32/*|/lib64|/lib64/*|/libx32|/libx32/*| \
        /etc|/etc/*|/boot|/boot/*|/proc|/proc/*|/sys|/sys/*|/dev|/dev/*|/var|/var/lib|/var/cache|/var/log) return 0 ;;
    esac
    return 1
}
cands=(/tmp /run "$COSIM_CACHE" "$PWD")
IFS=: read -r -a extra <<< "${COSIM_QEMU_BINDS:-}"
cands+=("${extra[@]}")
for a in "$@"; do
    while IFS= read -r p; do
        [ -n "$p" ] || continue
        if [ -d "$p" ]; then cands+=("$p"); else cands+=("$(dirname -- "$p")"); fi
    done < <(printf '%s\n' "$a" | grep -oE '(^|[=,":])/[^,"=:]+' | sed 's/^[=,":]//')
done
binds=()
for d in "${cands[@]}"; do
    [ -n "$d" ] && [ -d "$d" ] || continue
    d=$(readlink -f -- "$d")
    system_dir "$d" && continue
    binds+=("$d")
done
bindlist=$(_cosim_bind_list "${binds[@]}")

if [ "$(id -u)" = 0 ]; then
    userns=()
else
    userns=(--user --map-root-user)
fi

# everything below is exec: this PID becomes QEMU
exec unshare "${userns[@]}" --mount -- /bin/sh -c '
    R=$1; B=$2; W=$3; shift 3
    fail() { echo "qemu-exec.sh: $*" >&2; exit 125; }
    mount --rbind /dev "$R/dev" || fail "cannot bind /dev into $R"
    mount --rbind /proc "$R/proc" || fail "cannot bind /proc into $R"
    mount --rbind /sys "$R/sys" || fail "cannot bind /sys into $R"
    if [ -n "$B" ]; then
        printf "%s\n" "$B" | while IFS= read -r d; do
            mkdir -p "$R$d" && mount --rbind "$d" "$R$d" || exit 1
        done || fail "cannot bind the caller directories into $R"
    fi
    exec chroot "$R" /bin/sh -c "cd \"\$0\" 2>/dev/null || cd /; exec \"\$@\"" "$W" "$@"' \
    qemu-exec "$COSIM_ROOT" "$bindlist" "$PWD" "$QEMU_BIN" "${args[@]}"
