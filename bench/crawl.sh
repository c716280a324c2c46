#!/usr/bin/env bash
# 2026-11-25
#
# crawl.sh: how fast `domat crawl` sweeps a portal, on loopback. Measures and
# never asserts; writes the figures to bench/out/crawl.json.
#
#   bash bench/crawl.sh                  # 2,000 pages + 200 PDFs
#   PAGES=500 DOCS=50 bash bench/crawl.sh
#   JOBS=1 HOSTCONN=4 bash bench/crawl.sh
#
# Generates a portal under bench/out/crawl-portal (git-ignored, rebuilt when
# PAGES or DOCS change): a front page, 20 section pages, PAGES article pages
# in a tree (each links its section, two neighbours and, one in ten, a PDF
# or two), and DOCS PDFs made from the test portal's LibreOffice fixtures
# (one in ten stamped), each made distinct by a trailing comment so every
# document hashes differently. Serves it with tests/crawl/server.py
# (python3 ThreadingHTTPServer; robots.txt Crawl-delay 0) and runs:
#
#   cold:        a first crawl with a new state file: every page fetched,
#                parsed for links and scanned, every PDF scanned
#   incremental: the same crawl again: conditional requests, 304s, nothing
#                scanned
#
# with --rate 1000 (the limit is the host, not politeness) and
# --host-connections HOSTCONN (default 8), -j JOBS (default: nproc).
# pages/s and documents/s are pages (resp. documents) fetched and scanned
# per second of the whole run's wall time, compilation of the dictionaries
# included (about 0.3 s); cpu_s and peak_rss_mib are the crawler's own
# (/usr/bin/time). The python server is part of what is measured: on a
# 2-core machine it competes with the crawler for the CPU.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
PAGES=${PAGES:-2000}
DOCS=${DOCS:-200}
JOBS=${JOBS:-$(nproc)}
HOSTCONN=${HOSTCONN:-8}
make -s build/domat >/dev/null
mkdir -p bench/out
portal=bench/out/crawl-portal
tmp=$(mktemp -d "${TMPDIR:-/tmp}/domat-crawl-bench.XXXXXX")
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

if [ "$(cat "$portal/.made" 2>/dev/null)" != "$PAGES $DOCS" ]; then
    rm -rf "$portal"
    python3 - "$portal" "$PAGES" "$DOCS" tests/crawl/portal/docs <<'PY'
import os, random, sys
out, pages, docs, fixtures = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
random.seed(6)
os.makedirs(out + "/p", exist_ok=True)
os.makedirs(out + "/docs", exist_ok=True)
stamped = open(fixtures + "/ke-hoach-12-toi-mat.pdf", "rb").read()
clean = open(fixtures + "/bao-cao-cong-khai.pdf", "rb").read()
for d in range(docs):
    body = stamped if d % 10 == 0 else clean
    with open("%s/docs/vb-%04d.pdf" % (out, d), "wb") as f:
        f.write(body + b"\n%% bench copy " + str(d).encode() + b"\n")
para = ("Ủy ban nhân dân tỉnh thông báo kết quả thực hiện nhiệm vụ phát triển "
        "kinh tế - xã hội; công tác bảo vệ bí mật nhà nước được quán triệt. ")
def page(title, links):
    items = "".join('<li><a href="%s">%s</a></li>\n' % (h, t) for h, t in links)
    return ('<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
            "<title>%s</title></head><body><h1>%s</h1>\n<p>%s</p>\n<ul>\n%s</ul>"
            "</body></html>\n" % (title, title, para * 20, items))
sections = 20
per = pages // sections
doc = 0
for s in range(sections):
    links = []
    for k in range(per):
        n = s * per + k
        links.append(("/p/%05d.html" % n, "Bài %d" % n))
        nb = [("/p/%05d.html" % ((n + 1) % pages), "Tiếp"),
              ("/p/%05d.html" % ((n + 7) % pages), "Liên quan"),
              ("/s%02d.html" % s, "Chuyên mục")]
        if n % 10 == 0:
            for _ in range(2):
                if doc < docs:
                    nb.append(("/docs/vb-%04d.pdf" % doc, "Văn bản %d" % doc))
                    doc += 1
        with open("%s/p/%05d.html" % (out, n), "w") as f:
            f.write(page("Bài %d" % n, nb))
    with open("%s/s%02d.html" % (out, s), "w") as f:
        f.write(page("Chuyên mục %d" % s, links))
# Documents left over (when PAGES / 10 * 2 < DOCS) hang off the front page.
extra = [("/docs/vb-%04d.pdf" % d, "Văn bản %d" % d) for d in range(doc, docs)]
with open(out + "/index.html", "w") as f:
    f.write(page("Cổng thông tin",
                 [("/s%02d.html" % s, "Chuyên mục %d" % s) for s in range(sections)] + extra))
PY
    echo "$PAGES $DOCS" >"$portal/.made"
fi

DOMAT_ROBOTS_DELAY=0 python3 tests/crawl/server.py "$portal" "$tmp/port" "$tmp/log" &
pid=$!
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.05; done
base=http://127.0.0.1:$(cat "$tmp/port")/

run() { # run NAME: one crawl, its wall time and the summary into $tmp/NAME.*
    local t0 t1
    t0=$(date +%s.%N)
    /usr/bin/time -o "$tmp/$1.cpu" -f "%U %S %M" \
        build/domat crawl --seed "$base" --state "$tmp/state.db" --report "$tmp/$1" \
        --rate 1000 --host-connections "$HOSTCONN" -j "$JOBS" --max-pages 1000000 \
        -q 2>"$tmp/$1.err" || true
    t1=$(date +%s.%N)
    echo "$t0 $t1" >"$tmp/$1.time"
}
run cold
run incremental

python3 - "$tmp" "$PAGES" "$DOCS" "$JOBS" "$HOSTCONN" <<'PY'
import json, sys
tmp, pages, docs, jobs, hc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
res = {"portal": {"pages": pages, "documents": docs}, "jobs": int(jobs),
       "host_connections": int(hc), "runs": {}}
for name in ("cold", "incremental"):
    t0, t1 = map(float, open("%s/%s.time" % (tmp, name)).read().split())
    s = json.load(open("%s/%s/summary.json" % (tmp, name)))
    wall = t1 - t0
    user, sys_, rss = open("%s/%s.cpu" % (tmp, name)).read().split()[-3:]
    r = {"wall_s": round(wall, 2), "cpu_s": round(float(user) + float(sys_), 2),
         "peak_rss_mib": round(int(rss) / 1024, 1), "requests": s["requests"],
         "pages": s["pages"], "documents": s["documents"],
         "requests_per_s": round(s["requests"] / wall, 1),
         "new_findings": s["new_findings"], "findings": s["findings"]}
    if name == "cold":
        r["pages_per_s"] = round(s["pages"] / wall, 1)
        r["documents_per_s"] = round(s["documents"] / wall, 1)
    res["runs"][name] = r
out = "bench/out/crawl.json"
json.dump(res, open(out, "w"), indent=2)
print(json.dumps(res, indent=2))
PY
