#!/bin/bash
# cosim-run-guest (docker/qemu/run-guest.sh): entrypoint of the `qemu` service.
#
# Waits for the vfio-user socket(s) of the Cosim devices, boots the Cosim test guest under stock QEMU with one
# vfio-user-pci device per socket (the command line of qemu-endpoint/src/Cosim.Qemu/QemuCommandLine.cs), shows the
# guest's console, then prints the guest test's summary and exits with the test's status (0 = passed).
#
# Environment (compose.yaml sets the first two):
#   COSIM_CONFIG              the topology file; the sockets are its Devices[].Attachment.{VfioUser|Tcp}.Socket
#   COSIM_SOCKETS             instead of the file: socket paths separated by spaces
#   COSIM_GUEST_TEST          the guest test (qemu-endpoint/guest/tests/NAME.sh; default kselftest-pci-endpoint)
#   COSIM_GUEST_ARGS          its arguments, comma-separated (e.g. -r,pci_ep_bar.BAR0.BAR_TEST)
#   COSIM_GUEST_MODULES       modules the guest loads first, comma-separated
#   COSIM_GUEST_TIMEOUT       seconds the guest gives the test (default 480)
#   COSIM_GUEST_CPUS          vCPUs (default 2);  COSIM_GUEST_MEMORY_MIB  guest RAM (default 1024)
#   COSIM_GUEST_IOMMU         1 (default): intel-iommu,intremap=on,dma-translation=off (multi-message MSI); 0: none
#   COSIM_WAIT_SECONDS        how long to wait for the sockets (default 600: an RTL model may be compiled first)
#   COSIM_QEMU_EXTRA          extra QEMU arguments, split on spaces
# Exit status: the test's rc; 124 when the guest's watchdog or the host-side timeout fired; 1 when no result came.
set -uo pipefail

GUEST=/opt/cosim/guest
TEST=${COSIM_GUEST_TEST:-kselftest-pci-endpoint}
TIMEOUT=${COSIM_GUEST_TIMEOUT:-480}
WAIT=${COSIM_WAIT_SECONDS:-600}
CPUS=${COSIM_GUEST_CPUS:-2}
MEMORY=${COSIM_GUEST_MEMORY_MIB:-1024}
CONSOLE=/tmp/console.log
START=$(date +%s%N)

elapsed() { local ms=$((($(date +%s%N) - START) / 1000000)); printf '%d.%01d' $((ms / 1000)) $(((ms % 1000) / 100)); }
say() { printf '==> [%5ss] %s\n' "$(elapsed)" "$*"; }
fail() { say "ERROR: $*"; exit 1; }

for n in "$TIMEOUT" "$WAIT" "$CPUS" "$MEMORY"; do
    case $n in '' | *[!0-9]*) fail "not a number: '$n' (COSIM_GUEST_TIMEOUT, COSIM_WAIT_SECONDS, COSIM_GUEST_CPUS, COSIM_GUEST_MEMORY_MIB)" ;; esac
done
if [ ! -f "$GUEST/vmlinuz" ] || [ ! -f "$GUEST/initrd.cpio.gz" ]; then
    fail "no guest in $GUEST (the image build did not finish)"
fi

# ---- the sockets ----------------------------------------------------------------------------------------------------
if [ -n "${COSIM_SOCKETS:-}" ]; then
    read -r -a sockets <<< "$COSIM_SOCKETS"
