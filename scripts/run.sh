#!/usr/bin/env bash
# Install the app (Qt's system libraries when root, a venv with the project) and
# start it. No arguments opens the GUI on the default embedded database; any
# arguments go to the `notetaker` command (e.g. `bash scripts/run.sh list --json`).
set -euo pipefail
# shellcheck source=scripts/_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"
cd "$NOTETAKER_ROOT"
export DEBIAN_FRONTEND=noninteractive

pick_python
# shellcheck disable=SC2207
packages=("${QT_RUNTIME_PACKAGES[@]}" $(python_venv_packages))
ensure_debian_packages "${packages[@]}"

ensure_venv '.'

exec "$VENV/bin/notetaker" "$@"
