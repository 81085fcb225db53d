#!/usr/bin/env bash
# Browser benchmarks in headless Chromium, each page served on 127.0.0.1 at a free port (the
# servers are always stopped):
#  appends: builds bench/index.html (src/bin/wasm-bench.rs) with trunk in release and reads its
#           keyed-append figure; also the site's gzip size (bench/run.mjs). JSON lines, also
#           written to bench-results/browser.jsonl.
#  frames:  the built site ($SITE_DIST, default dist/ from `make build`): time to interactive,
#           heavy sandbox frame work, heap over a 16x soak, transfer size (bench/frames.mjs).
#           The CPU profile runs on bench/profile.html, the same build keeping wasm function
#           names (PROFILE_SECONDS=0 skips it). Summary on stdout, all figures in
#           bench-results/frames.json.
#  throttled: the built site's lesson page as on a slow phone (1.6 Mbit/s, 150 ms latency, CPU
#           4x slower; served gzip-compressed, as a static host would): median time to
#           interactive of 5 fresh loads (bench/throttled.mjs), in bench-results/throttled.json.
# Usage: scripts/bench-browser.sh [all|appends|frames|throttled]   (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_OFFLINE=true

what=${1:-all}
case "$what" in all | appends | frames | throttled) ;; *) echo "usage: $0 [all|appends|frames|throttled]" >&2; exit 2 ;; esac
export SITE_DIST=${SITE_DIST:-dist}

out=bench-results
mkdir -p "$out"
. scripts/serve-lib.sh

if [ "$what" = all ] || [ "$what" = appends ]; then
  trunk build bench/index.html --release --dist "$out/dist" >"$out/trunk-bench.log" 2>&1 \
    || { cat "$out/trunk-bench.log" >&2; exit 1; }
  # A subshell per server: its EXIT trap (serve-lib.sh) stops that server.
  (
    serve_dir "$out/dist"
    BASE_URL="$url" node bench/run.mjs | tee "$out/browser.jsonl"
  )
fi

if [ "$what" != appends ]; then
  [ -f "$SITE_DIST/index.html" ] || { echo "$SITE_DIST/ is missing: run 'make build' (trunk build --release) first" >&2; exit 1; }
fi

if [ "$what" = all ] || [ "$what" = throttled ]; then
  (
    serve_dir "$SITE_DIST" --gzip
    BASE_URL="$url" OUT="$out/throttled.json" node bench/throttled.mjs
  )
fi

if [ "$what" = all ] || [ "$what" = frames ]; then
  profile=""
  if [ "${PROFILE_SECONDS:-5}" != 0 ]; then
    trunk build bench/profile.html --release --dist "$out/dist-profile" >"$out/trunk-profile.log" 2>&1 \
      || { cat "$out/trunk-profile.log" >&2; exit 1; }
    profile="$out/dist-profile"
  fi
  (
    serve_dir "$SITE_DIST"
    site_url=$url
    (
      profile_url=""
      if [ -n "$profile" ]; then
        serve_dir "$profile"
        profile_url=$url
      fi
      BASE_URL="$site_url" PROFILE_URL="$profile_url" OUT="$out/frames.json" node bench/frames.mjs
    )
  )
fi
