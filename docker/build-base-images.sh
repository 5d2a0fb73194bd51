#!/usr/bin/env bash
# docker/build-base-images.sh - build, without any registry, the base images the Dockerfiles in docker/ name:
#
#   local/debian:trixie-slim   Debian trixie minbase, from `mmdebstrap --variant=minbase trixie - | docker import`
#   local/dotnet-sdk:10.0      the same plus the .NET SDK of this host (copied in) and the libraries it needs
#
# Each image is built only when missing. The SDK image records the SDK version it holds (label cosim.dotnet-sdk);
# when the host's SDK differs it says so, and --force rebuilds.
#
# Usage (root, a running Docker engine, mmdebstrap installed): docker/build-base-images.sh [--force]
# Knobs:
#   COSIM_DEBIAN_MIRROR   mirror for mmdebstrap (default http://deb.debian.org/debian)
#   DOTNET_ROOT           the SDK to copy in (default: the directory of the `dotnet` on PATH, symlinks resolved)
set -euo pipefail

MIRROR=${COSIM_DEBIAN_MIRROR:-http://deb.debian.org/debian}
DEBIAN_IMAGE=local/debian:trixie-slim
SDK_IMAGE=local/dotnet-sdk:10.0
FORCE=0
case "${1:-}" in
    --force) FORCE=1 ;;
    "") ;;
    *) echo "usage: $0 [--force]" >&2; exit 2 ;;
esac

T0=$(date +%s%N)
step() { local ms=$((($(date +%s%N) - T0) / 1000000)); printf '==> [base %4d.%01ds] %s\n' $((ms / 1000)) $(((ms % 1000) / 100)) "$*" >&2; }
die() { step "ERROR: $*"; exit 1; }
have_image() { docker image inspect "$1" >/dev/null 2>&1; }

[ "$(id -u)" = 0 ] || die "run as root (mmdebstrap builds the root file systems as root)"
command -v mmdebstrap >/dev/null || die "mmdebstrap is missing: apt-get install --no-install-recommends mmdebstrap"
docker info >/dev/null 2>&1 || die "no Docker engine answers"

# Imported images carry no ENV and no CMD: give them the ones a Debian image has.
common_changes=(--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
                --change 'ENV LANG=C.UTF-8' --change 'CMD ["bash"]')

if [ "$FORCE" = 1 ] || ! have_image "$DEBIAN_IMAGE"; then
    step "building $DEBIAN_IMAGE (mmdebstrap --variant=minbase trixie | docker import; about a minute)"
    mmdebstrap --quiet --variant=minbase trixie - "$MIRROR" |
        docker import "${common_changes[@]}" --message "mmdebstrap --variant=minbase trixie" - "$DEBIAN_IMAGE" >/dev/null ||
        die "building $DEBIAN_IMAGE failed"
    step "$DEBIAN_IMAGE built ($(docker image inspect -f '{{.Size}}' "$DEBIAN_IMAGE" | awk '{printf "%d MB", $1 / 1e6}'))"
else
    step "$DEBIAN_IMAGE present"
fi

# The SDK: the host's own, the one that builds Cosim on the host, so the container builds it the same way.
if [ -z "${DOTNET_ROOT:-}" ]; then
    dotnet_bin=$(command -v dotnet) || die "no dotnet on PATH: install the .NET 10 SDK (test.sh does) or set DOTNET_ROOT"
    DOTNET_ROOT=$(dirname "$(readlink -f "$dotnet_bin")")
fi
[ -x "$DOTNET_ROOT/dotnet" ] || die "$DOTNET_ROOT/dotnet is not an executable"
sdk_version=$("$DOTNET_ROOT/dotnet" --list-sdks | awk '$1 ~ /^10\./ {v = $1} END {print v}')
[ -n "$sdk_version" ] || die "no .NET 10 SDK in $DOTNET_ROOT ($("$DOTNET_ROOT/dotnet" --list-sdks | tr '\n' ' '))"

# NuGet restores inside the SDK image: it trusts the certificate authorities the host added locally
# (/usr/local/share/ca-certificates, e.g. a company's TLS-inspecting proxy), as the host's own `dotnet` does.
LOCAL_CAS=/usr/local/share/ca-certificates
trust_hook=:
if [ -n "$(find "$LOCAL_CAS" -name '*.crt' 2>/dev/null | head -n 1)" ]; then
    trust_hook="mkdir -p \"\$1$LOCAL_CAS\" && cp -r $LOCAL_CAS/. \"\$1$LOCAL_CAS/\" && chroot \"\$1\" update-ca-certificates >/dev/null"
fi

image_sdk=$(docker image inspect -f '{{index .Config.Labels "cosim.dotnet-sdk"}}' "$SDK_IMAGE" 2>/dev/null || true)
if [ "$FORCE" = 1 ] || [ -z "$image_sdk" ]; then
    step "building $SDK_IMAGE from $DOTNET_ROOT (SDK $sdk_version; about two minutes)"
    # shellcheck disable=SC2016  # mmdebstrap's hooks expand $1 (the new root) themselves
    mmdebstrap --quiet --variant=minbase \
        --include=ca-certificates,libicu76,libssl3t64,libstdc++6,libgcc-s1,zlib1g,tzdata \
        --customize-hook="mkdir -p \"\$1/usr/share/dotnet\" && tar -C '$DOTNET_ROOT' -c . | tar -C \"\$1/usr/share/dotnet\" -x" \
        --customize-hook='chroot "$1" ln -sf /usr/share/dotnet/dotnet /usr/bin/dotnet' \
        --customize-hook="$trust_hook" \
        trixie - "$MIRROR" |
        docker import "${common_changes[@]}" \
            --change 'ENV DOTNET_ROOT=/usr/share/dotnet' --change 'ENV DOTNET_NOLOGO=1' \
            --change 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1' --change 'ENV DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1' \
            --change "LABEL cosim.dotnet-sdk=$sdk_version" \
            --message "mmdebstrap --variant=minbase trixie + .NET SDK $sdk_version from $DOTNET_ROOT" - "$SDK_IMAGE" >/dev/null ||
        die "building $SDK_IMAGE failed"
    step "$SDK_IMAGE built ($(docker image inspect -f '{{.Size}}' "$SDK_IMAGE" | awk '{printf "%d MB", $1 / 1e6}'))"
else
    step "$SDK_IMAGE present (SDK $image_sdk)"
    [ "$image_sdk" = "$sdk_version" ] ||
        step "note: the host's SDK is $sdk_version, the image holds $image_sdk; run $0 --force to refresh it"
fi
