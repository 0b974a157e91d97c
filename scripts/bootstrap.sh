#!/usr/bin/env bash
# Prepare a machine to run Innocence Files: system packages (where we may install
# them), a virtualenv with the locked dependencies, and the project itself.
# Safe to run again: it does only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  for candidate in python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null; then PYTHON=$candidate; break; fi
  done
fi
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
  echo "Innocence Files needs Python 3.11 or newer; found $("$PYTHON" --version 2>&1)." >&2; exit 1; }

# System packages: OCR (Tesseract through OCRmyPDF), PDF tools, and Chromium for browser tests.
need=()
command -v tesseract >/dev/null || need+=(tesseract-ocr tesseract-ocr-eng)
command -v ocrmypdf >/dev/null || need+=(ocrmypdf)
command -v gs >/dev/null || need+=(ghostscript)
command -v qpdf >/dev/null || need+=(qpdf)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing system packages: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null && command -v apt-get >/dev/null; then
    echo "Installing system packages: ${need[*]}"
    sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Note: these system packages are missing and I may not install them: ${need[*]}" >&2
    echo "      Ask an administrator to run: sudo apt-get install ${need[*]}" >&2
    echo "      Without them, OCR of scanned pages and the browser tests are unavailable." >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "Creating the virtualenv in .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ requirements.lock -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "Installing locked dependencies"
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.lock
  # Without --no-deps: a dependency added to pyproject.toml but not yet locked still installs.
  .venv/bin/pip install -q --disable-pip-version-check -e ".[dev]"
  touch "$stamp"
fi
# The single sign-on tests start a real OpenID Connect provider (node-oidc-provider, from
# the npm registry, locked in tests/sso/idp/package-lock.json) when Node.js is present.
if command -v npm >/dev/null && [ ! -d tests/sso/idp/node_modules/oidc-provider ]; then
  (cd tests/sso/idp && npm ci --no-audit --no-fund --silent) || echo "Note: npm ci in tests/sso/idp failed; the SSO tests will be skipped." >&2
fi
