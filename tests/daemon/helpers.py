#!/usr/bin/env python3
# 2026-11-25
#
# helpers.py: the parts of tests/daemon/run.sh that need more than curl:
# a clamd protocol client, a slowloris crowd, test mails, a Chromium
# DevTools driver for the check page, a reload-under-load run, and a mail
# sender for the milter rate. Standard library only. Each subcommand prints
# "ok - ..." / "not ok - ..." / "skip - ..." lines that run.sh counts.
# Every connection goes to 127.0.0.1 or a unix socket of the test.
import argparse
import base64
import email.policy
import hashlib
import http.client
import json
import os
import signal
import smtplib
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from email.message import EmailMessage


def ok(cond, desc, detail=""):
    print(("ok - " if cond else "not ok - ") + desc, flush=True)
    if not cond and detail:
        print("    " + str(detail)[:1500], flush=True)
    return cond


# ------------------------------------------------------------------ clamd

def clamd_conn(args):
    if args.unix:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(args.unix)
    else:
        s = socket.create_connection(("127.0.0.1", args.port))
    s.settimeout(10)
    return s


def recv_all(s):
    out = b""
    while True:
        try:
            b = s.recv(65536)
        except (ConnectionResetError, socket.timeout):
            break
        if not b:
            break
        out += b
    return out


def instream(s, data, chunk=4096, prefix=b"z"):
    s.sendall(prefix + b"INSTREAM" + (b"\0" if prefix == b"z" else b"\n"))
    for i in range(0, len(data), chunk):
        part = data[i:i + chunk]
        s.sendall(struct.pack(">I", len(part)) + part)
    s.sendall(struct.pack(">I", 0))


def cmd_clamd(args):
    fx = args.fixtures
    stamped = open(os.path.join(fx, "stamped-plan.txt"), "rb").read()
    clean = open(os.path.join(fx, "clean-notice.txt"), "rb").read()

    class A:
        pass
    tcp = A(); tcp.unix = None; tcp.port = args.port
    unix = A(); unix.unix = args.unix; unix.port = None

    for name, where in (("unix", unix), ("tcp", tcp)):
        s = clamd_conn(where); s.sendall(b"zPING\0")
        ok(recv_all(s) == b"PONG\0", f"clamd {name}: zPING -> PONG with a NUL terminator")
    s = clamd_conn(tcp); s.sendall(b"nPING\n")
    ok(recv_all(s) == b"PONG\n", "clamd: nPING -> PONG with a newline")
    s = clamd_conn(tcp); s.sendall(b"PING\n")
    ok(recv_all(s) == b"PONG\n", "clamd: bare PING (legacy) -> PONG")
    s = clamd_conn(tcp); s.sendall(b"zVERSION\0")
    v = recv_all(s)
    ok(v.startswith(b"domatd ") and v.endswith(b"\0") and v.count(b"/") >= 2,
       "clamd: VERSION -> domatd <version>/<generation>/<date>", v)

    s = clamd_conn(unix); instream(s, stamped, chunk=7)
    r = recv_all(s)
    ok(r == b"stream: Domat.ToiMat.stamp.toi-mat FOUND\0",
       "clamd: INSTREAM in 7-byte chunks, stamped text -> stream: Domat.ToiMat.stamp.toi-mat FOUND", r)
    s = clamd_conn(tcp); instream(s, clean, prefix=b"n")
    r = recv_all(s)
    ok(r == b"stream: OK\n", "clamd: nINSTREAM clean text -> stream: OK", r)
    s = clamd_conn(tcp); instream(s, b"")
    r = recv_all(s)
    ok(r == b"stream: OK\0", "clamd: empty INSTREAM -> stream: OK", r)

    big = b"a" * (args.stream_max + 10)
    s = clamd_conn(tcp)
    try:
        instream(s, big, chunk=65536)
    except (BrokenPipeError, ConnectionResetError):
        pass
    r = recv_all(s)
    ok(r.startswith(b"INSTREAM size limit exceeded. ERROR"),
       "clamd: stream over StreamMaxLength -> INSTREAM size limit exceeded. ERROR", r)

    s = clamd_conn(tcp)
    s.sendall(b"zIDSESSION\0zPING\0")
    instream(s, stamped)
    instream(s, clean)
    s.sendall(b"zVERSION\0zEND\0")
    r = recv_all(s).split(b"\0")
    ok(len(r) >= 4 and r[0] == b"1: PONG"
       and r[1] == b"2: stream: Domat.ToiMat.stamp.toi-mat FOUND"
       and r[2] == b"3: stream: OK" and r[3].startswith(b"4: domatd "),
       "clamd: IDSESSION ... END: replies in order, each prefixed with its id", r)

    s = clamd_conn(tcp); s.sendall(b"zFROBNICATE\0")
    r = recv_all(s)
    ok(r == b"UNKNOWN COMMAND\0", "clamd: unknown command -> UNKNOWN COMMAND", r)
    s = clamd_conn(tcp); s.sendall(b"zSHUTDOWN\0")
    r = recv_all(s)
    ok(r.endswith(b"ERROR\0"), "clamd: SHUTDOWN from a client is refused", r)
    s = clamd_conn(tcp); s.sendall(b"zSCAN /etc/passwd\0")
    r = recv_all(s)
    ok(r.endswith(b"ERROR\0") and b"disabled" in r, "clamd: SCAN <path> refused unless clamd_path_scan", r)

    s = clamd_conn(tcp); s.sendall(b"zRELOAD\0")
    r = recv_all(s)
    ok(r == b"RELOADING\0", "clamd: RELOAD -> RELOADING", r)

    # A client that connects and says nothing is dropped after clamd_timeout.
    s = clamd_conn(tcp); t0 = time.time(); r = recv_all(s)
    ok(r == b"" and time.time() - t0 < 8, "clamd: a silent client is dropped after clamd_timeout (%.1f s)" % (time.time() - t0))
    # A stream that stops mid-chunk times out and does not hold the slot.
    s = clamd_conn(tcp); s.sendall(b"zINSTREAM\0" + struct.pack(">I", 100) + b"abc")
    t0 = time.time(); r = recv_all(s)
    ok(time.time() - t0 < 8, "clamd: a stream stalled mid-chunk is dropped after clamd_timeout", r)


