#!/usr/bin/env bash
# The main job: ./cosim.sh demo. Installs what it needs (cached under ${XDG_CACHE_HOME:-$HOME/.cache}/cosim),
# builds Cosim and runs the `cosim` command with the given arguments.
set -euo pipefail
cd "$(dirname "$0")"
export COSIM_CACHE=${COSIM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cosim}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
START=$SECONDS
step() { printf '==> [%4ds] %s\n' "$((SECONDS - START))" "$*" >&2; }

if ! command -v dotnet >/dev/null 2>&1; then
    step "installing the .NET 10 SDK from the distribution (dotnet-sdk-10.0)"
    apt-get update -qq && apt-get install -y -o DPkg::Lock::Timeout=600 dotnet-sdk-10.0
fi

step "building Cosim (Release)"
dotnet build Cosim.sln -c Release -nologo -clp:ErrorsOnly -v:q

CLI=server/src/Cosim.Cli/bin/Release/net10.0/cosim.dll
if [ -f "$CLI" ]; then
    exec dotnet "$CLI" "$@"
fi

# Until the cosim command exists, the demo reports what was built.
step "built: $(ls tlp-core/src/Cosim.Tlp/bin/Release/net10.0/Cosim.Tlp.dll)"
echo "Cosim $(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)"
