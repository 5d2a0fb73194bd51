#!/usr/bin/env bash
# trixie-root.sh - make (once) the Debian trixie root that holds the guest kernel packages, the
# compiler and, unless the host's own QEMU is good enough, QEMU (>= 10.1 with vfio-user-pci).
# Idempotent: when the stamp and the files it names are present, it only prints the summary.
#
# Usage (root): bash qemu-endpoint/provision/trixie-root.sh
# Knobs:
#   COSIM_CACHE           cache dir (see lib.sh)
#   COSIM_KERNEL_VERSION  Debian package version of the guest kernel, e.g. 7.3.4-1~bpo13+1 or 6.12.118-1
#                         (default: what linux-image-amd64 in trixie-backports depends on when the root
#                         is first built; later runs reuse the stamp's version)
#   COSIM_REFRESH=1       apt-get update and re-resolve the default kernel version (upgrade)
# Output: $COSIM_CACHE/trixie-root and the stamp $COSIM_CACHE/trixie-root.stamp (key=value lines).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root

MIRROR=http://deb.debian.org/debian
QEMU_MIN=10.1
REQ_KVER=${COSIM_KERNEL_VERSION:-}
REFRESH=${COSIM_REFRESH:-0}
APT_IN=(apt-get -o DPkg::Lock::Timeout=600 -o APT::Keep-Downloaded-Packages=true -q)

ver_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]; }

# qemu_ok BINARY [runner...]: >= QEMU_MIN and lists vfio-user-pci
qemu_ok() {
    local v
    v=$("$@" --version 2>/dev/null | sed -n 's/^QEMU emulator version \([0-9][0-9.]*\).*/\1/p' | head -n 1)
    [ -n "$v" ] && ver_ge "$v" "$QEMU_MIN" || return 1
    local devs; devs=$("$@" -machine none -device help 2>/dev/null) || true
    case $devs in *'"vfio-user-pci"'*) ;; *) return 1 ;; esac
    printf '%s\n' "$v"
}

print_summary() {
    step "trixie root ready: $COSIM_ROOT (kernel $(stamp_get kernel_version) = $(stamp_get kernel_abi)," \
         "qemu $(stamp_get qemu) $(stamp_get qemu_version))"
    cat "$COSIM_STAMP"
}

# ---- fast path: everything named by the stamp is present ----------------------------------------
# Guest user-space tools copied into the initramfs with their libraries, as package:file-that-proves-it pairs.
GUEST_TOOLS=(pciutils:/usr/bin/lspci pci.ids:/usr/share/misc/pci.ids e2fsprogs:/sbin/mke2fs fio:/usr/bin/fio)

stamp_complete() {
    [ -f "$COSIM_STAMP" ] && [ -f "$COSIM_ROOT/.cosim-bootstrap-done" ] || return 1
    local tool
    for tool in "${GUEST_TOOLS[@]}"; do [ -e "$COSIM_ROOT${tool#*:}" ] || return 1; done
    local kv abi src q
    kv=$(stamp_get kernel_version); abi=$(stamp_get kernel_abi); src=$(stamp_get kernel_srcver)
    q=$(stamp_get qemu)
    [ -n "$kv" ] && [ -n "$abi" ] || return 1
    if [ -n "$REQ_KVER" ]; then [ "$REQ_KVER" = "$kv" ] || return 1
    else [ "$(stamp_get kernel_pinned)" != yes ] || return 1; fi   # back from a pin to the default
    [ -f "$COSIM_ROOT/boot/vmlinuz-$abi" ] && [ -f "$COSIM_ROOT/lib/modules/$abi/modules.dep" ] &&
    [ -d "$COSIM_ROOT/usr/src/linux-headers-$abi" ] && [ -f "$COSIM_ROOT/usr/src/linux-source-$src.tar.xz" ] &&
    [ -x "$COSIM_ROOT/usr/bin/gcc" ] && [ -x "$COSIM_ROOT/bin/busybox" ] || return 1
    case $q in
        root) [ -x "$COSIM_ROOT/usr/bin/qemu-system-x86_64" ] ;;
        system) [ -x "$(stamp_get qemu_binary)" ] ;;
        *) return 1 ;;
    esac
}
if [ "$REFRESH" != 1 ] && stamp_complete; then
    print_summary
    exit 0
