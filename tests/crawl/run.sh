#!/usr/bin/env bash
# 2026-11-25
#
# run.sh: end-to-end tests of `domat crawl` and `domat scan --warc` against a
# small portal served on 127.0.0.1 by tests/crawl/server.py (python3
# standard library). No traffic leaves the loopback interface.
#
#   tests/crawl/run.sh                 # uses build/domat
#   DOMAT=/path/to/domat tests/crawl/run.sh
#
# The portal (tests/crawl/portal/) has pages linking stamped and clean PDF
# and .docx files, a stamped page served gzip-encoded, a document reachable
# only through a gzip-compressed sitemap, robots.txt forbidding /private/
# with a Crawl-delay, a redirect loop, a redirect out of scope, a 404, a
# slow page, a huge file, a 429 and a 503 that succeed on retry, and an
# image served under a URL without an extension. Between run 1 and run 2
# the test changes a page (it gets a stamp and links a new stamped docx) and
# deletes a stamped docx.
#
# It asserts on the JSON Lines, the exit status, the report files, the
# state file (python3 sqlite3) and the server's own request log: what was
# fetched, skipped, found, and what run 2 reports as new, changed and
# removed; then the limits, a stop and resume, a SIGKILL, the state lock,
# and WARC files written by wget and by hand.
#
# Prints "N passed, M failed"; exits non-zero on any failure. The server
# is stopped on every exit path (trap).
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/tests/crawl
DOMAT=${DOMAT:-build/domat}
case $DOMAT in
/*) ;;
*) DOMAT=$root/$DOMAT ;;
esac
if [ ! -x "$DOMAT" ]; then
    echo "run.sh: $DOMAT is not an executable; build it first (make)" >&2
    exit 2
fi
export DOMAT_DICT_DIR=${DOMAT_DICT_DIR:-$root/dictionaries}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/domat-crawl.XXXXXX") || exit 2
server_pid=
crawl_pid=
cleanup() {
    [ -n "$crawl_pid" ] && kill -KILL "$crawl_pid" 2>/dev/null
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [ -n "${KEEP:-}" ] || rm -rf "$tmp"; [ -n "${KEEP:-}" ] && echo "kept $tmp"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

pass=0
fail=0
check() {
    local desc=$1
    shift
    if "$@"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        printf 'FAIL: %s\n' "$desc"
    fi
}
# py CODE ARGS...: a python3 assertion; its exit status is the check's.
py() {
    local code=$1
    shift
    python3 -c "$code" "$@"
}

# ---- the portal ----
mkdir -p "$tmp/root"
cp -r "$here/portal/." "$tmp/root/"
start_server() {
    rm -f "$tmp/port"
    DOMAT_SLOW=6 DOMAT_HUGE_MB=24 DOMAT_ROBOTS_DELAY=0.1 \
        python3 "$here/server.py" "$tmp/root" "$tmp/port" "$tmp/server.log" &
    server_pid=$!
    for _ in $(seq 100); do
        [ -s "$tmp/port" ] && break
        sleep 0.05
    done
    port=$(cat "$tmp/port" 2>/dev/null)
    if [ -z "$port" ]; then
        echo "run.sh: the test server did not start" >&2
        exit 2
    fi
    base="http://127.0.0.1:$port"
}
start_server

# snap FILE SINCE: the requests that arrived since SINCE (seconds since the
# epoch), from the server's log. A slow page of an earlier run that the
# server answers late is not counted against the next one.
snap() {
    py 'import json, sys
since = float(sys.argv[2])
with open(sys.argv[3], "w") as out:
    for l in open(sys.argv[1]):
        if json.loads(l)["t0"] >= since:
            out.write(l)' "$tmp/server.log" "$2" "$1"
}
now() { date +%s.%N; }
# wait_requests N SINCE: until N requests arrived since SINCE (at most 60 s),
# so a signal reaches a crawl that is under way, not one still compiling
# its dictionaries (slow under the sanitizers).
wait_requests() {
    py 'import json, sys, time
n, since = int(sys.argv[1]), float(sys.argv[2])
for _ in range(1200):
    k = sum(1 for l in open(sys.argv[3]) if json.loads(l)["t0"] >= since)
    if k >= n:
        break
    time.sleep(0.05)' "$1" "$2" "$tmp/server.log"
}

# Common options: short timeouts so the slow page fails fast, a 4 MiB cut
# for the huge file, a rate high enough that robots.txt's Crawl-delay (0.1 s)
# is what spaces the requests.
COMMON=(--timeout 3 --max-size 4M --rate 50 --host-connections 2)

# Requests the server saw, from its log, as "PATH STATUS" lines (in order).
log_paths() { py 'import json,sys
for l in open(sys.argv[1]): o=json.loads(l); print(o["path"], o["status"])' "$1"; }

# ---- run 1 ----
m=$(now)
t0=$(date +%s)
"$DOMAT" crawl --seed "$base/" --state "$tmp/state.db" --report "$tmp/r1" \
    "${COMMON[@]}" -j 2 --format json >"$tmp/out1.jsonl" 2>"$tmp/err1"
rc1=$?
t1=$(date +%s)
snap "$tmp/log1.jsonl" "$m"

check "run 1: exit 1 (new findings)" [ "$rc1" -eq 1 ]
check "run 1: under 40 s (the slow page does not hold the crawl)" [ $((t1 - t0)) -lt 40 ]
check "run 1: summary on stderr" grep -q "run 1 done" "$tmp/err1"

# Every line is a JSON object with the contract's fields and the crawl's.
check "run 1: JSON Lines with the contract's and the crawl's fields" py '
import json, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    for k in ("url", "fetched_at", "http_status", "change", "new_finding",
              "path", "verdict", "level", "findings", "unscanned", "error"):
        assert k in o, k
    assert o["verdict"] in ("allow", "review", "block"), o
    n += 1
assert n > 10, n' "$tmp/out1.jsonl"

# What is found, exactly: every stamped document, nothing else; the huge
# file is review (only its first 4 MiB scanned), everything else allow.
check "run 1: finds every stamped document and nothing else" py '
import json, sys
base = sys.argv[2]
want = {
    "/tin-tuc.html": ("block", "toi-mat"),
    "/gz/thong-bao.html": ("block", "toi-mat"),
    "/flaky": ("block", "mat"),
    "/docs/ke-hoach-12-toi-mat.pdf": ("block", "toi-mat"),
    "/docs/ke-hoach-12-toi-mat.docx": ("block", "toi-mat"),
    "/docs/quyet-dinh-07-tuyet-mat.docx": ("block", "tuyet-mat"),
    "/orphan/bien-ban-mat.pdf": ("block", "mat"),
    "/huge.txt": ("review", None),
}
allow = {"/", "/index.html", "/van-ban.html", "/lien-he.html",
         "/changing.html", "/busy", "/tin-moi.html",
         "/docs/bao-cao-cong-khai.pdf", "/docs/thong-bao-cong-khai.docx"}
got = {}
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    p = o["url"][len(base):]
    assert p not in got, "twice: " + p
    got[p] = (o["verdict"], o["level"])
bad = False
for p, v in want.items():
    if got.get(p) != v:
        print("  ", p, "expected", v, "got", got.get(p)); bad = True
for p in allow:
    if got.get(p) != ("allow", None):
        print("  ", p, "expected allow, got", got.get(p)); bad = True
extra = set(got) - set(want) - allow
if extra:
    print("   unexpected results:", sorted(extra)); bad = True
sys.exit(1 if bad else 0)' "$tmp/out1.jsonl" "$base"

check "run 1: every result is new" py '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    assert o["change"] == "new", o["url"]
    assert o["new_finding"] == (o["verdict"] in ("block", "review")), o["url"]' "$tmp/out1.jsonl"

check "run 1: evidence has page and line (PDF) and part (docx)" py '
import json, sys
r = {json.loads(l)["url"].split("/", 3)[3]: json.loads(l) for l in open(sys.argv[1])}
f = r["docs/ke-hoach-12-toi-mat.pdf"]["findings"][0]
assert f["page"] == 1 and f["line"] == 5 and f["snippet"] == "TỐI MẬT", f
f = r["docs/quyet-dinh-07-tuyet-mat.docx"]["findings"][0]
assert f["line"] == 4 and f["snippet"] == "TUYỆT MẬT", f
assert "word/document.xml" in f["location"], f' "$tmp/out1.jsonl"

check "run 1: the huge file was cut at --max-size and says so" py '
import json, sys
r = {json.loads(l)["url"].split("/", 3)[3]: json.loads(l) for l in open(sys.argv[1])}
u = r["huge.txt"]["unscanned"]
assert u and "limit 4194304" in u[0], u' "$tmp/out1.jsonl"

# The server's view.
check "robots.txt is the first request" py '
import json, sys
first = json.loads(open(sys.argv[1]).readline())
assert first["path"] == "/robots.txt", first' "$tmp/log1.jsonl"
check "robots.txt: nothing under /private/ requested" \
    eval "! log_paths '$tmp/log1.jsonl' | grep -q '^/private/'"
check "scope: the redirect to host localhost is not followed" py '
import json, sys
assert all(json.loads(l)["host"].startswith("127.0.0.1:") for l in open(sys.argv[1]))' "$tmp/log1.jsonl"
check "redirect loop: /loop/a and /loop/b requested once each" py '
import json, sys
ps = [json.loads(l)["path"] for l in open(sys.argv[1])]
assert ps.count("/loop/a") == 1 and ps.count("/loop/b") == 1, ps' "$tmp/log1.jsonl"
check "media: links to .jpg, .png, .css, .ico never requested" py '
import json, sys
ps = [json.loads(l)["path"] for l in open(sys.argv[1])]
assert not [p for p in ps if p.startswith("/static/") or p == "/favicon.ico"], ps' "$tmp/log1.jsonl"
check "sitemaps: index, pages and gzip sitemap requested" py '
import json, sys
ps = [json.loads(l)["path"] for l in open(sys.argv[1])]
for p in ("/sitemap_index.xml", "/sitemap-pages.xml", "/sitemap-docs.xml.gz"):
    assert ps.count(p) == 1, (p, ps)' "$tmp/log1.jsonl"
check "429: retried after Retry-After (1 s)" py '
import json, sys
ts = [(o["t"], o["status"]) for o in map(json.loads, open(sys.argv[1])) if o["path"] == "/busy"]
assert [s for _, s in ts] == [429, 200], ts
assert ts[1][0] - ts[0][0] >= 0.95, ts' "$tmp/log1.jsonl"
check "503: retried after a backoff (2 s)" py '
import json, sys
ts = [(o["t"], o["status"]) for o in map(json.loads, open(sys.argv[1])) if o["path"] == "/flaky"]
assert [s for _, s in ts] == [503, 200], ts
assert ts[1][0] - ts[0][0] >= 1.9, ts' "$tmp/log1.jsonl"
check "Crawl-delay: request starts at least 0.1 s apart" py '
import json, sys
ts = sorted(o["t0"] for o in map(json.loads, open(sys.argv[1])))
gaps = sorted(b - a for a, b in zip(ts, ts[1:]))
# Arrival times carry the server'"'"'s scheduling jitter on a loaded machine:
# no gap under half the delay, and the typical gap at least the delay.
assert gaps[0] >= 0.05 and gaps[len(gaps) // 2] >= 0.095, gaps[:5]' "$tmp/log1.jsonl"
check "User-Agent names domat on every request" py '
import json, sys
assert all(json.loads(l)["ua"].startswith("domat/") for l in open(sys.argv[1]))' "$tmp/log1.jsonl"
check "gzip: the encoded page was asked for with Accept-Encoding gzip" py '
import json, sys
o = [o for o in map(json.loads, open(sys.argv[1])) if o["path"] == "/gz/thong-bao.html"][0]
assert "gzip" in o["ae"], o' "$tmp/log1.jsonl"

# The state file.
check "state: frontier statuses" py '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); base = sys.argv[2]
st = {u[len(base):]: (s, d) for u, s, d in db.execute("select url, status, detail from frontier")}
exp = {
    "/private/ho-so-mat.pdf": ("skipped", "robots.txt"),
    "/static/banner.jpg": ("skipped", "media"),
    "/download?id=7": ("skipped", "media image/jpeg"),
    "/missing.html": ("failed", "HTTP 404"),
    "/loop/a": ("redirect", base + "/loop/b"),
    "/loop/b": ("redirect", base + "/loop/a"),
    "/away": ("redirect", "http://localhost:%s/outside.html (out of scope)" % base.rsplit(":", 1)[1]),
    "/moved": ("redirect", base + "/tin-moi.html"),
}
bad = False
for k, v in exp.items():
    if st.get(k) != v:
        print("  ", k, "expected", v, "got", st.get(k)); bad = True
s, d = st.get("/slow", (None, ""))
if s != "failed" or "timed out" not in (d or ""):
    print("   /slow", s, d); bad = True
assert not [k for k, (s, _) in st.items() if s in ("queued", "active")]
sys.exit(1 if bad else 0)' "$tmp/state.db" "$base"
check "state: documents, run, WAL, integrity" py '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("select count(*) from documents").fetchone()[0] == 17
assert db.execute("select status from runs where id = 1").fetchone()[0] == "done"
assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
size, trunc = db.execute("select size, truncated from documents where url like ?", ("%/huge.txt",)).fetchone()
assert size == 4 * 1048576 + 1 and trunc == 1, (size, trunc)
n = db.execute("select count(*) from findings f join documents d using (url) where d.verdict = ?", ("block",)).fetchone()[0]
assert n >= 7, n' "$tmp/state.db"

# The report.
check "report 1: findings.jsonl, new findings first" py '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1] + "/findings.jsonl", encoding="utf-8")]
assert len(rows) == 8, len(rows)
assert all(r["new_finding"] for r in rows)
assert [r["verdict"] for r in rows[:7]] == ["block"] * 7, rows
assert rows[0]["level"] == "tuyet-mat", rows[0]
assert all("fetched_at" in r and "findings" in r for r in rows)' "$tmp/r1"
check "report 1: HTML with links, highlighted evidence, totals per site" py '
import sys
h = open(sys.argv[1] + "/report.html", encoding="utf-8").read()
base = sys.argv[2]
assert h.index("New findings") < h.index("Still online") < h.index("Taken down") < h.index("Totals per site")
assert ("<a href=\"%s/docs/quyet-dinh-07-tuyet-mat.docx\">" % base) in h
assert "<mark>TUYỆT MẬT</mark>" in h and "<mark>TỐI MẬT</mark>" in h
assert "page 1, line 5" in h
assert "<td>" + base + "</td>" in h
assert "robots.txt" in h
assert "Not read: input size 4194305 bytes &gt; limit 4194304" in h' "$tmp/r1" "$base"
check "report 1: summary.json" py '
import json, sys
s = json.load(open(sys.argv[1] + "/summary.json"))
assert s["status"] == "done" and s["new_findings"] == 8 and s["removed"] == 0, s' "$tmp/r1"

# ---- run 2: one page changes, one stamped document appears, one goes ----
sleep 1 # a new Last-Modified second for the changed page
cp "$here/v2/changing.html" "$tmp/root/changing.html"
cp "$here/v2/docs/cong-van-moi-tuyet-mat.docx" "$tmp/root/docs/"
rm "$tmp/root/docs/ke-hoach-12-toi-mat.docx"
m=$(now)
"$DOMAT" crawl --seed "$base/" --state "$tmp/state.db" --report "$tmp/r2" \
    "${COMMON[@]}" --format json >"$tmp/out2.jsonl" 2>"$tmp/err2"
rc2=$?
snap "$tmp/log2.jsonl" "$m"
check "run 2: exit 1 (new findings)" [ "$rc2" -eq 1 ]
check "run 2: new, changed, removed and unchanged" py '
import json, sys
base = sys.argv[2]
r = {}
for l in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(l); r[o["url"][len(base):]] = o
c = r["/changing.html"]
assert c["change"] == "changed" and c["new_finding"] and c["verdict"] == "block" and c["level"] == "toi-mat", c
n = r["/docs/cong-van-moi-tuyet-mat.docx"]
assert n["change"] == "new" and n["new_finding"] and n["level"] == "tuyet-mat", n
g = r["/docs/ke-hoach-12-toi-mat.docx"]
assert g["change"] == "removed" and not g["new_finding"] and g["verdict"] == "block", g
others = {p: o["change"] for p, o in r.items() if p not in ("/changing.html", "/docs/cong-van-moi-tuyet-mat.docx", "/docs/ke-hoach-12-toi-mat.docx")}
assert set(others.values()) == {"unchanged"}, others
assert not [p for p, o in r.items() if o["new_finding"] and p not in ("/changing.html", "/docs/cong-van-moi-tuyet-mat.docx")]' "$tmp/out2.jsonl" "$base"
check "run 2: conditional requests, answered 304, for unchanged files" py '
import json, sys
rs = [o for o in map(json.loads, open(sys.argv[1])) if o["path"].startswith("/docs/")]
d = {o["path"]: o for o in rs}
o = d["/docs/ke-hoach-12-toi-mat.pdf"]
assert o["inm"] and o["ims"] and o["status"] == 304, o
assert d["/docs/cong-van-moi-tuyet-mat.docx"]["status"] == 200
assert d["/docs/ke-hoach-12-toi-mat.docx"]["status"] == 404' "$tmp/log2.jsonl"
check "run 2: only what changed was scanned again" \
    grep -q " 2 scanned, 15 unchanged" "$tmp/err2"
check "run 2: state records the changes" py '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
ch = dict(db.execute("select substr(url, instr(url, \"/docs/\")), change from documents where change_run = 2 and change != \"unchanged\""))
assert ch.get("/docs/ke-hoach-12-toi-mat.docx") == "removed", ch
assert ch.get("/docs/cong-van-moi-tuyet-mat.docx") == "new", ch
assert db.execute("select count(*) from documents where change_run = 2 and new_finding = 1").fetchone()[0] == 2' "$tmp/state.db"
check "report 2: new findings first, the removed document listed as taken down" py '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1] + "/findings.jsonl", encoding="utf-8")]
assert [r["new_finding"] for r in rows[:2]] == [True, True] and not any(r["new_finding"] for r in rows[2:]), rows
h = open(sys.argv[1] + "/report.html", encoding="utf-8").read()
i = h.index("Taken down")
assert "ke-hoach-12-toi-mat.docx" in h[i:h.index("Totals per site")]
s = json.load(open(sys.argv[1] + "/summary.json"))
assert s["new_findings"] == 2 and s["removed"] == 1, s' "$tmp/r2"

# ---- run 3: nothing changed: exit 0 ----
"$DOMAT" crawl --seed "$base/" --state "$tmp/state.db" "${COMMON[@]}" -q 2>"$tmp/err3"
rc3=$?
check "run 3: nothing new: exit 0" [ "$rc3" -eq 0 ]

# ---- limits ----
m=$(now)
"$DOMAT" crawl --seed "$base/" --max-pages 3 "${COMMON[@]}" --format json \
    >"$tmp/out4.jsonl" 2>"$tmp/err4"
snap "$tmp/log4.jsonl" "$m"
check "--max-pages 3: three pages requested" py '
import json, sys
ps = [json.loads(l)["path"] for l in open(sys.argv[1])]
pages = [p for p in ps if p != "/robots.txt" and "sitemap" not in p]
assert len(pages) == 3, ps' "$tmp/log4.jsonl"
check "--max-pages 3: the run says the limit ended it" grep -q "max-pages reached" "$tmp/err4"
m=$(now)
"$DOMAT" crawl --seed "$base/" --link-depth 0 "${COMMON[@]}" --format json \
    >"$tmp/out5.jsonl" 2>"$tmp/err5"
snap "$tmp/log5.jsonl" "$m"
check "--link-depth 0: only the seed is fetched" py '
import json, sys
ps = [json.loads(l)["path"] for l in open(sys.argv[1])]
pages = [p for p in ps if p != "/robots.txt" and "sitemap" not in p]
assert pages == ["/"], ps' "$tmp/log5.jsonl"

# ---- stop with SIGINT, then resume ----
m=$(now)
"$DOMAT" crawl --seed "$base/" --state "$tmp/resume.db" --timeout 3 \
    --max-size 4M --rate 4 --format json >"$tmp/out6a.jsonl" 2>"$tmp/err6a" &
crawl_pid=$!
wait_requests 6 "$m"
kill -INT "$crawl_pid"
wait "$crawl_pid"
rc6a=$?
crawl_pid=
check "SIGINT: the run stops cleanly (exit 1 or 2)" [ "$rc6a" -eq 1 -o "$rc6a" -eq 2 ]
check "SIGINT: the run is recorded as stopped" py '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("select status from runs").fetchall() == [("stopped",)]
assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
assert db.execute("select count(*) from frontier where status = \"queued\"").fetchone()[0] > 0' "$tmp/resume.db"
"$DOMAT" crawl --seed "$base/" --state "$tmp/resume.db" "${COMMON[@]}" \
    --format json >"$tmp/out6b.jsonl" 2>"$tmp/err6b"
snap "$tmp/log6.jsonl" "$m"
check "resume: the same run finishes" py '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("select id, status from runs").fetchall() == [(1, "done")]
assert db.execute("select count(*) from documents").fetchone()[0] == 17' "$tmp/resume.db"
check "resume: announced on stderr" grep -q "resuming run 1" "$tmp/err6b"
check "resume: nothing fetched twice, every document reported once" py '
import json, sys
from collections import Counter
c = Counter(json.loads(l)["path"] for l in open(sys.argv[1]))
twice = [p for p, n in c.items() if n > 1 and p not in ("/robots.txt", "/busy", "/flaky")]
assert len(twice) <= 2, twice  # at most what was in flight at the stop
urls = [json.loads(l)["url"] for f in sys.argv[2:] for l in open(f)]
assert len(urls) == len(set(urls)) == 17, len(urls)' \
    "$tmp/log6.jsonl" "$tmp/out6a.jsonl" "$tmp/out6b.jsonl"

# ---- SIGKILL, the state lock ----
m=$(now)
"$DOMAT" crawl --seed "$base/" --state "$tmp/kill.db" --timeout 3 \
    --max-size 4M --rate 4 -q 2>/dev/null &
crawl_pid=$!
wait_requests 6 "$m"
"$DOMAT" crawl --seed "$base/" --state "$tmp/kill.db" -q 2>"$tmp/err7"
rc7=$?
check "lock: a second crawl on the same state stops (exit 2)" [ "$rc7" -eq 2 ]
check "lock: and says why" grep -q "in use by another domat crawl" "$tmp/err7"
kill -KILL "$crawl_pid"
wait "$crawl_pid" 2>/dev/null
crawl_pid=
check "SIGKILL: the state file is intact" py '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
assert db.execute("select status from runs").fetchall() == [("running",)]' "$tmp/kill.db"
"$DOMAT" crawl --seed "$base/" --state "$tmp/kill.db" "${COMMON[@]}" -q 2>"$tmp/err8"
check "SIGKILL: the next run resumes and finishes" py '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("select id, status from runs").fetchall() == [(1, "done")]
assert db.execute("select count(*) from documents").fetchone()[0] == 17' "$tmp/kill.db"

# ---- usage errors ----
"$DOMAT" crawl >/dev/null 2>"$tmp/err9"
check "crawl without --seed: exit 2" [ $? -eq 2 ]
"$DOMAT" crawl --seed ftp://example.org/ >/dev/null 2>"$tmp/err9"
check "crawl --seed ftp://: exit 2" [ $? -eq 2 ]
"$DOMAT" crawl --seed "$base/" --scope planet >/dev/null 2>"$tmp/err9"
check "crawl --scope planet: exit 2" [ $? -eq 2 ]
"$DOMAT" crawl --seed "$base/" --rate 0 >/dev/null 2>"$tmp/err9"
check "crawl --rate 0: exit 2" [ $? -eq 2 ]
"$DOMAT" crawl --seed "http://127.0.0.1:1/" --timeout 2 -q 2>"$tmp/err9"
check "crawl of a host that refuses: exit 2" [ $? -eq 2 ]

# ---- WARC: written by wget, scanned by domat scan --warc ----
if command -v wget >/dev/null; then
    mkdir -p "$tmp/wget"
    (cd "$tmp/wget" &&
        wget -q -r -l 3 --compression=gzip --timeout=2 --tries=2 \
            --reject-regex 'huge|slow' --warc-file=portal -P site "$base/")
    (cd "$tmp/wget" &&
        wget -q -r -l 3 --timeout=2 --tries=1 --no-warc-compression \
            --reject-regex 'huge|slow|busy|flaky' --warc-file=plain -P site2 "$base/")
    "$DOMAT" scan --warc --format json "$tmp/wget/portal.warc.gz" \
        >"$tmp/warc1.jsonl" 2>"$tmp/warcerr1"
    rcw=$?
    check "warc.gz: exit 1 (found)" [ "$rcw" -eq 1 ]
    check "warc.gz: the stamped pages and documents, nothing else" py '
import json, sys
base = sys.argv[2]
r = {}
for l in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(l)
    assert o["url"] not in r
    r[o["url"]] = o
blocks = {u[len(base):] for u, o in r.items() if o["verdict"] == "block"}
assert blocks == {"/tin-tuc.html", "/gz/thong-bao.html", "/docs/ke-hoach-12-toi-mat.pdf",
                  "/docs/quyet-dinh-07-tuyet-mat.docx", "/docs/cong-van-moi-tuyet-mat.docx",
                  "/changing.html", "/flaky"}, blocks
assert all(o["verdict"] == "allow" for o in r.values() if o["verdict"] != "block")
assert not [u for u in r if u.startswith("metadata:")]
o = r[base + "/docs/ke-hoach-12-toi-mat.pdf"]
assert o["warc"].endswith("portal.warc.gz") and o["warc_offset"] > 0 and o["fetched_at"], o' \
        "$tmp/warc1.jsonl" "$base"
    check "warc.gz: wget stored the gzip-encoded page encoded" \
        eval "zcat '$tmp/wget/portal.warc.gz' | grep -aq '^Content-Encoding: gzip'"
    check "warc.gz: warc_offset is where the record's gzip member starts" py '
import json, sys, zlib
data = open(sys.argv[1], "rb").read()
for l in open(sys.argv[2], encoding="utf-8"):
    o = json.loads(l)
    d = zlib.decompressobj(31)
    rec = d.decompress(data[o["warc_offset"]:])
    assert rec.startswith(b"WARC/1."), o["url"]
    head = rec[:rec.index(b"\r\n\r\n")]
    assert (o["url"] + "\r\n").encode() in head or ("<" + o["url"] + ">").encode() in head, o["url"]' \
        "$tmp/wget/portal.warc.gz" "$tmp/warc1.jsonl"
    "$DOMAT" scan --warc -j 3 --only-found "$tmp/wget/plain.warc" >"$tmp/warc2.txt" 2>&1
    rcw2=$?
    check "plain .warc, -j 3, --only-found: exit 1 and the stamped ones" \
        eval "[ $rcw2 -eq 1 ] && [ \$(grep -c '^block' '$tmp/warc2.txt') -eq 6 ] && ! grep -q '^allow' '$tmp/warc2.txt'"
    cat "$tmp/wget/plain.warc" | "$DOMAT" scan --warc --only-found - >"$tmp/warc3.txt" 2>&1
    check "WARC on standard input" cmp -s <(sort "$tmp/warc2.txt") <(sort "$tmp/warc3.txt")
else
    echo "SKIP: wget not installed: WARC tests from wget skipped"
fi

# A WARC made by hand: chunked transfer coding with gzip content coding,
# raw deflate, a revisit, a 404, a resource record, and a record cut short.
py '
import gzip, sys, zlib
stamped = ("ỦY BAN NHÂN DÂN\nSố: 12/KH-UBND\nV/v bảo vệ mục tiêu\nTỐI MẬT\n"
           "Nội dung kế hoạch.\n").encode()
clean = "Thông báo lịch tiếp công dân.\n".encode()
def rec(typ, uri, block, ctype="application/http; msgtype=response"):
    h = ("WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\n"
         "WARC-Date: 2026-11-25T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:x>\r\n"
         "Content-Type: %s\r\nContent-Length: %d\r\n\r\n" % (typ, uri, ctype, len(block)))
    return gzip.compress(h.encode() + block + b"\r\n\r\n")
def http(status, body, headers=""):
    return ("HTTP/1.1 %s\r\nContent-Type: text/plain; charset=utf-8\r\n%s\r\n" % (status, headers)).encode() + body
gz = gzip.compress(stamped)
chunked = b"".join(b"%x;ext=1\r\n" % len(gz[i:i+7]) + gz[i:i+7] + b"\r\n" for i in range(0, len(gz), 7)) + b"0\r\nX-Trailer: 1\r\n\r\n"
raw = zlib.compressobj(9, zlib.DEFLATED, -15)
deflated = raw.compress(stamped) + raw.flush()
out = b"".join([
    rec("warcinfo", "", b"software: hand\r\n", "application/warc-fields"),
    rec("request", "http://x.test/a", b"GET /a HTTP/1.1\r\n\r\n", "application/http; msgtype=request"),
    rec("response", "http://x.test/chunked-gzip", http("200 OK", chunked, "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n")),
    rec("response", "http://x.test/deflate", http("200 OK", deflated, "Content-Encoding: deflate\r\n")),
    rec("response", "http://x.test/clean", http("200 OK", clean)),
    rec("response", "http://x.test/gone", http("404 Not Found", stamped)),
    rec("revisit", "http://x.test/clean", http("304 Not Modified", b"")),
    rec("resource", "http://x.test/file.txt", stamped, "text/plain"),
])
cut = rec("response", "http://x.test/cut", http("200 OK", stamped))
out += cut[:len(cut) // 2]
open(sys.argv[1], "wb").write(out)' "$tmp/hand.warc.gz"
"$DOMAT" scan --warc --format json "$tmp/hand.warc.gz" >"$tmp/warc4.jsonl" 2>"$tmp/warcerr4"
rcw4=$?
check "hand-made WARC: exit 2 (a record is cut short)" [ "$rcw4" -eq 2 ]
check "hand-made WARC: codings undone, skips, and the cut record" py '
import json, sys
r = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
v = [(o["url"], o["verdict"]) for o in r]
assert v[:4] == [("http://x.test/chunked-gzip", "block"), ("http://x.test/deflate", "block"),
                 ("http://x.test/clean", "allow"), ("http://x.test/file.txt", "block")], v
assert len(r) == 5 and r[4]["verdict"] == "error" and "ends inside" in r[4]["error"], r[4:]
assert r[0]["fetched_at"] == "2026-11-25T08:00:00Z"' "$tmp/warc4.jsonl"
printf 'not a warc\n' >"$tmp/notwarc.warc"
"$DOMAT" scan --warc "$tmp/notwarc.warc" >"$tmp/warc5.txt" 2>&1
check "not a WARC file: exit 2, said in line" \
    eval "[ $? -eq 2 ] && grep -q 'not a WARC file' '$tmp/warc5.txt'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
