# Shared helpers for scripts/run.sh and scripts/test.sh.  Source it; do not run it.
# shellcheck shell=bash

# Repository root (parent of this scripts/ folder); the callers cd here first.
NOTETAKER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Qt's runtime libraries for the xcb and offscreen platform plugins.
QT_RUNTIME_PACKAGES=(
    libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0
    libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
    libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0
)

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

_deb_installed() {
    # Debian/Ubuntu 64-bit time_t transition renamed some libraries (libglib2.0-0t64).
    local pkg
    for pkg in "$1" "$1t64"; do
        if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            return 0
        fi
    done
    return 1
}

# ensure_debian_packages PKG...: install the missing ones when root; otherwise say which.
ensure_debian_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        log "not a Debian/Ubuntu system: make sure these are installed: $*"
        return 0
    fi
    local missing=() pkg
    for pkg in "$@"; do
        _deb_installed "$pkg" || missing+=("$pkg")
    done
    if [ "${#missing[@]}" -eq 0 ]; then return 0; fi
    if [ "$(id -u)" -eq 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        log "installing system packages: ${missing[*]}"
        apt-get update
        apt-get install -y --no-install-recommends "${missing[@]}"
    else
        log "missing system packages (run as root, e.g. with sudo, to install them): ${missing[*]}"
    fi
}

# pick_python: sets PY to ${PYTHON:-python3} after checking it is Python >= 3.11.
pick_python() {
    PY="${PYTHON:-python3}"
    command -v "$PY" >/dev/null 2>&1 || die "Python not found: '$PY' (set PYTHON=/path/to/python3.11+)"
    if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
        die "Python >= 3.11 is required; '$PY' is $("$PY" -c 'import sys; print(sys.version.split()[0])') (set PYTHON=...)"
    fi
}

# python_venv_packages: prints python3-venv if $PY cannot create a virtual environment.
python_venv_packages() {
    if ! "$PY" -m venv --help >/dev/null 2>&1 || ! "$PY" -c 'import ensurepip' >/dev/null 2>&1; then
        echo python3-venv
    fi
}

# ensure_venv PIP_TARGET: create/reuse the venv and pip install -e the target into it.
# Sets VENV and VPY (the venv's python).
ensure_venv() {
    VENV="${NOTETAKER_VENV:-.venv}"
    VPY="$VENV/bin/python"
    if [ ! -x "$VPY" ]; then
        log "creating virtual environment $VENV"
        "$PY" -m venv "$VENV"
    fi
    log "installing $1 into $VENV"
    "$VPY" -m pip install -q --disable-pip-version-check -e "$1"
}
