#!/usr/bin/env python3
"""Fetch parity and throughput: the scrapinghub pages read through HTTP against the same pages read as files.

Serves every page of ../shared/data/extraction/scrapinghub/html on 127.0.0.1 (a free port, this process only)
gzip-encoded (`Content-Encoding: gzip`, `Content-Type: text/html` without a charset, so that the page's own
declarations decide as they do for a file), with an RSS feed that links them all, and runs

    storyline analyze --json http://127.0.0.1:PORT/feed.xml
    storyline analyze --json <the same pages as .html.gz files>

Parity is the share of pages whose fetched article has the same title and text as the file's; a page missing
from the fetch counts as a miss. Throughput is pages per second of the fetch run (fetch, extract, analyse,
cluster, JSON). Exits non-zero below --min-parity.
"""

import argparse
import http.server
import json
import pathlib
import subprocess
import sys
import threading
import time
from xml.sax.saxutils import escape


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default="target/release/storyline")
    parser.add_argument("--data", default="../shared/data/extraction/scrapinghub/html")
    parser.add_argument("--min-parity", type=float)
    args = parser.parse_args()

    pages = sorted(pathlib.Path(args.data).glob("*.html.gz"))
    if not pages:
        sys.exit(f"error: no pages in {args.data}")
    bodies = {f"/pages/{p.name[:-3]}": p.read_bytes() for p in pages}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/feed.xml":
                self.answer(feed, {"Content-Type": "application/rss+xml"})
            elif self.path in bodies:
                self.answer(bodies[self.path], {"Content-Type": "text/html", "Content-Encoding": "gzip"})
            else:
                self.send_error(404)

        def answer(self, body, headers):
            self.send_response(200)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    items = "".join(f"<item><link>{escape(base + path)}</link></item>\n" for path in bodies)
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>eval</title>\n{items}</channel></rss>'.encode()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        started = time.monotonic()
        fetched = run(args.bin, [f"{base}/feed.xml"])
        seconds = time.monotonic() - started
    finally:
        server.shutdown()
    from_files = run(args.bin, [str(p) for p in pages])

    by_url = {a["id"]: a for a in fetched["articles"]}
    same = 0
    for page in pages:
        name = page.name[: -len(".html.gz")]
        local = next((a for a in from_files["articles"] if a["id"] == name), None)
        remote = by_url.get(f"{base}/pages/{page.name[:-3]}")
        if local and remote and (local["title"], local["text"]) == (remote["title"], remote["text"]):
            same += 1
    parity = same / len(pages)
    result = {
        "pages": len(pages),
        "fetched": len(fetched["articles"]),
        "from_files": len(from_files["articles"]),
        "same": same,
        "parity": round(parity, 4),
        "seconds": round(seconds, 2),
        "pages_per_second": round(len(pages) / seconds, 1),
    }
    print(json.dumps(result))
    if args.min_parity is not None and parity < args.min_parity:
        sys.exit(f"error: fetch parity {parity:.4f} is below the floor {args.min_parity:.4f}")


def run(binary, inputs):
    done = subprocess.run([binary, "analyze", "--json", *inputs], capture_output=True, timeout=600)
    if done.returncode != 0:
        sys.exit(f"error: storyline analyze failed: {done.stderr.decode(errors='replace')[-2000:]}")
    return json.loads(done.stdout)


if __name__ == "__main__":
    main()
