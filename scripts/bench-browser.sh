#!/usr/bin/env bash
# Browser benchmark: builds bench/index.html (src/bin/wasm-bench.rs) with trunk in release,
# serves it on 127.0.0.1 at a free port, reads the figure in headless Chromium, stops the server.
# Prints JSON lines (also written to bench-results/browser.jsonl).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

out=bench-results
mkdir -p "$out"
trunk build bench/index.html --release --dist "$out/dist" >"$out/trunk-bench.log" 2>&1 \
  || { cat "$out/trunk-bench.log" >&2; exit 1; }

log=$(mktemp)
python3 scripts/serve.py --port 0 --quiet "$out/dist" >"$log" 2>&1 &
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
  sleep 0.1
done
[ -n "$url" ] || { echo "server did not start" >&2; cat "$log" >&2; exit 1; }

BASE_URL="$url" node bench/run.mjs | tee "$out/browser.jsonl"
