#!/usr/bin/env bash
# Serves dist/ (a release build) on 127.0.0.1 at a free port, runs the Playwright tests
# against it with node's test runner, and always stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

[ -f dist/index.html ] || { echo "dist/ is missing: run 'trunk build --release' first" >&2; exit 1; }
mkdir -p test-results
log=$(mktemp)
python3 scripts/serve.py --port 0 --quiet dist >"$log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -f "$log"
}
trap cleanup EXIT INT TERM

url=""
for _ in $(seq 100); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" || true)
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "server did not start" >&2; cat "$log" >&2; exit 1; }
echo "e2e: serving dist/ on $url"

BASE_URL="$url" node --test --test-reporter=spec tests/e2e/
