#!/usr/bin/env bash
# 2026-11-25
#
# run.sh: end-to-end tests of domatd with the real programs that will talk
# to it, all on loopback and all started here, in a temporary directory:
#   HTTP      curl: scans (raw, JSON, multipart), errors, limits, CORS,
#             /healthz, /metrics, and a slowloris crowd that must not block
#             anyone else;
#   clamd     a python3 socket client for the protocol corners, and Debian's
#             real clamdscan --stream over the unix and TCP sockets;
#   milter    a private Postfix instance (postfix -c DIR) with smtpd_milters
#             pointing at domatd, mail sent with swaks: a stamped PDF
#             attachment is refused with 5.7.1, a clean message is delivered
#             byte for byte, and with domatd stopped mail is tempfailed;
#   page      the check page in headless Chromium, driven over the DevTools
#             protocol: type, click, read the verdict, screenshot;
#   reload    SIGHUP and clamd RELOAD under HTTP load: no request fails or
#             stalls, a broken dictionary keeps the old one serving.
# The system's own mail, ports and services are never touched.
#
#   tests/daemon/run.sh          (DOMATD=build/domatd DOMAT=build/domat)
#   ONLY="http clamd" tests/daemon/run.sh   run some groups only
#
# Prints "N passed, M failed" (and skipped) and exits non-zero on failure.
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/tests/daemon
DOMATD=${DOMATD:-build/domatd}
DOMAT=${DOMAT:-build/domat}
case $DOMATD in /*) ;; *) DOMATD=$root/$DOMATD ;; esac
case $DOMAT in /*) ;; *) DOMAT=$root/$DOMAT ;; esac
[ -x "$DOMATD" ] || { echo "run.sh: $DOMATD is not built (make build/domatd)" >&2; exit 2; }
ONLY=${ONLY:-"http clamd milter page reload"}
export DOMAT_DICT_DIR=$root/dictionaries

tmp=$(mktemp -d "${TMPDIR:-/tmp}/domatd-test.XXXXXX") || exit 2
chmod 755 "$tmp" # the private Postfix runs its daemons as user postfix
fx=$here/fixtures
pids=()
postfix_dir=

cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$p" 2>/dev/null
    done
    if [ -n "$postfix_dir" ]; then
        postfix -c "$postfix_dir" stop >/dev/null 2>&1 || postfix -c "$postfix_dir" abort >/dev/null 2>&1
    fi
    if [ -z "${KEEP:-}" ]; then rm -rf "$tmp"; else echo "kept $tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass=0
fail=0
skip=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; [ -n "${2:-}" ] && echo "    $2" | head -c 2000; }
skipped() { skip=$((skip + 1)); echo "skip - $1"; }
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
    local desc=$1; shift
    if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}
# Lines "ok - ..." / "not ok - ..." / "skip - ..." from a helper are counted.
count_from() {
    local line
    while IFS= read -r line; do
        echo "$line"
        case $line in
        "ok - "*) pass=$((pass + 1)) ;;
        "not ok - "*) fail=$((fail + 1)) ;;
        "skip - "*) skip=$((skip + 1)) ;;
        esac
    done
}
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
want() { case " $ONLY " in *" $1 "*) return 0 ;; esac; return 1; }

HTTP_PORT=$(freeport)
CLAMD_PORT=$(freeport)
MILTER_PORT=$(freeport)
SMTP_PORT=$(freeport)
base=http://127.0.0.1:$HTTP_PORT
dicts=$tmp/dicts
mkdir -p "$dicts/org"
cp -r "$root/dictionaries" "$dicts/shipped"

# The config file every run shares; tests add overrides on the command line.
cat > "$tmp/domatd.conf" <<EOF
# test settings (tests/daemon/run.sh)
http_listen = 127.0.0.1:$HTTP_PORT
clamd_listen = unix:$tmp/clamd.sock, 127.0.0.1:$CLAMD_PORT
milter_listen = inet:$MILTER_PORT@127.0.0.1
dictionaries = $dicts/shipped $dicts/org
database = $tmp/domat.db
http_max_body = 256K
http_max_parts = 4
http_idle_timeout = 3
http_request_timeout = 4
clamd_stream_max = 128K
clamd_timeout = 3
log_file = $tmp/domatd.log
log_level = info
shutdown_timeout = 5
EOF

domatd_pid=
start_domatd() {
    "$DOMATD" --config "$tmp/domatd.conf" --foreground "$@" >>"$tmp/domatd.out" 2>&1 &
    domatd_pid=$!
    pids+=("$domatd_pid")
    for _ in $(seq 1 100); do
        curl -fs "$base/healthz" >/dev/null 2>&1 && return 0
        kill -0 "$domatd_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "domatd did not start:"; tail -20 "$tmp/domatd.out" "$tmp/domatd.log" 2>/dev/null
    return 1
}
stop_domatd() {
    [ -n "$domatd_pid" ] || return 0
    kill -TERM "$domatd_pid" 2>/dev/null
    local rc=0
    wait "$domatd_pid" 2>/dev/null || rc=$?
    domatd_pid=
    return $rc
}

start_domatd || { echo "0 passed, 1 failed"; exit 1; }
check "domatd starts and answers /healthz" curl -fs "$base/healthz" -o /dev/null

# ---------------------------------------------------------------- HTTP
if want http; then
    out=$tmp/out
    # code URL ARGS...: HTTP status of a request, body in $out
    code() { curl -s -o "$out" -w '%{http_code}' "$@"; }

    check "GET /healthz says ok and names the dictionary" \
        grep -q '"status": "ok", "version": "[^"]*", "dictionary": "[0-9a-f]\+"' <(curl -s "$base/healthz")

    c=$(code -H 'Content-Type: text/plain' --data-binary @"$fx/stamped-plan.txt" "$base/v1/scan?filename=stamped-plan.txt")
    check "raw stamped text: 200, verdict block, level toi-mat" \
        grep -q '"verdict": "block", "level": "toi-mat"' "$out"
    [ "$c" = 200 ] && ok "raw stamped text: status 200" || not_ok "raw stamped text: status 200" "got $c"
    (cd "$fx" && "$DOMAT" scan --format=json stamped-plan.txt) > "$tmp/cli.json"
    check "the answer is byte for byte what domat scan --format=json prints" cmp -s "$out" "$tmp/cli.json"

    hdrs=$(curl -s -D - -o /dev/null -H 'Content-Type: text/plain' --data-binary @"$fx/stamped-plan.txt" "$base/v1/scan")
    check "X-Domat-Verdict and X-Domat-Level headers on the answer" \
        bash -c 'grep -qi "^X-Domat-Verdict: block" <<<"$1" && grep -qi "^X-Domat-Level: toi-mat" <<<"$1"' _ "$hdrs"

    c=$(code -H 'Content-Type: text/plain' --data-binary @"$fx/clean-notice.txt" "$base/v1/scan")
    check "raw clean text: allow" grep -q '"verdict": "allow"' "$out"

    c=$(code -H 'Content-Type: application/json' \
        --data-binary '{"text": "Thông báo lịch họp", "html": "<p>Số: 3/KH</p><p>TỐI MẬT</p>"}' "$base/v1/scan")
    check "JSON {text, html}: two objects, one per part, html blocked" \
        bash -c '[ "$(wc -l < "$1")" = 2 ] && grep -q "\"path\": \"text\", \"verdict\": \"allow\"" "$1" &&
                 grep -q "\"path\": \"html\", \"verdict\": \"block\"" "$1"' _ "$out"

    c=$(code -F "a=@$fx/stamped-plan.txt;type=text/plain" -F "b=@$fx/clean-notice.txt" "$base/v1/scan")
    check "multipart with two files: one object per file, named by file" \
        bash -c '[ "$(wc -l < "$1")" = 2 ] && grep -q "\"path\": \"stamped-plan.txt\", \"verdict\": \"block\"" "$1" &&
                 grep -q "\"path\": \"clean-notice.txt\", \"verdict\": \"allow\"" "$1"' _ "$out"

    c=$(code -F "text=Số: 1/KH
TỐI MẬT
nội dung" "$base/v1/scan")
    check "multipart form field 'text' is scanned as text" grep -q '"path": "text", "verdict": "block"' "$out"

    c=$(code -H 'Content-Type: application/json' --data-binary '{"text": "abc", ' "$base/v1/scan")
    check "malformed JSON: 400 with a message" \
        bash -c '[ "$1" = 400 ] && grep -q "\"error\": \"malformed JSON" "$2"' _ "$c" "$out"
    c=$(code -H 'Content-Type: application/json' --data-binary '{"texte": "abc"}' "$base/v1/scan")
    check "JSON without text or html: 400 naming the fields" \
        bash -c '[ "$1" = 400 ] && grep -q "neither" "$2"' _ "$c" "$out"
    c=$(code -H 'Content-Type: application/json' --data-binary '{"text": 42}' "$base/v1/scan")
    check "JSON text that is not a string: 400" test "$c" = 400

    head -c 300000 /dev/zero | tr '\0' 'a' > "$tmp/big.txt"
    c=$(code -H 'Content-Type: text/plain' --data-binary @"$tmp/big.txt" "$base/v1/scan")
    check "body over http_max_body (Content-Length): 413" \
        bash -c '[ "$1" = 413 ] && grep -q http_max_body "$2"' _ "$c" "$out"
    c=$(code -H 'Content-Type: text/plain' -H 'Transfer-Encoding: chunked' --data-binary @"$tmp/big.txt" "$base/v1/scan")
    check "chunked body over http_max_body: 413" test "$c" = 413

    c=$(code -F a=@"$fx/clean-notice.txt" -F b=@"$fx/clean-notice.txt" -F c=@"$fx/clean-notice.txt" \
             -F d=@"$fx/clean-notice.txt" -F e=@"$fx/clean-notice.txt" "$base/v1/scan")
    check "more parts than http_max_parts: 413 naming the limit" \
        bash -c '[ "$1" = 413 ] && grep -q http_max_parts "$2"' _ "$c" "$out"
    c=$(code -H 'Content-Type: multipart/form-data; boundary=xyz' --data-binary 'no parts here' "$base/v1/scan")
    check "multipart without its boundary in the body: 400" test "$c" = 400

    c=$(code "$base/nowhere"); check "unknown path: 404" test "$c" = 404
    c=$(code "$base/v1/scan"); check "GET /v1/scan: 405" test "$c" = 405

    hdrs=$(curl -s -D - -o /dev/null -X OPTIONS -H 'Origin: https://congthongtin.example.vn' \
           -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: content-type' "$base/v1/scan")
    check "CORS preflight: 204 allowing POST from the portal" \
        bash -c 'grep -q "^HTTP/1.1 204" <<<"$1" && grep -qi "^Access-Control-Allow-Origin: \*" <<<"$1" &&
                 grep -qi "^Access-Control-Allow-Methods: .*POST" <<<"$1"' _ "$hdrs"

    c=$(code "$base/")
    check "GET / serves the check page with no external resource" \
        bash -c '[ "$1" = 200 ] && grep -q "Đăng bài\|Kiểm tra" "$2" && ! grep -Eq "(src|href)=\"(https?:)?//" "$2"' _ "$c" "$out"

    curl -s "$base/metrics" > "$tmp/metrics"
    check "/metrics: requests, verdicts by level, bytes, latency histogram, errors, dictionary" \
        bash -c 'm=$1; grep -q "^domatd_requests_total{frontend=\"http\"} [1-9]" $m &&
          grep -q "^domatd_items_total{frontend=\"http\",verdict=\"block\",level=\"toi-mat\"} [1-9]" $m &&
          grep -q "^domatd_scanned_bytes_total{frontend=\"http\"} [1-9]" $m &&
          grep -q "^domatd_request_duration_seconds_bucket{frontend=\"http\",le=\"+Inf\"} [1-9]" $m &&
          grep -q "^domatd_errors_total{frontend=\"http\",kind=\"too_large\"} [1-9]" $m &&
          grep -q "^domatd_dictionary_info{digest=\"[0-9a-f]*\",generation=\"1\"" $m &&
          grep -q "^domatd_dictionary_load_seconds [0-9.]*" $m' _ "$tmp/metrics"

    count_from < <(python3 "$here/helpers.py" slowloris --port "$HTTP_PORT" --clients 300 --file "$fx/stamped-plan.txt")

    check "the log has one line per scanned item with id, verdict, level, rule, size, ms" \
        grep -Eq 'event=scan frontend=http id=http-[0-9]+ item=1 verdict=block level=toi-mat rule=stamp.toi-mat .*size=[0-9]+ ms=[0-9.]+' "$tmp/domatd.log"
    check "the log never holds the scanned text" \
        bash -c '! grep -q -e "TỐI MẬT" -e "kho vật tư" -e "lịch tiếp" "$1"' _ "$tmp/domatd.log"
fi

# ---------------------------------------------------------------- clamd
if want clamd; then
    count_from < <(python3 "$here/helpers.py" clamd --unix "$tmp/clamd.sock" --port "$CLAMD_PORT" --fixtures "$fx" \
        --stream-max 131072)
    printf 'LocalSocket %s\n' "$tmp/clamd.sock" > "$tmp/clamd-unix.conf"
    printf 'TCPSocket %s\nTCPAddr 127.0.0.1\n' "$CLAMD_PORT" > "$tmp/clamd-tcp.conf"
    for how in unix tcp; do
        o=$(clamdscan --config-file="$tmp/clamd-$how.conf" --stream --no-summary "$fx/stamped-plan.txt" 2>&1); rc=$?
        check "clamdscan --stream ($how socket): stamped file FOUND, exit 1" \
            bash -c '[ "$1" = 1 ] && grep -q "stamped-plan.txt: Domat.ToiMat.stamp.toi-mat FOUND" <<<"$2"' _ "$rc" "$o"
        o=$(clamdscan --config-file="$tmp/clamd-$how.conf" --stream --no-summary "$fx/clean-notice.txt" 2>&1); rc=$?
        check "clamdscan --stream ($how socket): clean file OK, exit 0" \
            bash -c '[ "$1" = 0 ] && grep -q "clean-notice.txt: OK" <<<"$2"' _ "$rc" "$o"
    done
    o=$(clamdscan --config-file="$tmp/clamd-unix.conf" --fdpass --no-summary "$fx/stamped-plan.txt" "$fx/clean-notice.txt" 2>&1); rc=$?
    check "clamdscan --fdpass (FILDES over the unix socket): FOUND and OK per file" \
        bash -c '[ "$1" = 1 ] && grep -q "stamped-plan.txt: Domat.ToiMat.stamp.toi-mat FOUND" <<<"$2" &&
                 grep -q "clean-notice.txt: OK" <<<"$2"' _ "$rc" "$o"
    o=$(clamdscan --config-file="$tmp/clamd-unix.conf" --stream --no-summary "$fx/stamped-plan.pdf" 2>&1); rc=$?
    pdfv=$("$DOMAT" scan --format=json "$fx/stamped-plan.pdf" | grep -o '"verdict": "[a-z]*"')
    if [ "$pdfv" = '"verdict": "block"' ]; then
        check "clamdscan --stream: stamped PDF FOUND as ToiMat" \
            bash -c '[ "$1" = 1 ] && grep -q "Domat.ToiMat.stamp.toi-mat FOUND" <<<"$2"' _ "$rc" "$o"
    else
        check "clamdscan --stream: a PDF the engine cannot read yet is FOUND (review), never OK" \
            bash -c '[ "$1" = 1 ] && grep -q "Domat.Review.unscanned FOUND" <<<"$2"' _ "$rc" "$o"
        skipped "stamped PDF FOUND as ToiMat: the engine does not extract PDF yet ($pdfv)"
    fi
    check "the example daemon/domatd.conf documents every default" \
        bash -c 'diff <("$1" --config "$2" --print-config | grep -v ^dictionaries) \
                      <("$1" --config /dev/null --print-config | grep -v ^dictionaries)' _ "$DOMATD" "$root/daemon/domatd.conf"
    o=$(clamdscan --config-file="$tmp/clamd-unix.conf" --version 2>&1)
    check "clamdscan --version shows domatd's VERSION" grep -q "^domatd " <<<"$o"
fi

# ---------------------------------------------------------------- milter
if want milter; then
    bash "$here/postfix.sh" setup "$tmp/postfix" "$SMTP_PORT" "$MILTER_PORT" > "$tmp/postfix-setup.log" 2>&1
    if [ $? -ne 0 ]; then
        not_ok "private Postfix instance starts" "$(tail -5 "$tmp/postfix-setup.log")"
    else
        postfix_dir=$tmp/postfix/etc
        ok "private Postfix instance starts on 127.0.0.1:$SMTP_PORT with smtpd_milters"
        python3 "$here/helpers.py" mkmail --out "$tmp/mail" --fixtures "$fx"
        inbox=$tmp/postfix/mail/inbox/new
        # send FILE: swaks through the private Postfix; output in $tmp/swaks.out
        send() { swaks --server 127.0.0.1 --port "$SMTP_PORT" --from sender@domat.test \
                       --to inbox@domat.test --data @"$1" --timeout 30 >"$tmp/swaks.out" 2>&1; }
        wait_inbox() { for _ in $(seq 1 100); do [ "$(ls "$inbox" 2>/dev/null | wc -l)" -ge "$1" ] && return 0; sleep 0.1; done; return 1; }

        send "$tmp/mail/clean.swaks"; rc=$?
        check "clean message: accepted (250) by Postfix through the milter" \
            bash -c '[ "$1" = 0 ] && grep -q "<-  250 2.0.0 Ok: queued" "$2"' _ "$rc" "$tmp/swaks.out"
        if wait_inbox 1; then
            got=$(ls "$inbox"/* | head -1)
            check "clean message: delivered to the mailbox byte for byte, with X-Domat-* headers" \
                python3 "$here/helpers.py" same-mail --sent "$tmp/mail/clean.eml" --got "$got"
        else
            not_ok "clean message: delivered to the mailbox" "$(tail -5 "$tmp/postfix/maillog")"
        fi

        mailv=$("$DOMAT" scan --format=json "$tmp/mail/stamped-pdf.eml" | grep -o '"verdict": "[a-z]*"')
        send "$tmp/mail/stamped-pdf.eml"; rc=$?
        if [ "$mailv" = '"verdict": "block"' ]; then
            check "message with a stamped PDF attachment: rejected 550 5.7.1, reason vi + en" \
                bash -c 'grep -q "<\*\* 550-5.7.1 Thu bi chan" "$1" && grep -q "<\*\* 550 5.7.1 Message blocked: .*TOI MAT" "$1"' _ "$tmp/swaks.out"
        else
            skipped "stamped PDF attachment rejected 5.7.1: the engine does not take mail/PDF apart yet ($mailv)"
            check "message the engine cannot read whole: not delivered clean (review, accepted with X-Domat-Verdict: review)" \
                grep -q "<-  250 2.0.0 Ok: queued" "$tmp/swaks.out"
        fi
        # A review-level message: accepted and marked by default, refused when
        # milter_on_review = reject (the reject path whatever the engine reads).
        reviewv=$("$DOMAT" scan --format=json "$tmp/mail/review.eml" | grep -o '"verdict": "[a-z]*"')
        n0=$(ls "$inbox" | wc -l)
        send "$tmp/mail/review.eml"
        wait_inbox $((n0 + 1))
        got=$(ls -t "$inbox"/* | head -1)
        check "review-level message (engine: $reviewv): delivered with X-Domat-Verdict: review" \
            bash -c 'grep -q "<-  250 2.0.0 Ok: queued" "$1" && grep -q "^X-Domat-Verdict: review" "$2"' _ "$tmp/swaks.out" "$got"
        stop_domatd
        start_domatd --milter-on-review=reject
        send "$tmp/mail/review.eml"
        check "milter_on_review=reject: 550 5.7.1 with a Vietnamese and an English line" \
            bash -c 'grep -q "<\*\* 550-5.7.1 Thu bi chan" "$1" && grep -q "<\*\* 550 5.7.1 Message blocked" "$1"' _ "$tmp/swaks.out"
        stop_domatd
        start_domatd --milter-on-block=quarantine
        send "$tmp/mail/stamped-pdf.eml"
        held=$(find "$tmp/postfix/queue/hold" -type f 2>/dev/null | wc -l)
        if [ "$mailv" = '"verdict": "block"' ]; then
            check "milter_on_block=quarantine: accepted (250) into Postfix's hold queue, not delivered" \
                bash -c 'grep -q "<-  250 2.0.0 Ok: queued" "$1" && [ "$2" -ge 1 ]' _ "$tmp/swaks.out" "$held"
        else
            skipped "quarantine of a blocked message: the engine does not block it yet"
        fi
        # A sender cannot pre-stamp its mail "allow".
        { printf 'X-Domat-Verdict: allow\r\nX-Domat-Level: none\r\n'; cat "$tmp/mail/clean.swaks"; } > "$tmp/mail/spoof.swaks"
        n0=$(ls "$inbox" | wc -l)
        send "$tmp/mail/spoof.swaks"
        wait_inbox $((n0 + 1))
        got=$(ls -t "$inbox"/* | head -1)
        check "X-Domat-* headers sent by the sender are removed; only domatd's remain" \
            bash -c '[ "$(grep -c "^X-Domat-Verdict:" "$1")" = 1 ] && [ "$(grep -c "^X-Domat-Level:" "$1")" = 1 ]' _ "$got"
        n_before=$(ls "$inbox" | wc -l)

        stop_domatd
        send "$tmp/mail/clean.eml"
        check "domatd stopped: Postfix tempfails (4.x.x), nothing delivered" \
            bash -c 'grep -q "<\*\* 4[0-9][0-9] 4\.[0-9]\.[0-9]" "$1" && sleep 1 && [ "$(ls "$2" | wc -l)" = "$3" ]' \
            _ "$tmp/swaks.out" "$inbox" "$n_before"
        start_domatd
        count_from < <(python3 "$here/helpers.py" milter-direct --port "$MILTER_PORT" --mail "$tmp/mail" --count 200)
        python3 "$here/helpers.py" milter-bench --port "$SMTP_PORT" --count 40 --eml "$tmp/mail/clean.eml" \
            --inbox "$inbox" --already "$n_before" > "$tmp/milter-rate.txt" 2>&1
        check "40 mails through Postfix + domatd all delivered ($(cat "$tmp/milter-rate.txt" | tail -1))" \
            grep -q "^delivered 40 " "$tmp/milter-rate.txt"
    fi
fi

# ---------------------------------------------------------------- page
if want page; then
    if command -v chromium >/dev/null; then
        count_from < <(python3 "$here/helpers.py" page --base "$base" --fixtures "$fx" --shots "${SHOTS:-$tmp}")
    else
        not_ok "check page in headless Chromium" "chromium is not installed (make deps)"
    fi
fi

# ---------------------------------------------------------------- reload
if want reload; then
    count_from < <(python3 "$here/helpers.py" reload --base "$base" --pid "$domatd_pid" --clamd-unix "$tmp/clamd.sock" \
        --org "$dicts/org" --log "$tmp/domatd.log" --fixtures "$fx")
    if [ -n "$postfix_dir" ]; then
        send "$tmp/mail/clean.swaks"
        check "milter still serves after the SIGHUPs (libmilter's signal thread does not stop it)" \
            grep -q "<-  250 2.0.0 Ok: queued" "$tmp/swaks.out"
    fi
fi

# ---------------------------------------------------------------- shutdown
if kill -0 "$domatd_pid" 2>/dev/null; then
    t0=$(date +%s%N)
    count_from < <(python3 "$here/helpers.py" inflight --port "$HTTP_PORT" --pid "$domatd_pid" \
                   --file "$fx/stamped-plan.txt")
    rc=0
    wait "$domatd_pid" 2>/dev/null || rc=$?
    domatd_pid=
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    check "SIGTERM: domatd stops cleanly (exit 0, ${ms} ms) and removes its unix socket" \
        bash -c '[ "$1" = 0 ] && [ ! -e "$2" ] && grep -q "event=stopped" "$3"' _ "$rc" "$tmp/clamd.sock" "$tmp/domatd.log"
fi

# ---------------------------------------------------------------- privileges
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
    start_domatd --user=nobody --socket-mode=0660 --database=
    uid=$(awk '/^Uid:/ {print $2 $3 $4 $5}' "/proc/$domatd_pid/status" 2>/dev/null)
    nob=$(id -u nobody)
    check "--user=nobody: sockets bound as root, then serving as nobody (uid $uid)" \
        bash -c '[ "$1" = "$2$2$2$2" ] && curl -fs "$3/healthz" >/dev/null' _ "$uid" "$nob" "$base"
    check "socket_mode=0660 applies to the clamd unix socket" test "$(stat -c %a "$tmp/clamd.sock")" = 660
    stop_domatd
fi

# ---------------------------------------------------------------- detaching
"$DOMATD" --config "$tmp/domatd.conf" --pid-file="$tmp/domatd.pid" >/dev/null 2>&1; rc=$?
dpid=$(cat "$tmp/domatd.pid" 2>/dev/null)
[ -n "$dpid" ] && pids+=("$dpid")
check "without --foreground: detaches, the parent exits 0 once serving, pid file written" \
    bash -c '[ "$1" = 0 ] && [ -n "$2" ] && kill -0 "$2" && curl -fs "$3/healthz" >/dev/null' _ "$rc" "$dpid" "$base"
[ -n "$dpid" ] && kill "$dpid" 2>/dev/null
for _ in $(seq 1 100); do [ -e "$tmp/domatd.pid" ] || break; sleep 0.1; done
"$DOMATD" --config "$tmp/domatd.conf" --dictionaries=/nonexistent >/dev/null 2>&1; rc=$?
check "without --foreground: a start that fails (no dictionary) exits 2 and logs why" \
    bash -c '[ "$1" = 2 ] && grep -q "event=load result=failed" "$2"' _ "$rc" "$tmp/domatd.log"

if [ "$fail" -gt 0 ]; then
    echo "--- domatd log (last 30 lines)"; tail -30 "$tmp/domatd.log" "$tmp/domatd.out" 2>/dev/null
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
