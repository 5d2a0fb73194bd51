#!/bin/sh
# bench-fio.sh RUNTIME ROUNDS [LABEL=SERIAL ...] - block I/O figures of NVMe namespaces measured in the guest with
# fio (Debian's): sequential read and write (128 KiB, queue depth 8) and 4 KiB random reads at queue depth 1 and 32,
# O_DIRECT through libaio, each job RUNTIME seconds after a 1 s ramp. Each LABEL names the namespace of the
# controller whose Serial Number is SERIAL (/sys/block/nvme*n1/device/serial: the controller, or with native
# multipath its subsystem). Every round runs each job on every device in turn, so that drift of a loaded host
# hits all devices alike. Without LABEL=SERIAL: /dev/nvme0n1, labelled nvme0n1.
# Output per run: "FIO <label> <job> <fio's terse v3 line>"; the host takes the bandwidth and IOPS from it.
runtime=${1:-4}; rounds=${2:-1}
[ $# -ge 2 ] && shift 2 || shift $#
[ $# -gt 0 ] || set -- nvme0n1=

n=0
until [ -b /dev/nvme0n1 ] && [ "$(ls -d /sys/block/nvme*n1 | wc -l)" -ge $# ] || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done

device_of() {  # device_of SERIAL: the block device whose controller has that serial number
    [ -n "$1" ] || { echo /dev/nvme0n1; return 0; }
    for b in /sys/block/nvme*n1; do
        [ "$(tr -d ' ' < $b/device/serial 2>/dev/null)" = "$1" ] && { echo /dev/${b##*/}; return 0; }
    done
    return 1
}

devices=""
for spec in "$@"; do
    label=${spec%%=*}; serial=${spec#*=}
    dev=$(device_of "$serial") || { echo "no namespace with serial '$serial' ($(ls /sys/block))"; exit 1; }
    [ -b "$dev" ] || { echo "no $dev"; exit 1; }
    echo "DEVICE $label $dev $(cat /sys/block/${dev#/dev/}/device/model 2>/dev/null | tr -s ' ')"
    devices="$devices $label=$dev"
done

run() {  # run LABEL DEV JOB RW BS QD
    out=$(fio --name="$3" --filename="$2" --rw="$4" --bs="$5" --iodepth="$6" --ioengine=libaio --direct=1 \
        --ramp_time=1 --runtime="$runtime" --time_based --size=32M --numjobs=1 --group_reporting --minimal 2>&1) ||
        { echo "$out"; return 1; }
    echo "FIO $1 $3 $(echo "$out" | grep '^3;' | tail -1)"
}

rc=0
round=1
while [ $round -le $rounds ]; do
    echo "ROUND $round"
    for job in "seqread read 128k 8" "seqwrite write 128k 8" "randread-qd1 randread 4k 1" "randread-qd32 randread 4k 32"; do
        for entry in $devices; do
            # shellcheck disable=SC2086 # the job's words are the arguments
            run "${entry%%=*}" "${entry#*=}" $job || rc=1
        done
    done
    round=$((round + 1))
done
exit $rc
