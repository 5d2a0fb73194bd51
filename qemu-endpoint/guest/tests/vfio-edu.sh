#!/bin/sh
# vfio-edu.sh - self-test of cosim-vfio (VFIO no-IOMMU user-space driver) against QEMU's edu device.
# QEMU: -device edu,dma_mask=0xffffffffffffffff   (edu's default DMA mask is 28 bits: a buffer above
#       256 MiB would be clamped; the test warns when that can happen)
# Argument (cosim.args): the device, default 1234:11e8.
# edu registers (BAR0): 0x00 id 0x010000ed, 0x04 liveness (reads back inverted), 0x24 irq status,
# 0x60 raise irq (status |= value), 0x64 ack (status &= ~value), 0x80 DMA src, 0x88 DMA dst,
# 0x90 DMA count, 0x98 DMA cmd (1 start, 2 edu->RAM, 4 irq 0x100 when done); edu buffer at 0x40000.
DEV=${1:-1234:11e8}
V=cosim-vfio
passed=0; failed=0

t() {   # t NAME EXPECTED-GREP CMD...   (EXPECTED-GREP: extended regex the output must match, or -)
    name=$1; want=$2; shift 2
    echo "--- $name: $*"
    out=$("$@" 2>&1); rc=$?
    echo "$out" | sed 's/^/    /'
    if [ $rc -eq 0 ] && { [ "$want" = - ] || echo "$out" | grep -Eq "$want"; }; then
        echo "PASS $name"; passed=$((passed + 1))
    else
        echo "FAIL $name (rc=$rc${want:+, expected /$want/})"; failed=$((failed + 1))
    fi
}

echo "kernel $(uname -r); vfio noiommu: $(cat /sys/module/vfio/parameters/enable_unsafe_noiommu_mode 2>/dev/null || echo not-loaded)"
t info 'region 0 bar0 size 0x100000 .*mem32' $V info "$DEV"
t id '^0x010000ed$' $V -q read "$DEV" bar0 0 4
t liveness-write '^0x12345678$' $V -q write "$DEV" bar0 4 4 0x12345678
t liveness-read '^0xedcba987$' $V -q read "$DEV" bar0 4 4
t liveness-run 'bar0\+0x4 = 0x5a5aa5a5' $V -q run "$DEV" w32 0 4 0xa5a55a5a r32 0 4 expect32 0 4 0xffffffff 0x5a5aa5a5
t width-64 'bar0\+0x88 = 0x1122334455667788' $V -q run "$DEV" w64 0 0x88 0x1122334455667788 r64 0 0x88
t cfg-read '^0x11e81234$' $V -q read "$DEV" cfg 0 4
t msi 'irq msi vector 0 count 1' $V -q msi "$DEV" 0 1 2000 -- write bar0 0x60 0x1
t msi-ack-twice 'irq msi vector 0 count 2' $V -q run "$DEV" \
    w32 0 0x64 0xffffffff irq msi 1 \
    w32 0 0x60 0x2 waitirq 0 1 2000 expect32 0 0x24 0xffffffff 0x2 w32 0 0x64 0x2 \
    w32 0 0x60 0x8 waitirq 0 2 2000 expect32 0 0x24 0xffffffff 0x8 w32 0 0x64 0x8 expect32 0 0x24 0xffffffff 0
t intx 'irq intx vector 0 count 2' $V -q run "$DEV" \
    w32 0 0x64 0xffffffff irq intx 1 \
    w32 0 0x60 0x4 waitirq 0 1 2000 w32 0 0x64 0x4 unmask \
    w32 0 0x60 0x4 waitirq 0 2 2000 w32 0 0x64 0x4 unmask irq off
t dma-roundtrip 'verify buf\+0x800 len 0x100 seq:0x5a: ok' $V -q dma "$DEV" 1 -- \
    fill 0 0x100 seq:0x5a \
    w64 0 0x80 buf w64 0 0x88 0x40000 w64 0 0x90 0x100 w64 0 0x98 1 poll32 0 0x98 1 0 5000 \
    w64 0 0x80 0x40000 w64 0 0x88 buf+0x800 w64 0 0x90 0x100 w64 0 0x98 3 poll32 0 0x98 1 0 5000 \
    verify 0x800 0x100 seq:0x5a verify 0x900 0x700 0x00
t dma-irq 'verify buf\+0x100 len 0xf00 rand:7: ok' $V -q run "$DEV" \
    w32 0 0x64 0xffffffff buf 2 irq msi 1 fill 0x1000 0x1000 rand:7 \
    w64 0 0x80 buf+0x1000 w64 0 0x88 0x40000 w64 0 0x90 0x1000 w64 0 0x98 5 waitirq 0 1 5000 \
    expect32 0 0x24 0x100 0x100 w32 0 0x64 0x100 \
    w64 0 0x80 0x40000 w64 0 0x88 buf+0x100 w64 0 0x90 0xf00 w64 0 0x98 7 waitirq 0 2 5000 \
    w32 0 0x64 0x100 verify 0x100 0xf00 rand:7 verify 0 0x100 0x00
t bench 'write: mean=' $V -q bench "$DEV" 0 4 1000

# edu clamps DMA addresses to its dma_mask (default 28 bits): say so if the buffer was above it
phys=$($V -q dma "$DEV" 1 2>/dev/null | sed -n 's/^buf page 0 phys //p')
if [ -n "$phys" ] && [ $((phys)) -ge $((0x10000000)) ] && [ $failed -ne 0 ]; then
    echo "note: buffers lie above 256 MiB (e.g. $phys); with edu's default 28-bit dma_mask the DMA is clamped:"
    echo "      start QEMU with -device edu,dma_mask=0xffffffffffffffff"
fi
echo "vfio-edu: $passed passed, $failed failed"
[ $failed -eq 0 ]
