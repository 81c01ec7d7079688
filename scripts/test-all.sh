#!/usr/bin/env bash
# The full test command (README, .ci/run): installs what the tests need, builds,
# lints (ESLint and the Electron security checklist), type-checks, then runs every
# suite — unit, integration against real Postfix/Dovecot/gnome-keyring/DNS/HTTPS
# servers, and the UI in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh
npm run build
npm run lint
npm run lint:electron
npm run typecheck

mkdir -p test-output
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-output/results.json || status=$?
node scripts/summarize-tests.mjs test-output/results.json || true
exit "$status"
