#!/usr/bin/env python3
# 2026-11-25
#
# server.py: the local test portal for `domat crawl` (tests/crawl/run.sh and
# bench/crawl.sh). Standard library only; listens on 127.0.0.1 and nowhere
# else, on a free port it writes to PORTFILE.
#
#   python3 tests/crawl/server.py ROOT PORTFILE LOGFILE
#
# Serves the files under ROOT with ETag and Last-Modified (and answers
# If-None-Match / If-Modified-Since with 304, as a real portal's web server
# does), plus the cases a crawler must survive:
#
#   /robots.txt            Disallow /private/, a Crawl-delay, a Sitemap line
#   /sitemap_index.xml     a sitemap index naming the two below
#   /sitemap-pages.xml     pages
#   /sitemap-docs.xml.gz   gzip-compressed sitemap with a document no page links
#   /busy                  429 with Retry-After: 1 once, then a page
#   /flaky                 503 once, then a stamped page
#   /slow                  answers after SLOW seconds (env DOMAT_SLOW, 6)
#   /huge.txt              HUGE MiB of text (env DOMAT_HUGE_MB, 24), streamed
#   /loop/a, /loop/b       redirect to each other
#   /away                  redirects to host "localhost": out of scope
#   /moved                 301 to /tin-moi.html
#   /download              200 image/jpeg (a type found only from the header)
#   /gz/...                gzip content coding when the client accepts it
#
# Every request is logged to LOGFILE as one JSON object per line (when it
# arrived, t0, and when the answer started, t; method, path, Host, status,
# User-Agent, conditional headers), so the tests can assert what was
# fetched, when, and how.
# DOMAT_ROBOTS_DELAY sets the Crawl-delay (default 0.1 s).
import email.utils
import gzip
import hashlib
import json
import mimetypes
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT, PORTFILE, LOGFILE = sys.argv[1], sys.argv[2], sys.argv[3]
SLOW = float(os.environ.get("DOMAT_SLOW", "6"))
HUGE_MB = int(os.environ.get("DOMAT_HUGE_MB", "24"))
ROBOTS_DELAY = os.environ.get("DOMAT_ROBOTS_DELAY", "0.1")
log_lock = threading.Lock()
counts = {}
# Line-buffered: every request is in the file when its answer starts, for
# the tests that read it while a crawl runs.
log_file = open(LOGFILE, "a", buffering=1)
# Files by path: (mtime, size) -> (body, ETag), so the bench measures the
# crawler more than this server's hashing.
file_cache = {}

FLAKY_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Thông báo khẩn</title></head>
<body><pre>
ỦY BAN NHÂN DÂN XÃ BẮC SƠN
Số: 14/TB-UBND
V/v kiểm tra kho vật tư
MẬT
</pre><p>Lịch kiểm tra kho vật tư theo phụ lục kèm theo.</p></body></html>
"""

BUSY_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Lịch công tác</title></head>
<body><h1>Lịch công tác tuần</h1><p>Thứ Hai: họp giao ban.</p></body></html>
"""


