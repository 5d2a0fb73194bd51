#!/bin/sh
# bench-epf.sh - DMA throughput of a pci-epf-test device as the kernel's pci_endpoint_test driver sees it:
# times the kselftest's 1,024,000-byte READ/WRITE/COPY transfers with epf-xfer.
# Arguments (cosim.args): SIZE (default 1024000), ITERATIONS (default 5), then "dma" to set the DMA flag.
size=${1:-1024000}; iterations=${2:-5}; flag=${3:-}
abi=$(uname -r)
insmod /lib/modules/$abi/extra/pci_endpoint_test.ko || { echo "insmod failed"; exit 1; }
n=0
while [ ! -e /dev/pci-endpoint-test.0 ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
epf-xfer /dev/pci-endpoint-test.0 "$size" "$iterations" $flag
