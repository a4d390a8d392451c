#!/usr/bin/env bash
# Installs what the tests need beyond the Rust toolchain, when it is
# missing: Debian's Chromium and Node.js with npm for the browser tests
# (tests/it/browser.rs), xmllint for the Atom feeds' RELAX NG schema, and
# the harness's pinned npm packages (tests/browser/package-lock.json). Run
# before `cargo test`, as the README says; it does nothing that is done.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages, with sudo only when not root.
apt_install() {
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
  fi
  if [ -z "${apt_updated:-}" ]; then
    "${sudo[@]}" apt-get update
    apt_updated=1
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "$@"
}

if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
fi
if ! command -v xmllint >/dev/null 2>&1; then
  apt_install libxml2-utils
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
fi
# playwright-core needs Node.js 20 or later (Debian 12's own nodejs is 18).
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "Node.js $(node --version) är för gammal för webbläsartesterna: 20 eller senare behövs" >&2
  exit 1
fi
if ! (cd tests/browser && npm ls --silent >/dev/null 2>&1); then
  (cd tests/browser && npm ci --no-audit --no-fund)
fi

