#!/bin/sh
# nvme-e2e.sh PHASE - the stock nvme driver against an NVMe controller: ext2 filesystem and raw block I/O.
#   write:  mkfs.ext2 on the first half of /dev/nvme0n1, mount, write a tree of files, record their SHA-256 in
#           MANIFEST, sync, umount, e2fsck -fn, remount and verify every hash; write a random pattern raw to the
#           second half, drop caches, read it back and compare.
#   verify: (after the guest and the model were restarted) mount, verify every hash, e2fsck -fn, read the raw
#           pattern back. The host compares the HASH and RAW lines of both phases.
# Lines for the host: "SIZE <bytes>", "HASH <sha256> <path>", "RAW <sha256>", "FSCK rc=<n>".
phase=${1:-write}
DEV=/dev/nvme0n1
fail() { echo "FAIL: $*"; exit 1; }
fsck_clean() { /usr/bin/e2fsck -fn "$DEV" > /tmp/fsck.log 2>&1; rc=$?; sed 's/^/    /' /tmp/fsck.log; echo "FSCK rc=$rc"; [ $rc -eq 0 ] || fail "e2fsck -fn reported rc=$rc"; }

n=0
while [ ! -b $DEV ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
[ -b $DEV ] || fail "no $DEV (dmesg: $(dmesg | grep -i nvme | tail -5))"
sectors=$(cat /sys/block/nvme0n1/size)
bytes=$((sectors * 512)); echo "SIZE $bytes"
fs_blocks=$((bytes / 2 / 4096))
raw_mib=8
raw_seek_mib=$((bytes / 2 / 1048576 + 1))
mkdir -p /mnt

if [ "$phase" = write ]; then
    /usr/bin/mke2fs -q -F -t ext2 -b 4096 $DEV $fs_blocks || fail "mke2fs"
    mount -t ext2 $DEV /mnt || fail "mount"
    mkdir -p /mnt/tree/a/b /mnt/tree/c
    i=0
    for spec in 1:tree/empty-ish 4096:tree/a/page 12345:tree/a/b/odd 1048576:tree/c/mib 3000000:tree/c/big 777:tree/note; do
        size=${spec%%:*}; path=${spec#*:}
        dd if=/dev/urandom of=/mnt/$path bs=$size count=1 2>/dev/null || fail "write $path"
        i=$((i + 1))
    done
    (cd /mnt && find tree -type f | sort | xargs sha256sum > MANIFEST) || fail "sha256sum"
    sync
    umount /mnt || fail "umount"
    fsck_clean
    mount -t ext2 $DEV /mnt || fail "remount"
    (cd /mnt && sha256sum -c MANIFEST) | sed 's/^/    /'
    (cd /mnt && sha256sum -c -s MANIFEST) || fail "hash mismatch after remount"
    sed 's/^/HASH /' /mnt/MANIFEST
    umount /mnt
    dd if=/dev/urandom of=/tmp/raw bs=1048576 count=$raw_mib 2>/dev/null
    dd if=/tmp/raw of=$DEV bs=1048576 seek=$raw_seek_mib conv=fsync 2>/dev/null || fail "raw write"
    echo 3 > /proc/sys/vm/drop_caches
    dd if=$DEV of=/tmp/back bs=1048576 skip=$raw_seek_mib count=$raw_mib 2>/dev/null || fail "raw read"
    want=$(sha256sum < /tmp/raw | cut -d' ' -f1); got=$(sha256sum < /tmp/back | cut -d' ' -f1)
    [ "$want" = "$got" ] || fail "raw pattern read back differs ($want != $got)"
    echo "RAW $got"
else
    mount -t ext2 $DEV /mnt || fail "mount"
    (cd /mnt && sha256sum -c MANIFEST) | sed 's/^/    /'
    (cd /mnt && sha256sum -c -s MANIFEST) || fail "hash mismatch after restart"
    sed 's/^/HASH /' /mnt/MANIFEST
    umount /mnt
    fsck_clean
    dd if=$DEV of=/tmp/back bs=1048576 skip=$raw_seek_mib count=$raw_mib 2>/dev/null || fail "raw read"
    echo "RAW $(sha256sum < /tmp/back | cut -d' ' -f1)"
fi
echo "nvme-e2e $phase: ok"
