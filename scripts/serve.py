#!/usr/bin/env python3
"""Serve a built site (dist/) on 127.0.0.1 with the right WebAssembly MIME type.

Prints "Serving on http://127.0.0.1:PORT" once listening; --port 0 picks a free port,
which scripts/e2e.sh reads from that line.
"""
import argparse
import functools
import http.server
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
    }
    quiet = False

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
    a = p.parse_args()
    Handler.quiet = a.quiet
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
