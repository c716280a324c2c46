#!/usr/bin/env bash
# 2026-11-25
#
# daemon.sh: how fast domatd answers, on loopback. Measures and never
# asserts; writes every figure to bench/out/daemon.json for RESULTS.md.
#
#   bash bench/daemon.sh              # ~1 min + the RSS soak (SOAK=600 s)
#   SOAK=0 bash bench/daemon.sh       # skip the soak
#   DURATION=5 bash bench/daemon.sh   # shorter wrk runs
#
# HTTP: wrk POSTs a 4 KB and a 64 KB Vietnamese post (public text, verdict
# allow, the common case) to /v1/scan with 1 and 64 connections, DURATION
# seconds each; requests/s and p50/p90/p99 latency from wrk --latency.
# Milter: N mails (a text body and a PDF attachment) through a private
# Postfix (tests/daemon/postfix.sh) with smtpd_milters at domatd, 4 SMTP
# connections; messages/s accepted (the milter is in that path) and
# delivered. Then the milter alone, with a python3 milter client and no MTA:
# a text-only mail (review), the mail with a clean PDF, the stamped PDF. Soak: 64 connections posting 4 KB for SOAK seconds, domatd's
# RSS sampled every 10 s. domatd logs at info, one line per item, to a file,
# as in production.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
DURATION=${DURATION:-10}
SOAK=${SOAK:-600}
MAILS=${MAILS:-400}
make -s build/domatd build/domat >/dev/null
command -v wrk >/dev/null || { echo "daemon.sh: wrk is not installed (make deps)" >&2; exit 2; }
mkdir -p bench/out
tmp=$(mktemp -d /tmp/domatd-bench.XXXXXX)
chmod 755 "$tmp"
pid=
pfdir=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    [ -n "$pfdir" ] && postfix -c "$pfdir" stop >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HP=$(freeport); MP=$(freeport); SP=$(freeport)

