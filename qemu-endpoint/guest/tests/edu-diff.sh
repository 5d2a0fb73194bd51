#!/bin/sh
# edu-diff.sh - exercises every register of an edu device (QEMU docs/specs/edu.rst) and a DMA round trip through
# physical addresses, printing only what the device answered. The host runs it once against QEMU's own
# -device edu and once against Cosim's edu model and requires the two outputs to be identical.
# Keep guest RAM below 256 MiB (edu's default DMA mask is 28 bits) so both devices see the same addresses.
DEV=${1:-1234:11e8}
V="cosim-vfio -q"

step() {   # step NAME OP...: runs the OPs on the device, prints its answers (physical addresses left out)
    name=$1; shift
    echo "== $name"
    out=$($V run "$DEV" "$@" 2>&1); rc=$?
    echo "$out" | grep -v ' phys \|^buf pages' | sed 's/^/   /'
    echo "   rc=$rc"
}

step identification r32 0 0x00
step liveness w32 0 0x04 0x12345678 r32 0 0x04 w32 0 0x04 0 r32 0 0x04
step factorial w32 0 0x08 5 poll32 0 0x20 1 0 2000 r32 0 0x08 w32 0 0x08 12 poll32 0 0x20 1 0 2000 r32 0 0x08 r32 0 0x20
step factorial-irq w32 0 0x64 0xffffffff irq msi 1 w32 0 0x20 0x80 r32 0 0x20 w32 0 0x08 4 waitirq 0 1 2000 \
    r32 0 0x24 r32 0 0x08 w32 0 0x64 1 r32 0 0x24 w32 0 0x20 0 r32 0 0x20 irq off
step raise-ack w32 0 0x64 0xffffffff w32 0 0x60 0x5a r32 0 0x24 w32 0 0x60 0x100 r32 0 0x24 w32 0 0x64 0x12 r32 0 0x24 \
    w32 0 0x64 0xffffffff r32 0 0x24
step msi w32 0 0x64 0xffffffff irq msi 1 w32 0 0x60 1 waitirq 0 1 2000 w32 0 0x64 1 w32 0 0x60 2 waitirq 0 2 2000 \
    w32 0 0x64 2 r32 0 0x24 irq off
step intx w32 0 0x64 0xffffffff irq intx 1 w32 0 0x60 4 waitirq 0 1 2000 r32 0 0x24 w32 0 0x64 4 unmask \
    w32 0 0x60 8 waitirq 0 2 2000 w32 0 0x64 8 unmask irq off
step widths r8 0 0x00 r16 0 0x00 r64 0 0x00 r32 0 0x40 r32 0 0x10 r64 0 0x80 r64 0 0x88 r64 0 0x90 r64 0 0x98
step dma-registers w64 0 0x80 0x1122334455667788 r64 0 0x80 w32 0 0x88 0xabcdef01 r64 0 0x88 w64 0 0x90 0x40 r64 0 0x90 \
    r32 0 0x98
step dma-roundtrip buf 1 fill 0 0x100 seq:0x11 \
    w64 0 0x80 buf w64 0 0x88 0x40000 w64 0 0x90 0x100 w64 0 0x98 1 poll32 0 0x98 1 0 5000 r32 0 0x98 \
    w64 0 0x80 0x40000 w64 0 0x88 buf+0x800 w64 0 0x90 0x100 w64 0 0x98 3 poll32 0 0x98 1 0 5000 \
    verify 0x800 0x100 seq:0x11 verify 0x900 0x700 0x00 r64 0 0x90
step dma-irq w32 0 0x64 0xffffffff buf 1 irq msi 1 fill 0 0x200 rand:9 \
    w64 0 0x80 buf w64 0 0x88 0x40100 w64 0 0x90 0x200 w64 0 0x98 5 waitirq 0 1 5000 r32 0 0x24 w32 0 0x64 0x100 \
    w64 0 0x80 0x40100 w64 0 0x88 buf+0x400 w64 0 0x90 0x200 w64 0 0x98 7 waitirq 0 2 5000 w32 0 0x64 0x100 \
    verify 0x400 0x200 rand:9 r32 0 0x24 irq off
echo "edu-diff: done"
