#!/bin/sh
# cosim-entrypoint (docker/cosim/entrypoint.sh): entrypoint of the `cosim` service; runs `cosim ARGS...`.
# While the `cosim` in this image has no `run` subcommand, the image also holds the interim server
# (docker/cosim/serve-interim; the Dockerfile adds it only then) and `run --config FILE` goes to it: it serves the
# behavioral models of FILE the same way. Remove that branch and the interim project once `cosim run` has landed.
set -eu
if [ "${1:-}" = run ] && [ -x /opt/cosim/cosim-serve-interim ]; then
    shift
    echo "==> this image's cosim has no 'run' command yet: serving with the interim server (docker/cosim/serve-interim)" >&2
    exec /opt/cosim/cosim-serve-interim "$@"
fi
exec /opt/cosim/cosim "$@"
