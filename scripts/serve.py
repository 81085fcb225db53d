#!/usr/bin/env python3
"""Serve a built site (dist/) on 127.0.0.1 with the right WebAssembly MIME type.

Prints "Serving on http://127.0.0.1:PORT" once listening; --port 0 picks a free port,
which scripts/e2e.sh reads from that line.
"""
import argparse
import functools
import gzip
import http.server
import os
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
    }
    quiet = False
    # --gzip: text and wasm files are sent gzip-compressed (level 9, as the budgets count them)
    # to a client that accepts it, as a static host would; off by default.
    compress = False
    _gzipped = {}

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if (
            not self.compress
            or "gzip" not in self.headers.get("Accept-Encoding", "")
            or not path.endswith((".wasm", ".js", ".css", ".html"))
            or not os.path.isfile(path)
        ):
            return super().do_GET()
        key = (path, os.stat(path).st_mtime_ns)
        body = self._gzipped.get(key)
        if body is None:
            with open(path, "rb") as f:
                body = Handler._gzipped[key] = gzip.compress(f.read(), 9)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, fmt, *args):
        if not self.quiet:
            super().log_message(fmt, *args)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("directory", nargs="?", default="dist")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--quiet", action="store_true", help="no request log")
    p.add_argument("--gzip", action="store_true", help="send .wasm/.js/.css/.html gzip-compressed")
    a = p.parse_args()
    Handler.quiet = a.quiet
    Handler.compress = a.gzip
    handler = functools.partial(Handler, directory=a.directory)
    with http.server.ThreadingHTTPServer((a.host, a.port), handler) as server:
        print(f"Serving on http://{a.host}:{server.server_address[1]}", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
