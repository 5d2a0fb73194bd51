#!/bin/sh
# bench-mmio.sh - MMIO round-trip latency of several devices probed in the same boot, interleaved in blocks so
# that drift of the (TCG) guest hits every device alike. Timed in the guest with rdtsc by cosim-vfio bench.
# Arguments (cosim.args): COUNT-PER-BLOCK, BLOCKS, then LABEL=VVVV:DDDD:OFFSET for each device (a 4-byte register
# in BAR0 that reads and writes without side effects). Output per block and device:
#   BENCH LABEL block K
#   read: mean=... p50=... p99=... min=... us n=...      and  read-hist 0.1us BUCKET:COUNT ...
#   write: ...                                            and  write-hist 0.1us ...
count=${1:-2000}; blocks=${2:-10}; shift 2
rc=0
k=1
while [ $k -le "$blocks" ]; do
    for spec in "$@"; do
        label=${spec%%=*}; rest=${spec#*=}
        dev=${rest%:*}; off=${rest##*:}
        echo "BENCH $label block $k"
        cosim-vfio -q bench "$dev" 0 "$off" "$count" || { echo "BENCH-ERROR $label block $k"; rc=1; }
    done
    k=$((k + 1))
done
echo "BENCH-END"
exit $rc
