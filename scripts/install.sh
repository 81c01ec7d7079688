#!/usr/bin/env bash
# Installs MailSetup from this checkout on Debian/Ubuntu: Node.js (20.19 or newer) if
# it is missing, the npm packages, and the build (engine, CLI and window).
set -euo pipefail
cd "$(dirname "$0")/.."

node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)'
}

if ! node_ok; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends nodejs npm
  if ! node_ok; then
    echo "MailSetup needs Node.js 20.19 or newer; this system's package is $(node --version 2>/dev/null || echo missing)." >&2
    echo "Install a newer Node.js (e.g. from your distribution's backports or NodeSource) and run this again." >&2
    exit 1
  fi
fi

# The Electron binary is needed only by the desktop window (`npm start` opens the same
# window in the browser without it): downloaded only when asked for.
if [ "${MAILSETUP_DESKTOP:-0}" != 1 ]; then export ELECTRON_SKIP_BINARY_DOWNLOAD=1; fi
npm ci --no-audit --no-fund   # also builds (the "prepare" script)
echo "MailSetup is installed: run 'npm start' for the window, or 'npx mailsetup --help'."
