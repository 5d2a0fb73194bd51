# shellcheck shell=bash disable=SC2034
# lib.sh - shared shell functions for the Cosim provisioning scripts (bash; source it).
#
#   COSIM_CACHE   cache directory (default ${XDG_CACHE_HOME:-$HOME/.cache}/cosim)
#
# Layout under $COSIM_CACHE:
#   trixie-root/         Debian trixie root made by mmdebstrap (kernel packages, gcc, QEMU, apt .deb cache)
#   trixie-root.stamp    key=value lines written by trixie-root.sh (versions, which QEMU to use)
#   guest/<kernel-abi>/  outputs of guest-build.sh (vmlinuz, initrd.cpio.gz, ...)

COSIM_CACHE=${COSIM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cosim}
COSIM_ROOT=$COSIM_CACHE/trixie-root
COSIM_STAMP=$COSIM_CACHE/trixie-root.stamp
COSIM_PROVISION_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
COSIM_REPO_DIR=$(cd "$COSIM_PROVISION_DIR/../.." && pwd)
APT_LOCK_OPT=(-o DPkg::Lock::Timeout=600)

# start time of the outermost script (inherited by child scripts through the environment)
: "${COSIM_T0:=$(date +%s%N)}"
export COSIM_T0

_cosim_elapsed() {
    local now; now=$(date +%s%N)
    local ms=$(( (now - COSIM_T0) / 1000000 ))
    printf '%d.%01d' $((ms / 1000)) $(((ms % 1000) / 100))
}

# progress line on stderr: "==> [  12.3s] message"
step() { printf '==> [%6ss] %s\n' "$(_cosim_elapsed)" "$*" >&2; }
note() { printf '    %s\n' "$*" >&2; }
die()  { printf '==> [%6ss] ERROR: %s\n' "$(_cosim_elapsed)" "$*" >&2; exit 1; }

need_root() {
    [ "$(id -u)" = 0 ] || die "$(basename "$0") must run as root (it uses unshare --mount and chroot)"
}

# stamp_get KEY [FILE] -> value of KEY= in the stamp (empty if absent)
stamp_get() {
    local f=${2:-$COSIM_STAMP}
    [ -f "$f" ] || return 0
    sed -n "s/^$1=//p" "$f" | tail -n 1
}

# host_apt_install PKG... : install missing host (bookworm) packages; apt-get update at most once per run.
host_apt_install() {
    local p missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ -z "${COSIM_HOST_APT_UPDATED:-}" ]; then
        step "host: apt-get update"
        # other configured sources may be unreachable; apt still installs from the Debian mirror
        apt-get "${APT_LOCK_OPT[@]}" -qq update >&2 || note "apt-get update reported errors (continuing)"
        COSIM_HOST_APT_UPDATED=1; export COSIM_HOST_APT_UPDATED
    fi
    step "host: apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get "${APT_LOCK_OPT[@]}" install -y -q --no-install-recommends \
        "${missing[@]}" >&2 || die "host apt-get install ${missing[*]} failed"
}

# _cosim_bind_list DIR... : normalise, keep existing directories, drop those under an earlier one.
_cosim_bind_list() {
    local d o skip out=()
    while IFS= read -r d; do
        [ -n "$d" ] && [ "$d" != / ] || continue
        skip=
        for o in "${out[@]}"; do case "$d/" in "$o"/*) skip=1 ;; esac; done
        [ -n "$skip" ] || out+=("$d")
    done < <(for d in "$@"; do [ -n "$d" ] && [ -d "$d" ] && readlink -f -- "$d"; done | LC_ALL=C sort -u)
    [ ${#out[@]} -eq 0 ] || printf '%s\n' "${out[@]}"
}

# inroot CMD [ARG...]
#   Run a command inside the trixie root: private mount namespace + PID namespace, fresh /proc,
#   /dev rbound, sysfs, then chroot.  Nothing to clean up: the mounts die with the namespace.
#   COSIM_BINDS (newline/colon separated host directories) are rbound at the same absolute paths.
#   The environment is reset to a small clean one (plus INROOT_ENV="K=V ..." if set).
inroot() {
    local binds list=()
    IFS=: read -r -a list <<< "${COSIM_BINDS:-}"
    binds=$(_cosim_bind_list "${list[@]}")
    unshare --mount --fork --pid --mount-proc="$COSIM_ROOT/proc" -- \
        /bin/sh -c '
            R=$1; B=$2; E=$3; shift 3
            mount --rbind /dev "$R/dev" || exit 125
            mount -t sysfs sysfs "$R/sys" || exit 125
            [ -d "$R/tmp" ] && mount -t tmpfs tmpfs "$R/tmp"
            if [ -n "$B" ]; then
                printf "%s\n" "$B" | while IFS= read -r d; do
                    mkdir -p "$R$d" && mount --rbind "$d" "$R$d" || exit 125
                done || exit 125
            fi
            exec chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
                DEBIAN_FRONTEND=noninteractive $E "$@"' \
        inroot "$COSIM_ROOT" "$binds" "${INROOT_ENV:-}" "$@"
}

# inroot_sh SCRIPT [ARG...] : run a /bin/sh -ec script inside the root
inroot_sh() { local s=$1; shift; inroot /bin/sh -ec "$s" inroot-sh "$@"; }

# kvm_usable: true when /dev/kvm can be opened read/write
kvm_usable() { [ -c /dev/kvm ] && { : <>/dev/kvm; } 2>/dev/null; }
