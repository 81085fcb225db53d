#!/usr/bin/env bash
# Serves dist/ (a release build) on 127.0.0.1 at a free port, runs the Playwright tests
# against it with node's test runner, and always stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

[ -f dist/index.html ] || { echo "dist/ is missing: run 'trunk build --release' first" >&2; exit 1; }
mkdir -p test-results
. scripts/serve-lib.sh
serve_dir dist
echo "e2e: serving dist/ on $url"

BASE_URL="$url" node --test --test-reporter=spec tests/e2e/
