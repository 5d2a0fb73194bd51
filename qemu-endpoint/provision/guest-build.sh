#!/usr/bin/env bash
# guest-build.sh - build the guest kernel + initramfs used by the QEMU tests.
# Idempotent; cached in $COSIM_CACHE/guest/<kernel-abi>/, keyed by the kernel package version and a
# hash of qemu-endpoint/guest/ (init, tests, programs) and of this script.
#
# Usage (root): bash qemu-endpoint/provision/guest-build.sh      (runs trixie-root.sh first)
# Knobs: COSIM_CACHE, COSIM_KERNEL_VERSION (passed on to trixie-root.sh), COSIM_FORCE=1 (rebuild)
#
# Results in $COSIM_CACHE/guest/<abi>/:
#   vmlinuz, config            the trixie(-backports) kernel
#   initrd.cpio.gz             busybox initramfs: /init, /tests/*.sh, /usr/bin/{cosim-vfio,pci_endpoint_test},
#                              /lib/modules/<abi>/ (vfio, vfio-pci, vfio-pci-core, vfio_iommu_type1, irqbypass,
#                              nvme, nvme-core + deps, decompressed; extra/pci_endpoint_test.ko)
#   kbuild/                    pci_endpoint_test.ko, pci_endpoint_test (kselftest, static), vfio.ko
#                              (no-IOMMU rebuild, only when the kernel lacks CONFIG_VFIO_NOIOMMU), logs
#   bin/                       the static guest programs
# Last lines on stdout: abi=..., kernel=<path>, initrd=<path>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root

GUEST_SRC=$COSIM_REPO_DIR/qemu-endpoint/guest
[ -f "$GUEST_SRC/init" ] || die "missing $GUEST_SRC/init"

bash "$COSIM_PROVISION_DIR/trixie-root.sh" >/dev/null || die "trixie-root.sh failed"

KVER=$(stamp_get kernel_version); ABI=$(stamp_get kernel_abi); SRCVER=$(stamp_get kernel_srcver)
NOIOMMU=$(stamp_get kconfig_vfio_noiommu)
[ -n "$ABI" ] || die "no kernel in $COSIM_STAMP"
OUT=$COSIM_CACHE/guest/$ABI
B=/build/$ABI                        # work dir inside the root
BH=$COSIM_ROOT$B                     # the same, seen from the host
MODULES="vfio vfio-pci vfio-pci-core vfio_iommu_type1 irqbypass nvme nvme-core ext4"

src_hash=$( { (cd "$GUEST_SRC" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
              sha256sum < "${BASH_SOURCE[0]}"; echo "$MODULES"; } | sha256sum | cut -c1-16)
KEY="$KVER $src_hash $(stamp_get busybox_version) $(stamp_get gcc_version)"
KBUILD_KEY="$KVER noiommu=${NOIOMMU:-n} $(sha256sum < "${BASH_SOURCE[0]}" | cut -c1-16)"

finish() {
    step "guest artifacts in $OUT"
    echo "abi=$ABI"
    echo "kernel=$OUT/vmlinuz"
    echo "initrd=$OUT/initrd.cpio.gz"
}

if [ "${COSIM_FORCE:-0}" != 1 ] && [ "$(cat "$OUT/stamp" 2>/dev/null)" = "$KEY" ] &&
   [ -f "$OUT/vmlinuz" ] && [ -f "$OUT/initrd.cpio.gz" ]; then
    finish
    exit 0
fi

step "building guest for $ABI (kernel $KVER, sources $src_hash)"
mkdir -p "$OUT" "$BH"

# ---- 1. kernel-version dependent pieces (cached separately: the source tarball is slow to read) ---
if [ "${COSIM_FORCE:-0}" = 1 ] || [ "$(cat "$OUT/kbuild/stamp" 2>/dev/null)" != "$KBUILD_KEY" ]; then
    step "extracting linux-source-$SRCVER (pci_endpoint_test, kselftest, vfio)"
    cat > "$BH/kbuild.sh" <<'EOF'
set -eu
ABI=$1; SRCVER=$2; NOIOMMU=$3
B=/build/$ABI; KDIR=/usr/src/linux-headers-$ABI
rm -rf "$B/src" "$B/kbuild"; mkdir -p "$B/src" "$B/kbuild"; cd "$B/src"
S=$B/src/linux-source-$SRCVER
tar -xJf /usr/src/linux-source-$SRCVER.tar.xz --wildcards \
    "linux-source-$SRCVER/drivers/misc/pci_endpoint_test.c" \
    "linux-source-$SRCVER/include/uapi/linux/pcitest.h" \
    "linux-source-$SRCVER/tools/testing/selftests/pci_endpoint/*" \
    "linux-source-$SRCVER/tools/testing/selftests/kselftest*.h" \
    "linux-source-$SRCVER/tools/pci/*" \
    "linux-source-$SRCVER/drivers/vfio/*" 2>/dev/null || true   # members differ between versions
echo "--- pci_endpoint_test.ko"
mkdir -p $B/mod-epf && cp $S/drivers/misc/pci_endpoint_test.c $B/mod-epf/
echo 'obj-m := pci_endpoint_test.o' > $B/mod-epf/Kbuild
make -s -C $KDIR M=$B/mod-epf modules
VM=$(modinfo -F vermagic $B/mod-epf/pci_endpoint_test.ko)
case "$VM" in "$ABI "*) echo "vermagic ok: $VM" ;; *) echo "VERMAGIC MISMATCH: $VM"; exit 1 ;; esac
cp $B/mod-epf/pci_endpoint_test.ko $B/kbuild/
if [ -f $S/tools/testing/selftests/pci_endpoint/pci_endpoint_test.c ]; then    # >= 6.15
    echo "--- kselftest pci_endpoint_test (static)"
    ( cd $S/tools/testing/selftests/pci_endpoint &&
      gcc -static -O2 -Wall -D_GNU_SOURCE= -I.. pci_endpoint_test.c -o $B/kbuild/pci_endpoint_test -lrt -lpthread -lm )
