#!/bin/sh
# bench-fio.sh RUNTIME ROUNDS [LABEL=SERIAL ...] - block I/O figures of NVMe namespaces measured in the guest with
# fio (Debian's): sequential read and write (128 KiB, queue depth 8) and 4 KiB random reads at queue depth 1 and 32,
# O_DIRECT through libaio, each job RUNTIME seconds after a 1 s ramp. Each LABEL names the namespace of the
# controller whose Serial Number is SERIAL (/sys/block/nvme*n1/device/serial: the controller, or with native
# multipath its subsystem). Every round runs each job on every device in turn, so that drift of a loaded host
# hits all devices alike. Without LABEL=SERIAL: /dev/nvme0n1, labelled nvme0n1.
# Output per run: "FIO <label> <job> <fio's terse v3 line>"; the host takes the bandwidth and IOPS from it; then
# "IRQ <label> <job> <n>": the interrupts the controller's queues raised during the run (/proc/interrupts).
runtime=${1:-3}; rounds=${2:-1}
[ $# -ge 2 ] && shift 2 || shift $#
[ $# -gt 0 ] || set -- nvme0n1=

n=0
until [ -b /dev/nvme0n1 ] && [ "$(ls -d /sys/block/nvme*n1 | wc -l)" -ge $# ] || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done

controller_of() {  # controller_of SERIAL: nvmeN, the controller with that serial number
    for c in /sys/class/nvme/nvme*; do
        [ "$(tr -d ' ' < $c/serial 2>/dev/null)" = "$1" ] && { echo ${c##*/}; return 0; }
    done
    echo nvme0
}

interrupts() {  # interrupts CONTROLLER: the sum over its queues' vectors and CPUs
    awk -v q="$1q" '$NF ~ "^" q { for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) n += $i; else break } END { print n + 0 }' /proc/interrupts
}

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
    devices="$devices $label=$dev=$(controller_of "$serial")"
done

run() {  # run LABEL DEV CONTROLLER JOB RW BS QD
    label=$1; dev=$2; ctrl=$3; shift 3
    before=$(interrupts $ctrl)
    out=$(fio --name="$1" --filename="$dev" --rw="$2" --bs="$3" --iodepth="$4" --ioengine=libaio --direct=1 \
        --ramp_time=1 --runtime="$runtime" --time_based --size=32M --numjobs=1 --group_reporting --minimal 2>&1) ||
        { echo "$out"; return 1; }
    echo "FIO $label $1 $(echo "$out" | grep '^3;' | tail -1)"
    echo "IRQ $label $1 $(($(interrupts $ctrl) - before))"
}

rc=0
round=1
while [ $round -le $rounds ]; do
    echo "ROUND $round"
    for job in "seqread read 128k 8" "seqwrite write 128k 8" "randread-qd1 randread 4k 1" "randread-qd32 randread 4k 32"; do
        for entry in $devices; do
            # shellcheck disable=SC2086 # the job's words are the arguments
            label=${entry%%=*}; rest=${entry#*=}
            run "$label" "${rest%=*}" "${rest##*=}" $job || rc=1
        done
    done
    round=$((round + 1))
done
exit $rc
