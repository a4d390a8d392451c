#!/usr/bin/env bash
# Installs what the tests need beyond the Rust toolchain, when it is
# missing: Debian's Chromium and Node.js with npm for the browser tests
# (tests/it/browser.rs), xmllint for the Atom feeds' RELAX NG schema, the
# harness's pinned npm packages (tests/browser/package-lock.json), and for
# the signature tests (tests/it/signatur_stod.rs) openssl, poppler's pdfsig
# and a Python virtual environment, tests/signatur/.venv, with the pinned
# pyHanko of tests/signatur/requirements.txt (hash-checked), and for the
# archive tests another one, tests/arkiv/.venv, with the pinned E-ARK
# validator (eark-validator) of tests/arkiv/requirements.txt. Run before
# `cargo test`, as the README says; it does nothing that is done.
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

# The signature tests: openssl makes the test certificates, pdfsig and
# pyHanko validate the signed PDFs.
if ! command -v openssl >/dev/null 2>&1; then
  apt_install openssl
fi
if ! command -v pdfsig >/dev/null 2>&1; then
  apt_install poppler-utils
fi
# A pinned Python tool in its own virtual environment: made anew when it is
# missing or was installed from another requirements.txt (a copy of which it
# keeps). Debian's own Python 3, with venv and ensurepip (python3-venv).
pinned_venv() {
  local dir=$1 requirements=$2 command=$3
  local venv=$dir/.venv
  if cmp -s "$requirements" "$venv/requirements.txt" &&
    "$venv/bin/python" -c '' >/dev/null 2>&1 && [ -x "$venv/bin/$command" ]; then
    return
  fi
  if ! /usr/bin/python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    apt_install python3 python3-venv
  fi
  rm -rf "$venv"
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --require-hashes -r "$requirements"
  cp "$requirements" "$venv/requirements.txt"
}

pinned_venv tests/signatur tests/signatur/requirements.txt pyhanko

# The archive tests: eark-validator checks the E-ARK SIPs (CSIP and SIP
# profiles) that `kallelse arkivera` writes.
pinned_venv tests/arkiv tests/arkiv/requirements.txt eark-validator