def urlset(port, paths):
    items = "".join("<url><loc>http://127.0.0.1:%d%s</loc></url>\n" % (port, p)
                    for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + items + "</urlset>\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without TCP_NODELAY the second
    # waits for a delayed ACK (40 ms) on every keep-alive request.
    disable_nagle_algorithm = True
    server_version = "namson-portal/1.0"

    def log_message(self, fmt, *args):
        pass

    def log(self, status):
        global log_file
        rec = {
            "t": time.time(), "t0": self.t0, "method": self.command,
            "path": self.path,
            "host": self.headers.get("Host"), "status": status,
            "ua": self.headers.get("User-Agent"),
            "inm": self.headers.get("If-None-Match"),
            "ims": self.headers.get("If-Modified-Since"),
            "ae": self.headers.get("Accept-Encoding"),
        }
        with log_lock:
            log_file.write(json.dumps(rec) + "\n")

    def once(self, key):
        """True the first time key is seen."""
        with log_lock:
            n = counts.get(key, 0)
            counts[key] = n + 1
        return n == 0

    def send(self, status, body=b"", ctype="text/html; charset=utf-8",
             headers=()):
        self.log(status)
        try:
            self.send_response(status)
            if body is not None:
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            if body and self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def redirect(self, status, location):
        self.send(status, b"", headers=[("Location", location)])

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self.t0 = time.time()
        port = self.server.server_address[1]
        path = self.path.split("?")[0]
        if path == "/robots.txt":
            body = ("User-agent: *\nDisallow: /private/\nCrawl-delay: %s\n\n"
                    "User-agent: BadBot\nDisallow: /\n\n"
                    "Sitemap: http://127.0.0.1:%d/sitemap_index.xml\n"
                    % (ROBOTS_DELAY, port)).encode()
            return self.send(200, body, "text/plain")
        if path == "/sitemap_index.xml":
            body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                    "<sitemap><loc>http://127.0.0.1:%d/sitemap-pages.xml</loc></sitemap>\n"
                    "<sitemap><loc>http://127.0.0.1:%d/sitemap-docs.xml.gz</loc></sitemap>\n"
                    "</sitemapindex>\n" % (port, port)).encode()
            return self.send(200, body, "application/xml")
        if path == "/sitemap-pages.xml":
            body = urlset(port, ["/", "/van-ban.html", "/tin-tuc.html"]).encode()
            return self.send(200, body, "application/xml")
        if path == "/sitemap-docs.xml.gz":
            body = gzip.compress(urlset(port, ["/orphan/bien-ban-mat.pdf",
                                               "/docs/bao-cao-cong-khai.pdf"]).encode())
            return self.send(200, body, "application/gzip")
        if path == "/busy":
            if self.once("busy"):
                return self.send(429, b"busy", "text/plain",
                                 [("Retry-After", "1")])
            return self.send(200, BUSY_PAGE.encode())
        if path == "/flaky":
            if self.once("flaky"):
                return self.send(503, b"unavailable", "text/plain")
            return self.send(200, FLAKY_PAGE.encode())
        if path == "/slow":
            time.sleep(SLOW)
            return self.send(200, b"<html><body>slow</body></html>")
        if path == "/huge.txt":
            return self.huge()
        if path == "/loop/a":
            return self.redirect(302, "/loop/b")
        if path == "/loop/b":
            return self.redirect(302, "/loop/a")
        if path == "/away":
            return self.redirect(302, "http://localhost:%d/outside.html" % port)
        if path == "/moved":
            return self.redirect(301, "/tin-moi.html")
        if path == "/download":
            return self.send(200, b"\xff\xd8\xff\xe0" + b"\0" * 2000, "image/jpeg")
        return self.static(path)

    def huge(self):
        line = ("Dữ liệu mở: danh sách các thủ tục hành chính công khai "
                "trên cổng thông tin điện tử tỉnh Nam Sơn.\n").encode()
        total = HUGE_MB << 20
        self.log(200)
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(total))
            self.end_headers()
            chunk = line * (65536 // len(line))
            sent = 0
            while sent < total:
                piece = chunk[: total - sent]
                self.wfile.write(piece)
                sent += len(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def static(self, path):
        if path.endswith("/"):
            path += "index.html"
        full = os.path.realpath(os.path.join(ROOT, path.lstrip("/")))
        if not full.startswith(os.path.realpath(ROOT) + os.sep) or \
                not os.path.isfile(full):
            return self.send(404, b"<html><body>not found</body></html>")
        st = os.stat(full)
        key = (st.st_mtime_ns, st.st_size)
        hit = file_cache.get(full)
        if hit and hit[0] == key:
            body, etag = hit[1], hit[2]
        else:
            with open(full, "rb") as f:
                body = f.read()
            etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
            file_cache[full] = (key, body, etag)
        lastmod = email.utils.formatdate(int(st.st_mtime), usegmt=True)
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            if etag in [t.strip() for t in inm.split(",")]:
                return self.send(304, None, headers=[("ETag", etag)])
        elif ims is not None:
            try:
                t = email.utils.parsedate_to_datetime(ims).timestamp()
                if int(st.st_mtime) <= t:
                    return self.send(304, None, headers=[("ETag", etag)])
            except (TypeError, ValueError):
                pass
        ctype = mimetypes.guess_type(full)[0] or "application/octet-stream"
        if ctype.startswith("text/"):
            ctype += "; charset=utf-8"
        headers = [("ETag", etag), ("Last-Modified", lastmod)]
        if path.startswith("/gz/") and "gzip" in (self.headers.get("Accept-Encoding") or ""):
            body = gzip.compress(body)
            headers.append(("Content-Encoding", "gzip"))
        return self.send(200, body, ctype, headers)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that hangs up mid-answer (a crawler stopping at its size
        # limit, a benchmark ending) is expected, not worth a traceback.
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


def main():
    srv = Server(("127.0.0.1", 0), Handler)
    tmp = PORTFILE + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, PORTFILE)
    srv.serve_forever()


if __name__ == "__main__":
    main()
