#!/usr/bin/env bash
# Runs every Cosim test: unit tests first, then the integration tests that boot real QEMU guests, run
# Verilator and Docker. Installs what it needs (idempotent, cached under ${XDG_CACHE_HOME:-$HOME/.cache}/cosim)
# and prints progress. The last line is "N passed, N failed, N skipped" over every test that ran.
#
#   ./test.sh                 everything
#   ./test.sh --unit          unit tests only (no QEMU, Verilator or Docker; under a minute)
#   COSIM_TEST_FILTER=expr    passed to dotnet test --filter
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
export COSIM_CACHE=${COSIM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cosim}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
START=$SECONDS
step() { printf '==> [%4ds] %s\n' "$((SECONDS - START))" "$*" >&2; }

MODE=all
case "${1:-}" in
    --unit) MODE=unit ;;
    "") ;;
    *) echo "usage: $0 [--unit]" >&2; exit 2 ;;
esac

step "checking the .NET SDK"
if ! command -v dotnet >/dev/null 2>&1; then
    step "installing the .NET 10 SDK from the distribution (dotnet-sdk-10.0)"
    apt-get update -qq && apt-get install -y -o DPkg::Lock::Timeout=600 dotnet-sdk-10.0 || {
        echo "error: no .NET 10 SDK and the distribution does not package dotnet-sdk-10.0; install it from https://dot.net" >&2
        exit 1
    }
fi
dotnet --version >&2

if [ "$MODE" = all ] && ! command -v tshark >/dev/null 2>&1; then
    step "installing Debian's tshark (the Wireshark dissector test runs it)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 tshark >/dev/null
fi

RESULTS="$COSIM_CACHE/test-results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

step "building Cosim.sln (Release)"
dotnet build Cosim.sln -c Release -nologo -clp:ErrorsOnly -v:q

FILTER=${COSIM_TEST_FILTER:-}
if [ "$MODE" = unit ]; then
    FILTER=${FILTER:+($FILTER)&}"Category!=Integration"
fi

step "running tests${FILTER:+ (filter: $FILTER)}"
set +e
dotnet test Cosim.sln -c Release --no-build -nologo ${FILTER:+--filter "$FILTER"} \
    --logger "trx" --results-directory "$RESULTS" -- RunConfiguration.TreatNoTestsAsError=false 2>&1 | tee "$RESULTS/console.log"
STATUS=${PIPESTATUS[0]}
set -e

# One closing line over every test project, summed from the TRX files.
python3 - "$RESULTS" <<'PY' || awk 'BEGIN{print "0 passed, 1 failed"}'
import glob, re, sys
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    text = open(path, encoding="utf-8").read()
    m = re.search(r'<Counters [^>]*>', text)
    if not m:
        continue
    attrs = dict(re.findall(r'(\w+)="(\d+)"', m.group(0)))
    passed += int(attrs.get("passed", 0))
    failed += int(attrs.get("failed", 0)) + int(attrs.get("error", 0)) + int(attrs.get("timeout", 0)) + int(attrs.get("aborted", 0))
    skipped += int(attrs.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
step "done (dotnet test exit code $STATUS)"
exit "$STATUS"