fi

step "provisioning trixie root in $COSIM_ROOT"
mkdir -p "$COSIM_CACHE"
host_apt_install mmdebstrap debian-archive-keyring

# ---- 1. bootstrap (into a temporary directory, renamed when complete) ---------------------------
fresh_root=0
if [ ! -f "$COSIM_ROOT/.cosim-bootstrap-done" ]; then
    tmp=$COSIM_ROOT.new
    rm -rf "$tmp"
    if [ -e "$COSIM_ROOT" ]; then
        step "removing incomplete root"; rm -rf "$COSIM_ROOT"
    fi
    cat > "$COSIM_CACHE/sources.list" <<EOF
deb $MIRROR trixie main
deb $MIRROR trixie-updates main
deb http://deb.debian.org/debian-security trixie-security main
deb $MIRROR trixie-backports main
EOF
    step "mmdebstrap --variant=buildd trixie (takes 1-2 minutes)"
    # keep the package lists and the .debs (--skip=cleanup/apt): the lists resolve the kernel version
    # below without a second download, and the .debs are the cache
    mmdebstrap --variant=buildd --skip=cleanup/apt \
        --include=busybox-static,kmod,cpio,xz-utils,dwarves,bc,flex,bison,libelf-dev,libssl-dev \
        trixie "$tmp" "$COSIM_CACHE/sources.list" >"$COSIM_CACHE/mmdebstrap.log" 2>&1 ||
        { tail -n 30 "$COSIM_CACHE/mmdebstrap.log" >&2; die "mmdebstrap failed (log: $COSIM_CACHE/mmdebstrap.log)"; }
    touch "$tmp/.cosim-bootstrap-done"
    mv "$tmp" "$COSIM_ROOT"
    fresh_root=1
    step "bootstrap done"
fi

if [ "$fresh_root" = 0 ] || [ ! -d "$COSIM_ROOT/var/lib/apt/lists" ] ||
   ! ls "$COSIM_ROOT"/var/lib/apt/lists/*trixie-backports*Packages* >/dev/null 2>&1; then
    step "root: apt-get update"
    inroot "${APT_IN[@]}" -qq update >&2 || die "apt-get update in the root failed"
fi

# ---- 2. resolve the kernel -----------------------------------------------------------------------
KVER=$REQ_KVER
if [ -z "$KVER" ] && [ "$REFRESH" != 1 ] && [ "$(stamp_get kernel_pinned)" = no ]; then
    KVER=$(stamp_get kernel_version)
fi
if [ -z "$KVER" ]; then
    step "resolving the trixie-backports kernel (apt-cache madison linux-image-amd64)"
    meta=$(inroot apt-cache madison linux-image-amd64 | awk -F' *[|] *' '$3 ~ /trixie-backports\// && !v {v = $2} END {print v}')
    [ -n "$meta" ] || die "no linux-image-amd64 in trixie-backports (apt-cache madison found none)"
    dep=$(inroot apt-cache show "linux-image-amd64=$meta" |
          sed -n 's/^Depends:.*\(linux-image-[0-9][^ ,]*-amd64\) (= \([^)]*\)).*/\1 \2/p' | sed -n 1p)
    [ -n "$dep" ] || die "cannot read the image dependency of linux-image-amd64=$meta"
    KVER=${dep#* }
    note "linux-image-amd64 $meta -> ${dep% *} $KVER"
fi
UPSTREAM=${KVER%%-*}                                 # 7.3.4
SRCVER=$(printf '%s' "$UPSTREAM" | cut -d. -f1,2)    # 7.3
ABI=$UPSTREAM+deb13-amd64                            # 7.3.4+deb13-amd64 (uname -r)
case $KVER in *bpo*) KSUITE=trixie-backports ;; *) KSUITE=trixie ;; esac
note "kernel package version $KVER, ABI $ABI, source linux-source-$SRCVER ($KSUITE)"

installed_ver() { inroot dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null | sed -n 's/^install ok installed //p'; }
if [ "$(installed_ver "linux-image-$ABI")" != "$KVER" ] &&
   ! inroot apt-cache show "linux-image-$ABI=$KVER" >/dev/null 2>&1; then
    die "linux-image-$ABI=$KVER is not installable (not on the mirror any more? set COSIM_KERNEL_VERSION)"