elif [ -f $S/tools/pci/pcitest.c ]; then                                         # <= 6.14
    echo "--- no kselftest in $SRCVER: pcitest + pcitest.sh (static) instead"
    gcc -static -O2 -Wall -D_GNU_SOURCE -I$S/include/uapi $S/tools/pci/pcitest.c -o $B/kbuild/pcitest
    cp $S/tools/pci/pcitest.sh $B/kbuild/
else
    echo "neither the pci_endpoint kselftest nor tools/pci in linux-source-$SRCVER"; exit 1
fi
if [ "$NOIOMMU" != y ]; then
    # Debian builds vfio.ko without CONFIG_VFIO_NOIOMMU.  The option only changes code inside vfio.ko
    # (no shared struct layout), so rebuild that one module from the same source with it on.
    echo "--- vfio.ko with CONFIG_VFIO_NOIOMMU"
    rm -rf $B/mod-vfio; mkdir -p $B/mod-vfio
    cp $S/drivers/vfio/*.c $S/drivers/vfio/*.h $B/mod-vfio/
    # Kbuild = the kernel's own drivers/vfio/Makefile (so the object list follows this version and
    # its config) minus the other modules and subdirectories, plus the option
    awk '/^obj-/ && !/vfio\.o/ {next} {print}' $S/drivers/vfio/Makefile > $B/mod-vfio/Kbuild
    echo 'ccflags-y += -DCONFIG_VFIO_NOIOMMU=1' >> $B/mod-vfio/Kbuild
    make -s -C $KDIR M=$B/mod-vfio modules
    modinfo -F parm $B/mod-vfio/vfio.ko | grep -q '^enable_unsafe_noiommu_mode:' ||
        { echo "rebuilt vfio.ko lacks enable_unsafe_noiommu_mode"; exit 1; }
    VM=$(modinfo -F vermagic $B/mod-vfio/vfio.ko)
    case "$VM" in "$ABI "*) echo "vermagic ok: $VM" ;; *) echo "VERMAGIC MISMATCH: $VM"; exit 1 ;; esac
    cp $B/mod-vfio/vfio.ko $B/kbuild/
fi
rm -rf "$B/src"
EOF
    inroot /bin/sh "$B/kbuild.sh" "$ABI" "$SRCVER" "${NOIOMMU:-n}" > "$BH/kbuild.log" 2>&1 ||
        { tail -n 40 "$BH/kbuild.log" >&2; die "kernel-side build failed (log: $BH/kbuild.log)"; }
    grep -E '^(vermagic|---)' "$BH/kbuild.log" | sed 's/^/    /' >&2
    rm -rf "$OUT/kbuild"; mkdir -p "$OUT/kbuild"
    cp "$BH"/kbuild/* "$BH/kbuild.log" "$OUT/kbuild/"
    echo "$KBUILD_KEY" > "$OUT/kbuild/stamp"
else
    step "pci_endpoint_test.ko, kselftest and vfio.ko are up to date"
fi

# ---- 2. guest programs -------------------------------------------------------------------------
step "compiling guest programs (gcc -static -O2)"
rm -rf "${BH:?}/guest-src" "${BH:?}/bin"; mkdir -p "$BH/bin"
cp -a "$GUEST_SRC" "$BH/guest-src"
inroot_sh 'cd "$1/guest-src/programs" 2>/dev/null || exit 0
for c in *.c; do
    [ -f "$c" ] || continue
    gcc -static -O2 -Wall -Wextra -Wno-format-truncation -o "$1/bin/${c%.c}" "$c"
done' "$B" >&2 || die "guest program build failed"
rm -rf "${OUT:?}/bin"; cp -a "$BH/bin" "$OUT/bin"

# ---- 3. initramfs --------------------------------------------------------------------------------
step "packing the initramfs"
cat > "$BH/initramfs.sh" <<'EOF'
set -eu
ABI=$1; B=/build/$ABI; MODULES=$2; NOIOMMU=$3
I=$B/initramfs; M=$I/lib/modules/$ABI
rm -rf "$I"; mkdir -p "$I" && cd "$I"
mkdir -p bin sbin usr/bin usr/sbin dev proc sys tmp run root mnt etc/modprobe.d tests "$M"
# busybox and its applet links
cp /bin/busybox bin/busybox
for p in $(/bin/busybox --list-full); do
    case $p in bin/busybox|linuxrc) continue ;; esac
    [ -e "$p" ] || ln -s /bin/busybox "$p"
done
mknod -m 600 dev/console c 5 1
mknod -m 666 dev/null c 1 3
# modules (and their dependencies), decompressed, with a matching modules.dep
: > "$M/modules.dep.in"
for p in $(modprobe -S "$ABI" --show-depends -a $MODULES | awk '$1 == "insmod" {print $2}' | sort -u); do
    rel=${p#/lib/modules/$ABI/}
    dst=$M/${rel%.xz}
    mkdir -p "$(dirname "$dst")"
    case $p in *.xz) xz -dc "$p" > "$dst" ;; *) cp "$p" "$dst" ;; esac
    echo "$rel" >> "$M/modules.dep.in"
done
if [ "$NOIOMMU" != y ]; then cp "$B/kbuild/vfio.ko" "$M/kernel/drivers/vfio/vfio.ko"; fi
mkdir -p "$M/extra" && cp "$B/kbuild/pci_endpoint_test.ko" "$M/extra/"
# modules.dep lines of the included modules, .xz suffixes dropped
grep -F -f "$M/modules.dep.in" "/lib/modules/$ABI/modules.dep" | awk -v list="$M/modules.dep.in" '
    BEGIN { while ((getline l < list) > 0) want[l ":"] = 1 }
    want[$1] { gsub(/\.xz/, ""); print }' > "$M/modules.dep"
echo "extra/pci_endpoint_test.ko:" >> "$M/modules.dep"
rm "$M/modules.dep.in"
echo "options vfio enable_unsafe_noiommu_mode=1" > etc/modprobe.d/cosim.conf
# init, tests, programs
cp "$B/guest-src/init" init && chmod 755 init
cp "$B"/guest-src/tests/*.sh tests/ && chmod 755 tests/*.sh
cp "$B"/bin/* usr/bin/
for f in pci_endpoint_test pcitest pcitest.sh; do [ -f "$B/kbuild/$f" ] && cp "$B/kbuild/$f" usr/bin/; done
# dynamically linked tools from the root, with every library they load (ldd) and their data files
for tool in /usr/bin/lspci /sbin/mke2fs /sbin/e2fsck /usr/bin/fio; do
    cp "$tool" usr/bin/
    for lib in $(ldd "$tool" | awk '/=>/ {print $3} /^[[:space:]]*\/lib/ {print $1}'); do
        mkdir -p ".$(dirname "$lib")" && cp -L "$lib" ".$lib"
    done
done
mkdir -p usr/share/misc && cp /usr/share/misc/pci.ids usr/share/misc/
echo "$ABI" > etc/cosim-kernel-abi
find . -print | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -6 > "$B/initrd.cpio.gz"
echo "modules:"; cat "$M/modules.dep"
EOF
mkdir -p "$BH/kbuild" && cp "$OUT/kbuild/"* "$BH/kbuild/"
inroot /bin/sh "$B/initramfs.sh" "$ABI" "$MODULES" "${NOIOMMU:-n}" > "$BH/initramfs.log" 2>&1 ||
    { tail -n 30 "$BH/initramfs.log" >&2; die "initramfs build failed (log: $BH/initramfs.log)"; }
sed 's/^/    /' "$BH/initramfs.log" >&2

cp "$BH/initrd.cpio.gz" "$OUT/initrd.cpio.gz.tmp" && mv "$OUT/initrd.cpio.gz.tmp" "$OUT/initrd.cpio.gz"
cp "$COSIM_ROOT/boot/vmlinuz-$ABI" "$OUT/vmlinuz"
cp "$COSIM_ROOT/boot/config-$ABI" "$OUT/config"
echo "$KEY" > "$OUT/stamp"
note "initrd $(du -h "$OUT/initrd.cpio.gz" | cut -f1), kernel $(du -h "$OUT/vmlinuz" | cut -f1)"
finish
