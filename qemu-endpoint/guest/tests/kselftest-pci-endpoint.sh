#!/bin/sh
# kselftest-pci-endpoint.sh - load pci_endpoint_test.ko and run the kernel's pci_endpoint kselftest.
# Arguments (cosim.args, comma-separated) go to the kselftest binary (e.g. -r,pci_ep_bar.BAR0.BAR_TEST),
# except --new-id=VVVV:DDDD, which binds the driver to that id through new_id first (for devices that
# are not one of the driver's own ids).
# Last line: "N passed, N failed, N skipped".  A test counts as failed when its result is "not ok",
# when it printed a "Test failed" line (a later SKIP hides an earlier failure in this harness), or
# when the plan announced more tests than reported (crash).  rc 1 on any failure.
abi=$(uname -r)
ko=/lib/modules/$abi/extra/pci_endpoint_test.ko
newid=
first=1
for a in "$@"; do
    [ $first = 1 ] && { set --; first=0; }
    case $a in --new-id=*) newid=${a#--new-id=} ;; *) set -- "$@" "$a" ;; esac
done
[ $first = 1 ] && set --

if [ ! -d /sys/bus/pci/drivers/pci-endpoint-test ]; then
    insmod "$ko" || { echo "insmod $ko failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
fi
if [ -n "$newid" ]; then
    echo "${newid%:*} ${newid#*:}" > /sys/bus/pci/drivers/pci-endpoint-test/new_id
fi
n=0
while [ ! -e /dev/pci-endpoint-test.0 ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
ls -l /dev/pci-endpoint-test.* 2>/dev/null || echo "warning: no /dev/pci-endpoint-test.* (no device bound)"

out=/tmp/kselftest.out
pci_endpoint_test "$@" > $out 2>&1
krc=$?
cat $out
echo "kselftest exit status $krc"
awk -v krc=$krc '
    /^1\.\.[0-9]+/ { plan = substr($1, 4) + 0 }
    /Test failed/ { tf = 1 }
    /^(not )?ok [0-9]+/ {
        results++
        if ($1 == "not") failed++
        else if (tf) { failed++; hidden++ }
        else if ($0 ~ /# *SKIP/) skipped++
        else passed++
        tf = 0
    }
    END {
        if (plan > results) { failed += plan - results; missing = plan - results }
        if (!results && !plan) { failed++; print "note: no TAP output" }
        else if (krc != 0 && krc != 4 && !failed) { failed++; print "note: kselftest exited with " krc }
        if (hidden) print "note: " hidden " test(s) reported ok/SKIP after printing \"Test failed\": counted as failed"
        if (missing) print "note: plan 1.." plan " but " results " result(s): " missing " counted as failed"
        printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
        exit failed ? 1 : 0
    }' $out
exit $?