fi

# ---- 3. which QEMU -------------------------------------------------------------------------------
QEMU_KIND=root; QEMU_BIN=/usr/bin/qemu-system-x86_64; QEMU_PKG=
if sysq=$(command -v qemu-system-x86_64) && sysv=$(qemu_ok "$sysq"); then
    QEMU_KIND=system; QEMU_BIN=$sysq
    QEMU_PKG="$sysv (system)"
    note "system QEMU $sysv at $sysq has vfio-user-pci: using it"
else
    note "system QEMU missing or < $QEMU_MIN / without vfio-user-pci: installing qemu-system-x86 in the root"
fi

# ---- 4. install ----------------------------------------------------------------------------------
pkgs=("linux-image-$ABI=$KVER" "linux-headers-$ABI=$KVER" "linux-source-$SRCVER=$KVER"
      busybox-static kmod cpio xz-utils dwarves gcc make)
for tool in "${GUEST_TOOLS[@]}"; do pkgs+=("${tool%%:*}"); done
[ "$QEMU_KIND" = root ] && pkgs+=(qemu-system-x86)
step "root: apt-get install -t trixie-backports ${pkgs[*]}"
# INITRD=No: the kernel postinst hook skips mkinitramfs (we boot our own initramfs)
INROOT_ENV="INITRD=No" inroot "${APT_IN[@]}" install -y --no-install-recommends -t trixie-backports \
    "${pkgs[@]}" > "$COSIM_CACHE/apt-install.log" 2>&1 ||
    { tail -n 30 "$COSIM_CACHE/apt-install.log" >&2; die "apt-get install failed (log: $COSIM_CACHE/apt-install.log)"; }
step "install done"

# ---- 5. verify -----------------------------------------------------------------------------------
for f in "boot/vmlinuz-$ABI" "boot/config-$ABI" "lib/modules/$ABI/modules.dep" "usr/src/linux-headers-$ABI/Makefile" \
         "usr/src/linux-source-$SRCVER.tar.xz" usr/bin/gcc bin/busybox; do
    [ -e "$COSIM_ROOT/$f" ] || die "missing after install: $COSIM_ROOT/$f"
done
if [ "$QEMU_KIND" = root ]; then
    QEMU_PKG=$(installed_ver qemu-system-x86)
    qv=$(inroot bash -c "$(declare -f ver_ge qemu_ok); QEMU_MIN=$QEMU_MIN; qemu_ok $QEMU_BIN") ||
        die "QEMU in the root ($QEMU_PKG) is < $QEMU_MIN or lacks vfio-user-pci"
    note "QEMU $qv ($QEMU_PKG) in the root lists vfio-user-pci"
fi
kcfg() { sed -n "s/^$1=//p" "$COSIM_ROOT/boot/config-$ABI" | head -n 1; }
NOIOMMU=$(kcfg CONFIG_VFIO_NOIOMMU)
[ "$NOIOMMU" = y ] || note "CONFIG_VFIO_NOIOMMU is not set in $ABI: guest-build.sh rebuilds vfio.ko with it"

# ---- 6. stamp ------------------------------------------------------------------------------------
cat > "$COSIM_STAMP.tmp" <<EOF
root=$COSIM_ROOT
kernel_version=$KVER
kernel_abi=$ABI
kernel_srcver=$SRCVER
kernel_suite=$KSUITE
kernel_pinned=$([ -n "$REQ_KVER" ] && echo yes || echo no)
kconfig_vfio=$(kcfg CONFIG_VFIO)
kconfig_vfio_pci=$(kcfg CONFIG_VFIO_PCI)
kconfig_vfio_noiommu=$NOIOMMU
kconfig_vfio_container=$(kcfg CONFIG_VFIO_CONTAINER)
qemu=$QEMU_KIND
qemu_binary=$QEMU_BIN
qemu_version=$QEMU_PKG
gcc_version=$(installed_ver gcc)
busybox_version=$(installed_ver busybox-static)
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
EOF
mv "$COSIM_STAMP.tmp" "$COSIM_STAMP"
print_summary