# ------------------------------------------------------------------ slowloris

def http_post(port, body, ctype="text/plain", timeout=10):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    t0 = time.time()
    c.request("POST", "/v1/scan", body=body, headers={"Content-Type": ctype})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data, time.time() - t0


def cmd_slowloris(args):
    body = open(args.file, "rb").read()
    n = args.clients // 3
    idle, hdr, bodyslow = [], [], []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", args.port)); idle.append(s)
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", args.port))
        s.sendall(b"POST /v1/scan HTTP/1.1\r\nHost: x\r\n"); hdr.append(s)
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", args.port))
        s.sendall(b"POST /v1/scan HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                  b"Content-Length: 100000\r\n\r\nab"); bodyslow.append(s)
    stop = threading.Event()

    def trickle():
        i = 0
        while not stop.is_set():
            for s in hdr:
                try:
                    s.sendall(b"X-a: %d\r\n" % i)
                except OSError:
                    pass
            for s in bodyslow:
                try:
                    s.sendall(b"c")
                except OSError:
                    pass
            i += 1
            stop.wait(0.5)
    t = threading.Thread(target=trickle, daemon=True)
    t.start()
    lat, bad = [], 0
    t_end = time.time() + 2.0
    while time.time() < t_end:
        st, data, dt = http_post(args.port, body)
        lat.append(dt)
        if st != 200 or b'"verdict": "block"' not in data:
            bad += 1
    ok(bad == 0 and max(lat) < 0.5,
       "HTTP: with %d slow clients open (idle, trickling headers, trickling a body), %d other requests "
       "all served, slowest %.1f ms" % (3 * n, len(lat), max(lat) * 1000), f"bad={bad}")

    def closed(s):
        s.settimeout(0.2)
        try:
            return s.recv(4096) == b"" or True
        except socket.timeout:
            return False
        except OSError:
            return True
    time.sleep(4.5)
    n_idle = sum(1 for s in idle if closed(s))
    n_body = sum(1 for s in bodyslow if closed(s))
    stop.set()
    ok(n_idle == n, "HTTP: idle connections are closed after http_idle_timeout (%d/%d)" % (n_idle, n))
    ok(n_body == n, "HTTP: bodies trickled past http_request_timeout are cut off (%d/%d)" % (n_body, n))
    for s in idle + hdr + bodyslow:
        s.close()
    st, _, _ = http_post(args.port, body)
    ok(st == 200, "HTTP: serving normally after the crowd left")


# ------------------------------------------------------------------ mail

def cmd_mkmail(args):
    os.makedirs(args.out, exist_ok=True)
    fx = args.fixtures
    pol = email.policy.SMTP

    m = EmailMessage(policy=pol)
    m["From"] = "Van phong UBND <sender@domat.test>"
    m["To"] = "inbox@domat.test"
    m["Subject"] = "Lich tiep cong dan thang 12"
    m["Date"] = "Wed, 25 Nov 2026 09:00:00 +0700"
    m["Message-ID"] = "<clean-1@domat.test>"
    m.set_content(open(os.path.join(fx, "clean-notice.txt"), encoding="utf-8").read(), cte="base64")
    m.add_attachment(open(os.path.join(fx, "clean-notice.pdf"), "rb").read(),
                     maintype="application", subtype="pdf", filename="thong-bao.pdf")
    open(os.path.join(args.out, "clean.eml"), "wb").write(m.as_bytes())
    # swaks ends DATA with CRLF "." CRLF after the file as it stands, so a file
    # that ends in CRLF would gain a blank line: give it one without.
    open(os.path.join(args.out, "clean.swaks"), "wb").write(m.as_bytes()[:-2])

    m = EmailMessage(policy=pol)
    m["From"] = "Van phong UBND <sender@domat.test>"
    m["To"] = "inbox@domat.test"
    m["Subject"] = "Ke hoach bao ve kho vat tu"
    m["Date"] = "Wed, 25 Nov 2026 09:05:00 +0700"
    m["Message-ID"] = "<stamped-1@domat.test>"
    m.set_content("Gui anh ke hoach dinh kem.\n")
    m.add_attachment(open(os.path.join(fx, "stamped-plan.pdf"), "rb").read(),
                     maintype="application", subtype="pdf", filename="ke-hoach.pdf")
    open(os.path.join(args.out, "stamped-pdf.eml"), "wb").write(m.as_bytes())

    # Title case alone on a line: weaker evidence, verdict review.
    m = EmailMessage(policy=pol)
    m["From"] = "Van phong UBND <sender@domat.test>"
    m["To"] = "inbox@domat.test"
    m["Subject"] = "Ke hoach"
    m["Date"] = "Wed, 25 Nov 2026 09:10:00 +0700"
    m["Message-ID"] = "<review-1@domat.test>"
    m.set_content("Số: 5/KH-UBND\nTối mật\n\nNội dung kế hoạch.\n", cte="8bit")
    open(os.path.join(args.out, "review.eml"), "wb").write(m.as_bytes())


def split_mail(b):
    b = b.replace(b"\r\n", b"\n")
    i = b.index(b"\n\n")
    head = b[:i + 1].decode("latin-1")
    # unfold: a header is a line plus its continuation lines
    hdrs = []
    for line in head.split("\n")[:-1]:
        if line[:1] in (" ", "\t") and hdrs:
            hdrs[-1] += "\n" + line
        else:
            hdrs.append(line)
    return hdrs, b[i + 2:]


def cmd_same_mail(args):
    sh, sb = split_mail(open(args.sent, "rb").read())
    gh, gb = split_mail(open(args.got, "rb").read())
    if sb != gb:
        print("body differs: sent %d bytes, got %d" % (len(sb), len(gb)), file=sys.stderr)
        return 1
    pos = 0
    for h in sh:
        try:
            pos = gh.index(h, pos) + 1
        except ValueError:
            print("header missing or out of order: %r" % h, file=sys.stderr)
            return 1
    if not any(h.startswith("X-Domat-Verdict: ") for h in gh) or \
            not any(h.startswith("X-Domat-Level: ") for h in gh):
        print("no X-Domat-Verdict / X-Domat-Level header", file=sys.stderr)
        return 1
    return 0


def cmd_milter_bench(args):
    data = open(args.eml, "rb").read()
    t0 = time.time()
    per = args.count // args.conns
    errs = []

    def worker(k):
        try:
            s = smtplib.SMTP("127.0.0.1", args.port, timeout=60)
            for _ in range(per):
                s.sendmail("sender@domat.test", ["inbox@domat.test"], data)
            s.quit()
        except Exception as e:  # noqa: BLE001 (reported, counted as failure)
            errs.append(repr(e))
    ts = [threading.Thread(target=worker, args=(k,)) for k in range(args.conns)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    t_sent = time.time() - t0
    deadline = time.time() + 60
    n = 0
    while time.time() < deadline:
        n = (len(os.listdir(args.inbox)) if os.path.isdir(args.inbox) else 0) - args.already
        if n >= per * args.conns:
            break
        time.sleep(0.05)
    t_all = time.time() - t0
    total = per * args.conns
    print("errors: %s" % errs[:3])
    print("delivered %d in %.2f s: %.1f messages/s accepted through the milter, %.1f/s delivered"
          % (n, t_all, total / t_sent, total / t_all))
    if args.json:
        json.dump({"messages": total, "seconds_accepted": t_sent, "seconds_delivered": t_all,
                   "accepted_per_s": total / t_sent, "delivered_per_s": total / t_all,
                   "connections": args.conns, "message_bytes": len(data)}, open(args.json, "w"))
    return 0 if not errs and n >= total else 1


class Milter:
    """A minimal MTA side of the milter protocol (version 6), as Postfix
    speaks it: enough to send whole messages and read the verdict."""
    NOCONNECT, NOHELO, NOMAIL, NORCPT, NOBODY, NOHDRS, NOEOH = 1, 2, 4, 8, 16, 32, 64

    def __init__(self, host, port):
        self.s = socket.create_connection((host, port), timeout=60)
        # Commands go out back to back (ABORT then MAIL): no Nagle delay.
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        self.send(b"O", struct.pack(">III", 6, 0x1FF, 0))
        cmd, data = self.recv()
        assert cmd == b"O", cmd
        _, self.actions, self.flags = struct.unpack(">III", data[:12])
        if not self.flags & self.NOCONNECT:
            self.ask(b"C", b"localhost\0" + b"4" + struct.pack(">H", 25) + b"127.0.0.1\0")

    def send(self, cmd, data=b""):
        self.s.sendall(struct.pack(">I", len(data) + 1) + cmd + data)

    def recv(self):
        while len(self.buf) < 4 or len(self.buf) < 4 + struct.unpack(">I", self.buf[:4])[0]:
            b = self.s.recv(65536)
            if not b:
                raise EOFError("milter closed the connection")
            self.buf += b
        n = struct.unpack(">I", self.buf[:4])[0]
        pkt, self.buf = self.buf[4:4 + n], self.buf[4 + n:]
        return pkt[:1], pkt[1:]

    def ask(self, cmd, data=b""):
        self.send(cmd, data)
        return self.recv()

    def message(self, raw):
        """Send one message; returns (final reply letter, reply data, added headers)."""
        if not self.flags & self.NOMAIL:
            self.ask(b"M", b"<sender@domat.test>\0")
        if not self.flags & self.NORCPT:
            self.ask(b"R", b"<inbox@domat.test>\0")
        head, _, body = raw.replace(b"\r\n", b"\n").partition(b"\n\n")
        if not self.flags & self.NOHDRS:
            for h in split_mail(raw)[0]:
                name, _, value = h.partition(":")
                self.ask(b"L", name.encode("latin-1") + b"\0" +
                         value.lstrip(" ").replace("\n", "\r\n").encode("latin-1") + b"\0")
        if not self.flags & self.NOEOH:
            self.ask(b"N")
        body = body.replace(b"\n", b"\r\n")
        if not self.flags & self.NOBODY:
            for i in range(0, len(body), 65535):
                self.ask(b"B", body[i:i + 65535])
        self.send(b"E")
        added = []
        while True:
            cmd, data = self.recv()
            if cmd == b"h":
                added.append(data.split(b"\0")[:2])
            elif cmd in (b"a", b"c", b"r", b"t", b"d", b"y"):
                self.send(b"A")  # end of this message, as an MTA does
                return cmd, data, added

    def close(self):
        self.send(b"Q")
        self.s.close()


def cmd_milter_direct(args):
    """Messages per second through domatd's milter alone, no MTA in the way."""
    mails = {name: open(os.path.join(args.mail, name + ".eml"), "rb").read()
             for name in ("clean", "stamped-pdf", "review")}
    m = Milter("127.0.0.1", args.port)
    cmd, data, added = m.message(mails["clean"])
    ok(cmd == b"c" and any(h[0] == b"X-Domat-Verdict" for h in added),
       "milter protocol: a clean message continues, with X-Domat-Verdict added", (cmd, added))
    cmd, data, added = m.message(mails["stamped-pdf"])
    ok(cmd == b"y" and data.startswith(b"550") and b"5.7.1" in data,
       "milter protocol: the stamped PDF message gets a 550 5.7.1 reply", (cmd, data[:200]))
    m.close()
    if not args.count:
        return 0
    per = args.count // args.conns
    errs = []

    def worker():
        try:
            mm = Milter("127.0.0.1", args.port)
            for _ in range(per):
                c, _, _ = mm.message(mails[args.kind])
                if c not in (b"c", b"y"):
                    errs.append(c)
            mm.close()
        except Exception as e:  # noqa: BLE001
            errs.append(repr(e))
    t0 = time.time()
    ts = [threading.Thread(target=worker) for _ in range(args.conns)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    dt = time.time() - t0
    total = per * args.conns
    print("milter direct: %d messages (%s, %d bytes) over %d connections in %.2f s: %.1f messages/s"
          % (total, args.kind, len(mails[args.kind]), args.conns, dt, total / dt))
    if args.json:
        json.dump({"messages": total, "kind": args.kind, "message_bytes": len(mails[args.kind]),
                   "connections": args.conns, "seconds": dt, "messages_per_s": total / dt,
                   "errors": errs[:3]}, open(args.json, "w"))
    ok(not errs, "milter protocol: %d messages without an error" % total, errs[:3])


# ------------------------------------------------------------------ Chromium

class WS:
    """A minimal RFC 6455 client: enough for the DevTools protocol."""

    def __init__(self, url):
        assert url.startswith("ws://")
        hostport, path = url[5:].split("/", 1)
        host, port = hostport.split(":")
        self.s = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.s.sendall(("GET /%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n"
                        % (path, hostport, key)).encode())
        resp = b""
        while b"\r\n\r\n" not in resp:
            resp += self.s.recv(4096)
        head, self.buf = resp.split(b"\r\n\r\n", 1)
        assert b" 101 " in head.split(b"\r\n")[0], head
        self.next_id = 0
        self.events = []

    def _read(self, n):
        while len(self.buf) < n:
            b = self.s.recv(1 << 20)
            if not b:
                raise EOFError
            self.buf += b
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self):
        msg = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            op = b0 & 0x0F
            if op == 9:  # ping
                self._send(payload, 0xA)
                continue
            msg += payload
            if b0 & 0x80:
                return msg.decode()

    def _send(self, data, op=1):
        mask = os.urandom(4)
        n = len(data)
        if n < 126:
            head = struct.pack(">BB", 0x80 | op, 0x80 | n)
        elif n < 65536:
            head = struct.pack(">BBH", 0x80 | op, 0x80 | 126, n)
        else:
            head = struct.pack(">BBQ", 0x80 | op, 0x80 | 127, n)
        self.s.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def call(self, method, **params):
        self.next_id += 1
        mid = self.next_id
        self._send(json.dumps({"id": mid, "method": method, "params": params}).encode())
        while True:
            m = json.loads(self.recv())
            if m.get("id") == mid:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)


def chromium_start(tmpdir):
    prof = tempfile.mkdtemp(dir=tmpdir)
    p = subprocess.Popen(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                          "--disable-background-networking", "--disable-component-update",
                          "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + prof,
                          "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                          "--window-size=1200,1000", "about:blank"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    portfile = os.path.join(prof, "DevToolsActivePort")
    for _ in range(200):
        if os.path.exists(portfile) and open(portfile).read().count("\n") >= 1:
            break
        time.sleep(0.1)
    port = int(open(portfile).read().split("\n")[0])
    for _ in range(50):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/json/list")
            targets = json.loads(c.getresponse().read())
            pages = [t for t in targets if t.get("type") == "page"]
            if pages:
                return p, pages[0]["webSocketDebuggerUrl"]
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("no DevTools page target")


def js(ws, expr):
    r = ws.call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
    if "exceptionDetails" in r:
        raise RuntimeError(r["exceptionDetails"])
    return r["result"].get("value")


def wait_js(ws, expr, timeout=10):
    t_end = time.time() + timeout
    while time.time() < t_end:
        v = js(ws, expr)
        if v:
            return v
        time.sleep(0.1)
    return None


def click(ws, selector):
    """A real mouse click at the element's centre, as a person would."""
    box = js(ws, "(() => { const r = document.querySelector(%s).getBoundingClientRect();"
                 " return [r.x + r.width / 2, r.y + r.height / 2]; })()" % json.dumps(selector))
    for t in ("mouseMoved", "mousePressed", "mouseReleased"):
        ws.call("Input.dispatchMouseEvent", type=t, x=box[0], y=box[1], button="left", clickCount=1)


def shot(ws, path):
    data = ws.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
    open(path, "wb").write(base64.b64decode(data))


def cmd_page(args):
    os.makedirs(args.shots, exist_ok=True)
    proc, url = chromium_start(args.shots)
    try:
        ws = WS(url)
        ws.call("Page.enable")
        ws.call("Network.enable")
        ws.call("Runtime.enable")
        ws.call("Page.navigate", url=args.base + "/")
        ok(wait_js(ws, "document.readyState === 'complete' && !!document.querySelector('#check')"),
           "page: the check page loads in headless Chromium")
        text = open(os.path.join(args.fixtures, "stamped-plan.txt"), encoding="utf-8").read()
        # Typing: focus the box and insert the text as keyboard input would.
        js(ws, "document.querySelector('#text').focus()")
        ws.call("Input.insertText", text=text)
        click(ws, "#check")
        got = wait_js(ws, "document.querySelector('#result').dataset.state === 'done'"
                          " && document.querySelector('#verdict').innerText")
        ok(got and "KHÔNG ĐƯỢC ĐĂNG" in got.upper() and "TỐI MẬT" in got.upper(),
           "page: a stamped post -> verdict in plain Vietnamese naming TỐI MẬT", got)
        marks = js(ws, "[...document.querySelectorAll('#findings pre.preview mark')].map(m => m.innerText)")
        ok(marks and any(m.strip() == "TỐI MẬT" for m in marks),
           "page: the evidence is highlighted in the text", marks)
        loc = js(ws, "document.querySelector('#findings').innerText")
        ok(loc and "dòng 5" in loc, "page: the evidence's location is shown (dòng 5)", loc)
        shot(ws, os.path.join(args.shots, "page-stamped.png"))

        js(ws, "document.querySelector('#text').value = ''")
        js(ws, "document.querySelector('#text').focus()")
        ws.call("Input.insertText", text=open(os.path.join(args.fixtures, "clean-notice.txt"),
                                              encoding="utf-8").read())
        click(ws, "#check")
        got = wait_js(ws, "document.querySelector('#result').dataset.state === 'done'"
                          " && document.querySelector('#verdict').innerText")
        ok(got and "CÓ THỂ ĐĂNG" in got.upper(), "page: a clean post -> may be published", got)
        shot(ws, os.path.join(args.shots, "page-clean.png"))

        # Files: set the file input as a drop would, then click.
        js(ws, "document.querySelector('#text').value = ''")
        doc = ws.call("DOM.getDocument")
        node = ws.call("DOM.querySelector", nodeId=doc["root"]["nodeId"], selector="#files")
        ws.call("DOM.setFileInputFiles", nodeId=node["nodeId"],
                files=[os.path.join(args.fixtures, "stamped-plan.txt"),
                       os.path.join(args.fixtures, "clean-notice.pdf")])
        click(ws, "#check")
        got = wait_js(ws, "document.querySelector('#result').dataset.state === 'done'"
                          " && document.querySelector('#result').innerText")
        ok(got and "stamped-plan.txt" in got and "clean-notice.pdf" in got and "KHÔNG ĐƯỢC ĐĂNG" in got.upper(),
           "page: two files checked at once, each with its verdict", got)
        shot(ws, os.path.join(args.shots, "page-files.png"))

        urls = [e["params"]["request"]["url"] for e in ws.events
                if e.get("method") == "Network.requestWillBeSent"]
        foreign = [u for u in urls if not u.startswith(args.base) and not u.startswith("data:")]
        ok(urls and not foreign, "page: works offline, every request went to domatd (%d)" % len(urls), foreign)
    except Exception as e:  # noqa: BLE001 (a failure, reported)
        ok(False, "page: the DevTools session ran", repr(e))
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


# ------------------------------------------------------------------ reload

def healthz(base):
    host, port = base[7:].split(":")
    c = http.client.HTTPConnection(host, int(port), timeout=5)
    c.request("GET", "/healthz")
    return json.loads(c.getresponse().read())


def metric(base, name):
    host, port = base[7:].split(":")
    c = http.client.HTTPConnection(host, int(port), timeout=5)
    c.request("GET", "/metrics")
    for line in c.getresponse().read().decode().split("\n"):
        if line.startswith(name + " "):
            return float(line.split()[-1])
    return None


def cmd_reload(args):
    host, port = args.base[7:].split(":")
    port = int(port)
    body = open(os.path.join(args.fixtures, "stamped-plan.txt"), "rb").read()
    codename = "Dự án Sao Mai".encode()
    stop = threading.Event()
    results = []
    lock = threading.Lock()

    def load():
        c = http.client.HTTPConnection(host, port, timeout=10)
        while not stop.is_set():
            t0 = time.time()
            try:
                c.request("POST", "/v1/scan", body=body, headers={"Content-Type": "text/plain"})
                r = c.getresponse()
                data = r.read()
                st = r.status
                good = st == 200 and b'"verdict": "block"' in data
            except Exception as e:  # noqa: BLE001
                st, good = repr(e), False
                c = http.client.HTTPConnection(host, port, timeout=10)
            with lock:
                results.append((good, time.time() - t0, st))
    g0 = healthz(args.base)["generation"]
    ok0 = metric(args.base, 'domatd_reloads_total{result="ok"}') or 0
    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    nreloads = 6
    for i in range(nreloads):
        # A real change each time, so each reload compiles (no cache hit).
        with open(os.path.join(args.org, "org.dict"), "w") as f:
            f.write("@kind listed\n@level toi-mat\n")
            f.write('org.sao-mai "Dự án Sao Mai" weight=10\n')
            f.write('org.filler-%d "ma hieu du phong %d" weight=1\n' % (i, i))
        if i % 2:
            s = socket.socket(socket.AF_UNIX)
            s.connect(args.clamd_unix)
            s.sendall(b"zRELOAD\0")
            recv_all(s)
        else:
            os.kill(args.pid, signal.SIGHUP)
        # wait for this reload to land before the next edit
        t_end = time.time() + 20
        while time.time() < t_end and healthz(args.base)["generation"] < g0 + i + 1:
            time.sleep(0.05)
    time.sleep(0.3)
    stop.set()
    for t in threads:
        t.join()
    g1 = healthz(args.base)["generation"]
    lat = sorted(r[1] for r in results)
    bad = [r for r in results if not r[0]]
    p99 = lat[int(len(lat) * 0.99)] if lat else 0
    ok(g1 == g0 + nreloads, "reload: %d reloads (SIGHUP and clamd RELOAD) each swapped in a new engine "
       "(generation %d -> %d)" % (nreloads, g0, g1))
    ok(not bad and len(results) > 100,
       "reload: under load, %d requests during the reloads, none failed or changed verdict" % len(results),
       bad[:3])
    compile_s = metric(args.base, "domatd_dictionary_load_seconds") or 0
    # Far below one compile: a request that had waited for a reload could not
    # be this fast. (Sanitizer builds compile ten times slower.)
    ok(lat and lat[-1] < max(0.3, compile_s / 4),
       "reload: no request waited for a reload: p99 %.1f ms, slowest %.1f ms (a compile takes ~%.0f ms)"
       % (p99 * 1e3, lat[-1] * 1e3, compile_s * 1e3))
    okn = metric(args.base, 'domatd_reloads_total{result="ok"}')
    ok(okn == ok0 + nreloads, "reload: domatd_reloads_total{result=\"ok\"} counts them (%s)" % okn)

    st, data, _ = http_post(port, b"Trao doi ve " + codename + b" trong cuoc hop.")
    ok(st == 200 and b'"rule": "org.sao-mai"' in data,
       "reload: the new dictionary is in use (an added code name is found)", data[:300])

    # A broken dictionary: the old engine keeps serving, the log says why.
    with open(os.path.join(args.org, "org.dict"), "w") as f:
        f.write('org.broken "unterminated\n')
    nfail = metric(args.base, 'domatd_reloads_total{result="failed"}') or 0
    os.kill(args.pid, signal.SIGHUP)
    t_end = time.time() + 20
    while time.time() < t_end and (metric(args.base, 'domatd_reloads_total{result="failed"}') or 0) <= nfail:
        time.sleep(0.05)
    log = open(args.log, encoding="utf-8", errors="replace").read()
    failed_lines = [ln for ln in log.split("\n") if "event=reload" in ln and "result=failed" in ln]
    ok(failed_lines and "org.dict:1" in failed_lines[-1] and "previous one keeps serving" in failed_lines[-1],
       "reload: a broken dictionary is refused with a clear log line naming file:line",
       failed_lines[-1:] or log[-500:])
    h = healthz(args.base)
    st, data, _ = http_post(port, b"Trao doi ve " + codename + b" trong cuoc hop.")
    ok(h["generation"] == g1 and st == 200 and b'"rule": "org.sao-mai"' in data,
       "reload: after the failed reload the previous engine still serves (generation %d)" % h["generation"])
    os.unlink(os.path.join(args.org, "org.dict"))


def cmd_inflight(args):
    """SIGTERM while a request is half sent: it is finished, new ones refused."""
    body = open(args.file, "rb").read()
    s = socket.create_connection(("127.0.0.1", args.port))
    s.settimeout(10)
    s.sendall(b"POST /v1/scan HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
              b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body[:100])
    time.sleep(0.3)
    os.kill(args.pid, signal.SIGTERM)
    time.sleep(0.5)
    try:
        socket.create_connection(("127.0.0.1", args.port), timeout=2).close()
        refused = False
    except OSError:
        refused = True
    ok(refused, "shutdown: once SIGTERM is received, new connections are refused")
    s.sendall(body[100:])
    r = recv_all(s)
    ok(r.startswith(b"HTTP/1.1 200") and b'"verdict": "block"' in r,
       "shutdown: a request in flight at SIGTERM is still finished and answered", r[:200])


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("clamd")
    p.add_argument("--unix"); p.add_argument("--port", type=int); p.add_argument("--fixtures")
    p.add_argument("--stream-max", type=int, default=131072)
    p = sub.add_parser("slowloris")
    p.add_argument("--port", type=int); p.add_argument("--clients", type=int, default=300)
    p.add_argument("--file")
    p = sub.add_parser("mkmail")
    p.add_argument("--out"); p.add_argument("--fixtures")
    p = sub.add_parser("same-mail")
    p.add_argument("--sent"); p.add_argument("--got")
    p = sub.add_parser("milter-bench")
    p.add_argument("--port", type=int); p.add_argument("--count", type=int, default=40)
    p.add_argument("--conns", type=int, default=4); p.add_argument("--eml")
    p.add_argument("--inbox"); p.add_argument("--already", type=int, default=0,
                                              help="messages in the inbox before this run")
    p.add_argument("--json")
    p = sub.add_parser("page")
    p.add_argument("--base"); p.add_argument("--fixtures"); p.add_argument("--shots")
    p = sub.add_parser("reload")
    p.add_argument("--base"); p.add_argument("--pid", type=int); p.add_argument("--clamd-unix")
    p.add_argument("--org"); p.add_argument("--log"); p.add_argument("--fixtures")
    p = sub.add_parser("milter-direct")
    p.add_argument("--port", type=int); p.add_argument("--mail"); p.add_argument("--count", type=int, default=0)
    p.add_argument("--conns", type=int, default=4); p.add_argument("--kind", default="clean")
    p.add_argument("--json")
    p = sub.add_parser("inflight")
    p.add_argument("--port", type=int); p.add_argument("--pid", type=int); p.add_argument("--file")
    a = ap.parse_args()
    fn = {"clamd": cmd_clamd, "slowloris": cmd_slowloris, "mkmail": cmd_mkmail,
          "same-mail": cmd_same_mail, "milter-bench": cmd_milter_bench, "page": cmd_page,
          "reload": cmd_reload, "inflight": cmd_inflight,
          "milter-direct": cmd_milter_direct}[a.cmd]
    sys.exit(fn(a) or 0)


if __name__ == "__main__":
    main()