elif [ -n "${COSIM_CONFIG:-}" ]; then
    [ -r "$COSIM_CONFIG" ] || fail "cannot read COSIM_CONFIG=$COSIM_CONFIG (is the config directory mounted?)"
    # Keys are case-insensitive, as in Cosim's configuration reader.
    mapfile -t sockets < <(jq -r '
        def lower: walk(if type == "object" then with_entries(.key |= ascii_downcase) else . end);
        lower | .devices[]? | .attachment | (.vfiouser // .tcp // {}) | .socket // empty' "$COSIM_CONFIG") ||
        fail "$COSIM_CONFIG is not valid JSON"
else
    fail "set COSIM_CONFIG (the topology file) or COSIM_SOCKETS (socket paths)"
fi
[ ${#sockets[@]} -gt 0 ] || fail "no vfio-user socket in ${COSIM_CONFIG:-COSIM_SOCKETS} (Devices[].Attachment.VfioUser.Socket)"

say "waiting for ${sockets[*]} (up to ${WAIT} s)"
deadline=$(($(date +%s) + WAIT))
next_note=$(($(date +%s) + 15))
for s in "${sockets[@]}"; do
    until [ -S "$s" ]; do
        now=$(date +%s)
        [ "$now" -lt "$deadline" ] || fail "$s did not appear within ${WAIT} s: is the cosim service running (docker compose logs cosim)?"
        if [ "$now" -ge "$next_note" ]; then say "still waiting for $s"; next_note=$((now + 15)); fi
        sleep 0.1
    done
done

# ---- QEMU: the command line of QemuCommandLine.Build -------------------------------------------------------------------
if [ -c /dev/kvm ] && { : <>/dev/kvm; } 2>/dev/null; then accel=kvm; else accel=tcg; fi
append="console=ttyS0 panic=-1 rdinit=/init quiet loglevel=4 cosim.test=$TEST cosim.timeout=$TIMEOUT"
[ -z "${COSIM_GUEST_ARGS:-}" ] || append+=" cosim.args=$COSIM_GUEST_ARGS"
[ -z "${COSIM_GUEST_MODULES:-}" ] || append+=" cosim.modules=$COSIM_GUEST_MODULES"
args=(-machine q35 -accel "$accel" -cpu max -smp "$CPUS" -m "${MEMORY}M"
      -object "memory-backend-memfd,id=ram0,size=${MEMORY}M,share=on" -machine memory-backend=ram0
      -nodefaults -display none -no-reboot
      -chardev "stdio,id=console,logfile=$CONSOLE" -serial chardev:console
      -kernel "$GUEST/vmlinuz" -initrd "$GUEST/initrd.cpio.gz" -append "$append")
if [ "${COSIM_GUEST_IOMMU:-1}" = 1 ]; then
    # Multi-message MSI on x86 needs interrupt remapping; dma-translation=off keeps bus addresses guest-physical.
    # shellcheck disable=SC2054  # the commas belong to QEMU's option
    args+=(-device intel-iommu,intremap=on,dma-translation=off)
fi
i=0
for s in "${sockets[@]}"; do
    args+=(-device "pcie-root-port,id=rp$i,chassis=$((i + 1)),slot=$((i + 1))")
    args+=(-device "{\"driver\":\"vfio-user-pci\",\"socket\":{\"type\":\"unix\",\"path\":\"$s\"},\"bus\":\"rp$i\",\"x-msg-timeout\":5000}")
    i=$((i + 1))
done
if [ -n "${COSIM_QEMU_EXTRA:-}" ]; then read -r -a extra <<< "$COSIM_QEMU_EXTRA"; args+=("${extra[@]}"); fi

say "starting QEMU: $(qemu-system-x86_64 --version | head -n 1) ($accel), guest $(cat "$GUEST/abi" 2>/dev/null), test $TEST"
echo "    qemu-system-x86_64 ${args[*]}"
: > "$CONSOLE"
# timeout forwards SIGTERM/SIGINT to QEMU, which powers the guest off and exits.
timeout -k 10 $((TIMEOUT + 120)) qemu-system-x86_64 "${args[@]}" < /dev/null &
qemu_pid=$!
trap 'kill -TERM "$qemu_pid" 2>/dev/null' TERM INT
while :; do
    wait "$qemu_pid"
    qemu_rc=$?
    kill -0 "$qemu_pid" 2>/dev/null || break      # wait returned for a signal, not because QEMU ended
done
echo

# ---- the result: the guest's own markers --------------------------------------------------------------------------------
end=$(tr -d '\r' < "$CONSOLE" | grep -E "^COSIM-TEST-END $TEST rc=" | tail -n 1)
summary=$(tr -d '\r' < "$CONSOLE" | sed -n "/^COSIM-TEST-BEGIN $TEST\$/,/^COSIM-TEST-END $TEST /p" |
          grep -E '^([A-Za-z0-9_.-]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' | tail -n 1)
rc=${end##*rc=}
case $rc in
    '') say "no result from the guest (QEMU exit status $qemu_rc)"; exit 1 ;;
    timeout) say "guest test $TEST timed out after ${TIMEOUT} s"; exit 124 ;;
esac
if [ "$qemu_rc" = 124 ]; then say "QEMU did not finish within $((TIMEOUT + 120)) s"; exit 124; fi
say "guest test $TEST: ${summary:-no summary line} (rc=$rc)"
exit "$rc"
