# Sourced by e2e.sh and bench-browser.sh: `serve_dir DIR [OPTION...]` serves DIR on 127.0.0.1 at a
# free port in the background (options go to serve.py, e.g. --gzip), sets $url once it listens,
# and stops the server when the script exits.
serve_dir() {
  local dir=$1
  shift
  serve_log=$(mktemp)
  python3 scripts/serve.py --port 0 --quiet "$@" "$dir" >"$serve_log" 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$serve_log"' EXIT INT TERM
  url=""
  for _ in $(seq 100); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$serve_log" || true)
    [ -n "$url" ] && return 0
    kill -0 "$server" 2>/dev/null || { cat "$serve_log" >&2; return 1; }
    sleep 0.1
  done
  echo "server did not start" >&2
  cat "$serve_log" >&2
  return 1
}
