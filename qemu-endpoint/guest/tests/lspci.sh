#!/bin/sh
# lspci.sh - prints `lspci -vvv -nn` of each device named as VVVV:DDDD in the arguments (no driver bound), between
# LSPCI-BEGIN/LSPCI-END markers, for the host to compare with golden files.
rc=0
for id in "$@"; do
    echo "LSPCI-BEGIN $id"
    lspci -vvv -nn -d "$id" 2>/dev/null || rc=1   # stderr: libkmod finds no module index in the initramfs
    echo "LSPCI-END $id"
done
exit $rc
