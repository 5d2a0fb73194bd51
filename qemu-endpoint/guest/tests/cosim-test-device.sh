#!/bin/sh
# cosim-test-device.sh - the endpoint's end-to-end proof, run in the guest against Cosim's test device
# (1234:c05a, models/src/Cosim.Models/TestDevice) behind QEMU's vfio-user-pci: identity, a memory-BAR and an
# I/O-BAR register, an MSI-X interrupt counted in /proc/interrupts, a DMA write of a pattern into guest memory
# and a DMA read whose CRC-32 the host side checks. Driven through vfio-pci (no-IOMMU) by cosim-vfio.
# Test device registers (BAR0): 0x00 ID c05a0001, 0x04 SCRATCH, 0x08 INTERRUPT_REQUEST (vector), 0x0c COUNT,
# 0x20/0x24 DMA address, 0x28 length, 0x2c command (1 write pattern seed+i, 2 read and CRC-32), 0x30 status
# (bit 1 DONE W1C, bit 2 ERROR W1C), 0x34 seed, 0x38 CRC-32. BAR2 (I/O): 0x00 scratch, 0x04 ID c05a10aa.
# Arguments: the devices to test (vvvv:dddd or BDF); default: every 1234:c05a in the guest, one after the other.
V=cosim-vfio
passed=0; failed=0

t() {   # t NAME EXPECTED-REGEX CMD...
    name=$1; want=$2; shift 2
    echo "--- $name: $*"
    out=$("$@" 2>&1); rc=$?
    echo "$out" | sed 's/^/    /'
    if [ $rc -eq 0 ] && echo "$out" | grep -Eq "$want"; then
        echo "PASS $name"; passed=$((passed + 1))
    else
        echo "FAIL $name (rc=$rc, expected /$want/)"; failed=$((failed + 1))
    fi
}

suite() {
    DEV=$1
    echo "=== device $DEV"
    t identity 'vendor 0x1234 device 0xc05a' $V info "$DEV"
    t memory-bar 'bar0\+0x4 = 0xdeadbeef' $V -q run "$DEV" \
        expect32 0 0 0xffffffff 0xc05a0001 w32 0 4 0xdeadbeef r32 0 4
    t io-bar 'bar2\+0x0 = 0x12345678' $V -q run "$DEV" \
        expect32 2 4 0xffffffff 0xc05a10aa w32 2 0 0x12345678 r32 2 0

    # MSI-X: keep the vectors allocated while /proc/interrupts is read, then let the program end. Up to 60 s: under
    # TCG on a loaded host, opening and resetting the device alone has taken over 10 s.
    echo "--- msix: vector 1 raised by the device, counted by the kernel"
    $V -q run "$DEV" irq msix 4 w32 0 8 1 waitirq 1 1 30000 echo IRQ-SEEN sleep 20000 > /tmp/msix.out 2>&1 &
    pid=$!
    i=0
    while ! grep -q IRQ-SEEN /tmp/msix.out && [ $i -lt 600 ] && kill -0 $pid 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
    sed 's/^/    /' /tmp/msix.out
    line=$(grep 'vfio-msix\[1\]' /proc/interrupts)
    echo "    /proc/interrupts: $line"
    count=0
    for n in $(echo "$line" | cut -d: -f2); do
        case $n in *[!0-9]*) break ;; *) count=$((count + n)) ;; esac
    done
    kill $pid 2>/dev/null; wait $pid 2>/dev/null
    if grep -q IRQ-SEEN /tmp/msix.out && [ "$count" -ge 1 ]; then
        echo "PASS msix (vfio-msix[1] count $count)"; passed=$((passed + 1))
    else
        echo "FAIL msix (vfio-msix[1] count $count)"; failed=$((failed + 1))
    fi

    t dma-write 'verify buf\+0x0 len 0x100 seq:0x40: ok' $V -q run "$DEV" buf 1 \
        w32 0 0x20 lo:buf w32 0 0x24 hi:buf w32 0 0x28 0x100 w32 0 0x34 0x40 w32 0 0x30 6 w32 0 0x2c 1 \
        poll32 0 0x30 2 2 5000 expect32 0 0x30 4 0 verify 0 0x100 seq:0x40
    # The host side checks the CRC-32 of seq:7 over 0x200 bytes against the value printed here.
    t dma-read 'bar0\+0x38 = 0x' $V -q run "$DEV" buf 1 fill 0 0x200 seq:7 \
        w32 0 0x20 lo:buf w32 0 0x24 hi:buf w32 0 0x28 0x200 w32 0 0x30 6 w32 0 0x2c 2 \
        poll32 0 0x30 2 2 5000 expect32 0 0x30 4 0 r32 0 0x38
}

if [ $# -eq 0 ]; then
    for d in /sys/bus/pci/devices/*; do
        [ "$(cat "$d/vendor")" = 0x1234 ] && [ "$(cat "$d/device")" = 0xc05a ] && set -- "$@" "${d##*/}"
    done
fi
[ $# -gt 0 ] || { echo "FAIL no 1234:c05a device"; failed=1; }
for dev in "$@"; do suite "$dev"; done
echo "cosim-test-device: $passed passed, $failed failed"
[ $failed -eq 0 ]
