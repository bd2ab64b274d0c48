#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine: system packages, then npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v Xvfb >/dev/null 2>&1 || need_apt+=(xvfb)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" fonts-dejavu-core >/dev/null
fi

# Electron's own binary comes from outside the npm registry; package.json denies its install script
# so `npm ci` never needs it. Where the download works (a developer laptop), fetch it for `npm run demo`.
npm ci --no-audit --no-fund
if [ "${CI:-}" != "true" ]; then
  node node_modules/electron/install.js >/dev/null 2>&1 \
    && echo "Electron binary installed." \
    || echo "Electron binary not downloadable here: the app runs through the browser host (npm run demo prints its URL)."
fi
