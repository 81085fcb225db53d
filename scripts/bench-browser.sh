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

. scripts/serve-lib.sh
serve_dir "$out/dist"

BASE_URL="$url" node bench/run.mjs | tee "$out/browser.jsonl"