# Inputs: public Vietnamese text from the test fixtures, cut to size.
cat tests/fixtures/public/*.txt tests/fixtures/text/clean_notice.txt > "$tmp/pool.txt"
python3 - "$tmp" <<'EOF'
import sys
d = sys.argv[1]
pool = open(d + "/pool.txt", "rb").read()
for name, size in (("4k", 4096), ("64k", 65536)):
    b = (pool * (size // len(pool) + 1))[:size]
    b = b[:b.rfind(b"\n") + 1]  # whole lines, valid UTF-8
    open("%s/post-%s.txt" % (d, name), "wb").write(b)
EOF
# The paced run: each of 64 connections waits RATE_DELAY ms after an answer,
# so about 64 / (RATE_DELAY ms + latency) requests/s are offered (about
# 5,000/s at 12 ms) and latency is measured at that rate. Unpaced, wrk keeps
# every connection busy and latency is 64 / throughput (Little's law).
RATE_DELAY=${RATE_DELAY:-12}
for s in 4k 64k; do
    cat > "$tmp/post-$s.lua" <<EOF
local f = io.open("$tmp/post-$s.txt", "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
wrk.headers["Content-Type"] = "text/plain"
f:close()
EOF
done
cp "$tmp/post-4k.lua" "$tmp/post-4k-paced.lua"
echo "function delay() return $RATE_DELAY end" >> "$tmp/post-4k-paced.lua"

cat > "$tmp/parse.py" <<'EOF'
import json, re, sys
t = open(sys.argv[1]).read()
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", v)
    n, u = float(m.group(1)), m.group(2)
    return n / 1000 if u == "us" else n if u == "ms" else n * 1000 if u == "s" else n * 60000
pct = {p: ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", t, re.M)}
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
reqs = int(re.search(r"(\d+) requests in", t).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
errs = re.search(r"Socket errors: (.*)", t)
r = {"post": sys.argv[2], "connections": int(sys.argv[3]), "requests_per_s": rps, "requests": reqs,
     "p50_ms": pct.get("50"), "p90_ms": pct.get("90"), "p99_ms": pct.get("99"),
     "non_2xx": int(non2xx.group(1)) if non2xx else 0, "socket_errors": errs.group(1) if errs else None}
if len(sys.argv) > 4:
    r["paced_delay_ms"] = int(sys.argv[4])
print(json.dumps(r))
EOF

# run_wrk LUA POST CONNS [DELAY]
run_wrk() {
    local t=2
    [ "$3" = 1 ] && t=1
    echo "== wrk $2 post, $3 connection(s)${4:+, paced $4 ms}, ${DURATION}s"
    wrk -t"$t" -c"$3" -d"${DURATION}s" --latency -s "$1" "http://127.0.0.1:$HP/v1/scan" > "$tmp/wrk.txt" 2>&1 || true
    grep -E "Requests/sec|  50%|  99%|Non-2xx|Socket errors" "$tmp/wrk.txt" | sed 's/^/  /'
    python3 "$tmp/parse.py" "$tmp/wrk.txt" "$2" "$3" ${4:-} >> "$results"
}
results=$tmp/results.jsonl
: > "$results"

build/domatd --foreground --http-listen=127.0.0.1:$HP --clamd-listen= \
    --milter-listen=inet:$MP@127.0.0.1 --dictionaries="$root/dictionaries" \
    --log-file="$tmp/domatd.log" --log-level=info --http-max-connections=2048 &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$HP/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -s -H 'Content-Type: text/plain' --data-binary @"$tmp/post-4k.txt" "http://127.0.0.1:$HP/v1/scan" \
    | grep -o '"verdict": "[a-z]*"' | head -1 | sed 's/^/  4 KB post: /'

for s in 4k 64k; do
    for c in 1 64; do
        run_wrk "$tmp/post-$s.lua" "$s" "$c"
    done
done
run_wrk "$tmp/post-4k-paced.lua" 4k 64 "$RATE_DELAY"
echo "== milter: $MAILS mails through Postfix + domatd"
bash tests/daemon/postfix.sh setup "$tmp/postfix" "$SP" "$MP" > "$tmp/postfix.log" 2>&1
pfdir=$tmp/postfix/etc
python3 tests/daemon/helpers.py mkmail --out "$tmp/mail" --fixtures tests/daemon/fixtures
python3 tests/daemon/helpers.py milter-bench --port "$SP" --count "$MAILS" --conns 4 \
    --eml "$tmp/mail/clean.eml" --inbox "$tmp/postfix/mail/inbox/new" \
    --json "$tmp/milter.json" | sed 's/^/  /'
postfix -c "$pfdir" stop >/dev/null 2>&1; pfdir=
echo "== milter alone (a python3 milter client, no MTA): $MAILS mails, 4 connections"
for kind in review clean stamped-pdf; do
    python3 tests/daemon/helpers.py milter-direct --port "$MP" --mail "$tmp/mail" --count "$MAILS" \
        --kind "$kind" --json "$tmp/milter-direct-$kind.json" | grep -v "^ok" | sed 's/^/  /'
done

rss() { awk '/^VmRSS:/ {print $2}' "/proc/$pid/status"; }
: > "$tmp/rss.txt"
if [ "$SOAK" -gt 0 ]; then
    echo "== soak: 4 KB posts, 64 connections, ${SOAK}s, RSS every 10 s"
    wrk -t2 -c64 -d"${SOAK}s" --latency -s "$tmp/post-4k.lua" "http://127.0.0.1:$HP/v1/scan" > "$tmp/soak.txt" 2>&1 &
    wpid=$!
    t=0
    while kill -0 "$wpid" 2>/dev/null; do
        echo "$t $(rss)" >> "$tmp/rss.txt"
        sleep 10
        t=$((t + 10))
    done
    wait "$wpid" || true
    echo "$t $(rss)" >> "$tmp/rss.txt"
    grep -E "Requests/sec|  99%" "$tmp/soak.txt" | sed 's/^/  /'
fi
echo "$(rss)" > "$tmp/rss-end.txt"

python3 - "$tmp" "$root/bench/out/daemon.json" "$SOAK" <<'EOF'
import json, os, re, subprocess, sys
d, out, soak = sys.argv[1], sys.argv[2], int(sys.argv[3])
http = [json.loads(l) for l in open(d + "/results.jsonl")]
milter = json.load(open(d + "/milter.json")) if os.path.exists(d + "/milter.json") else None
milter_direct = [json.load(open(d + "/milter-direct-%s.json" % k)) for k in ("review", "clean", "stamped-pdf")
                 if os.path.exists(d + "/milter-direct-%s.json" % k)]
rss = [tuple(map(int, l.split())) for l in open(d + "/rss.txt") if len(l.split()) == 2]
res = {"machine": {"cores": os.cpu_count(), "cpu": re.search(r"model name\s*:\s*(.*)",
                                                          open("/proc/cpuinfo").read()).group(1)},
       "domatd": subprocess.run(["build/domatd", "--version"], capture_output=True, text=True).stdout.strip(),
       "http": http, "milter_through_postfix": milter, "milter_direct": milter_direct}
if rss:
    kb = [r[1] for r in rss]
    # growth: the last third against the first third (after warm-up)
    third = max(1, len(kb) // 3)
    res["soak"] = {"seconds": soak, "rss_kb_samples": rss, "rss_kb_first": kb[0], "rss_kb_max": max(kb),
                   "rss_kb_last": kb[-1],
                   "rss_kb_growth_last_vs_first_third": (sum(kb[-third:]) / third) - (sum(kb[1:third + 1]) / third)}
    t = open(d + "/soak.txt").read()
    m = re.search(r"Requests/sec:\s+([\d.]+)", t)
    if m:
        res["soak"]["requests_per_s"] = float(m.group(1))
json.dump(res, open(out, "w"), indent=1)
print("wrote", out)
EOF
