#!/usr/bin/env bash
# Runs every Cosim test: unit tests first, then the integration tests that boot real QEMU guests, run
# Verilator and Docker. Installs what it needs (idempotent, cached under ${XDG_CACHE_HOME:-$HOME/.cache}/cosim)
# and prints progress. The last line is "N passed, N failed, N skipped" over every test that ran.
#
#   ./test.sh                 everything: dotnet test (unit and Integration), then the Docker Compose path
#                             (docker/test-compose.sh, as root: behavioral cold and warm, RTL, a user's own RTL, TCP link)
#   ./test.sh --unit          unit tests only (no QEMU, Verilator or Docker; under a minute)
#   COSIM_TEST_FILTER=expr    passed to dotnet test --filter; the Docker step then runs only if COSIM_TEST_DOCKER=1
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

# One results folder per run (two runs on one machine must not count each other's TRX files); a day's are kept.
mkdir -p "$COSIM_CACHE/test-results"
find "$COSIM_CACHE/test-results" -mindepth 1 -maxdepth 1 -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
RESULTS=$(mktemp -d "$COSIM_CACHE/test-results/run.XXXXXX")
step "results: $RESULTS"

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

# The Docker Compose path (Integration): real `docker compose up` runs whose pass/fail is the guest suite's own
# summary (docker/test-compose.sh). Its last line, "N passed, N failed", joins the totals below; each run is one test.
DOCKER_STATUS=0
rm -f "$RESULTS/docker-compose.log"
if [ "$MODE" = unit ]; then
    step "Docker Compose path: skipped (--unit)"
elif [ -n "${COSIM_TEST_FILTER:-}" ] && [ "${COSIM_TEST_DOCKER:-0}" != 1 ]; then
    step "Docker Compose path: skipped (COSIM_TEST_FILTER selects dotnet tests; COSIM_TEST_DOCKER=1 runs it too)"
else
    step "Docker Compose path (Integration): docker/test-compose.sh behavioral rtl own-rtl link"
    set +e
    bash docker/test-compose.sh behavioral rtl own-rtl link 2>&1 | tee "$RESULTS/docker-compose.log"
    DOCKER_STATUS=${PIPESTATUS[0]}
    set -e
    step "Docker Compose path: exit code $DOCKER_STATUS"
fi

# One closing line over every test project, summed from the TRX files, plus the Docker Compose runs.
python3 - "$RESULTS" "$DOCKER_STATUS" <<'PY' || awk 'BEGIN{print "0 passed, 1 failed"}'
import glob, os, re, sys
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
docker_log = os.path.join(sys.argv[1], "docker-compose.log")
if os.path.exists(docker_log):
    counts = re.findall(r'^(\d+) passed, (\d+) failed$', open(docker_log, encoding="utf-8", errors="replace").read(), re.M)
    if not counts:
        failed += 1  # the script stopped before its summary
    else:
        passed += int(counts[-1][0])
        failed += int(counts[-1][1])
        if sys.argv[2] != "0" and int(counts[-1][1]) == 0:
            failed += 1  # a failure outside the runs it counted
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
step "done (dotnet test exit code $STATUS, Docker Compose path exit code $DOCKER_STATUS)"
[ "$STATUS" = 0 ] && [ "$DOCKER_STATUS" = 0 ]
