#!/bin/sh
# bench-fio.sh [RUNTIME-SECONDS] - block I/O figures of /dev/nvme0n1 measured in the guest with fio (Debian's):
# sequential read and write (128 KiB, queue depth 8) in MB/s and 4 KiB random reads at queue depth 1 and 32 in IOPS.
# Output: "FIO <job> MBps=<n> IOPS=<n>" per job.
runtime=${1:-5}
DEV=/dev/nvme0n1
n=0
while [ ! -b $DEV ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
[ -b $DEV ] || { echo "no $DEV"; exit 1; }
run() {  # run NAME RW BS QD
    out=$(fio --name="$1" --filename=$DEV --rw="$2" --bs="$3" --iodepth="$4" --ioengine=libaio --direct=1 \
        --runtime="$runtime" --time_based --size=32M --numjobs=1 --group_reporting --minimal 2>&1) || { echo "$out"; return 1; }
    # terse v3: field 7/8 read bandwidth (KiB/s) / IOPS, field 48/49 write bandwidth / IOPS
    echo "$out" | awk -F';' -v job="$1" '{ r = $7 + $48; i = $8 + $49; printf "FIO %s MBps=%.1f IOPS=%d\n", job, r * 1024 / 1e6, i }'
}
rc=0
run seqread read 128k 8 || rc=1
run seqwrite write 128k 8 || rc=1
run randread-qd1 randread 4k 1 || rc=1
run randread-qd32 randread 4k 32 || rc=1
exit $rc
