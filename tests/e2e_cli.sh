#!/usr/bin/env bash
# 2026-11-25
#
# e2e_cli.sh: end-to-end checks of the domat command line, run on fixtures made
# in a temporary directory. It tests what a user or a script relies on: exit
# statuses 0/1/2, one whole JSON object per input, directory walking, standard
# input, errors reported in line without stopping the run, dictionary errors
# with file:line, --help generated from every option page, and -j N giving
# the same results as -j 1.
#
#   tests/e2e_cli.sh                  # uses build/domat
#   DOMAT=/path/to/domat tests/e2e_cli.sh
#
# Prints "N passed, M failed" and exits non-zero when anything failed.
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
DOMAT=${DOMAT:-build/domat}
case $DOMAT in
/*) ;;
*) DOMAT=$root/$DOMAT ;;
esac
if [ ! -x "$DOMAT" ]; then
    echo "e2e_cli.sh: $DOMAT is not an executable; build it first (make)" >&2
    exit 2
fi
# The shipped lists of this checkout, whatever the binary was built with.
export DOMAT_DICT_DIR=${DOMAT_DICT_DIR:-$root/dictionaries}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/domat-e2e.XXXXXX") || exit 2
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

pass=0
fail=0
# check DESCRIPTION COMMAND...: the command's success is the test's.
check() {
    local desc=$1
    shift
    if "$@"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        printf 'FAIL: %s\n' "$desc"
        if [ -s "$tmp/out" ]; then sed 's/^/  stdout: /' "$tmp/out" | head -n 20; fi
        if [ -s "$tmp/err" ]; then sed 's/^/  stderr: /' "$tmp/err" | head -n 20; fi
    fi
}
# d ARGS...: run domat, stdout to $tmp/out, stderr to $tmp/err, status in rc.
d() {
    "$DOMAT" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}
rc_is() { [ "$rc" -eq "$1" ]; }
out_has() { grep -qF -- "$1" "$tmp/out"; }
err_has() { grep -qF -- "$1" "$tmp/err"; }
nlines() { [ "$(wc -l <"$tmp/out")" -eq "$1" ]; }
# Every line of $tmp/out is one JSON object with the contract's fields.
json_ok() {
    python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    for k in ("path", "verdict", "level", "findings", "error"):
        assert k in o, k
    assert o["verdict"] in ("allow", "review", "block", "error"), o["verdict"]
    n += 1
sys.exit(0 if n > 0 else 1)' "$tmp/out"
}
# json_field PATH FIELD: FIELD of the result whose path is PATH.
json_field() {
    python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    if o["path"] == sys.argv[2]:
        print(o[sys.argv[3]])
        break
else:
    print("<no result for %s>" % sys.argv[2])' "$tmp/out" "$1" "$2"
}

# ---- fixtures ----
stamp=$'UBND XÃ AN BÌNH\nSố: 12/KH-UBND\nTỐI MẬT\n\nKẾ HOẠCH\nTriển khai công tác năm 2026.\n'
public=$'Công tác bảo vệ bí mật nhà nước năm 2026 được triển khai theo Luật Bảo vệ bí mật nhà nước.\n'
mkdir -p "$tmp/tree/a/b" "$tmp/tree/c" "$tmp/other" "$tmp/baddict" "$tmp/orgdict"
printf '%s' "$stamp" >"$tmp/secret.txt"
printf '%s' "$public" >"$tmp/public.txt"
printf '%s' "$public" >"$tmp/tree/1.txt"
printf '%s' "$stamp" >"$tmp/tree/a/2.txt"
printf '%s' "$public" >"$tmp/tree/a/b/3.txt"
printf '%s' "$public" >"$tmp/tree/c/4.txt"
printf '%s' "$public" >"$tmp/tree/c/5 with space.txt"
printf '%s' "$public" >"$tmp/other/6.txt"
ln -s "$tmp/other" "$tmp/tree/link-to-dir"
printf '# organisation list\norg.du-an "dự án Sao Mai" level=mat weight=1\nbad.entry "no closing quote\n' \
    >"$tmp/baddict/org.dict"
printf '# organisation list\norg.du-an "dự án Sao Mai" level=mat weight=1\n' >"$tmp/orgdict/org.dict"

# ---- commands and usage ----
d
check "no arguments: exit 2" rc_is 2
check "no arguments: usage on stderr" err_has "Usage: domat"
d frobnicate
check "unknown command: exit 2" rc_is 2
check "unknown command: named on stderr" err_has "unknown command 'frobnicate'"
check "unknown command: usage on stderr" err_has "Usage: domat"
d --version
check "--version: exit 0" rc_is 0
check "--version: names domat" out_has "domat "
d version
check "version: exit 0" rc_is 0

# --help is generated from the option pages: every page must be listed, and
# every page's option must be known to the parser.
d --help
check "--help: exit 0" rc_is 0
cp "$tmp/out" "$tmp/help"
for page in "$root"/cli/options/*.md; do
    name=$(basename "$page" .md)
    check "--help lists --$name" grep -qE -- "--$name([= ]|\$)" "$tmp/help"
    d scan "--$name"
    check "parser knows --$name" eval '! err_has "unknown option"'
done
d help
check "help: same as --help" cmp -s "$tmp/out" "$tmp/help"
d -h
check "-h: same as --help" cmp -s "$tmp/out" "$tmp/help"
d scan --help
check "scan --help: exit 0 and the table" eval 'rc_is 0 && out_has "--jobs"'

# ---- option values ----
d scan -j x "$tmp/public.txt"
check "-j x: exit 2" rc_is 2
check "-j x: message" err_has "domat: --jobs: 'x' is not a number from 1 to 256"
d scan --jobs=0 "$tmp/public.txt"
check "--jobs=0: exit 2" rc_is 2
d scan --jobs=257 "$tmp/public.txt"
check "--jobs=257: exit 2" rc_is 2
d scan -j2 "$tmp/public.txt"
check "-j2 (attached value): exit 0" rc_is 0
d scan --jobs 2 "$tmp/public.txt"
check "--jobs 2 (separate value): exit 0" rc_is 0
d scan --max-size=12Q "$tmp/public.txt"
check "--max-size=12Q: exit 2" rc_is 2
check "--max-size=12Q: message" err_has "domat: --max-size: '12Q' is not a size in bytes"
d scan --max-size=64K "$tmp/public.txt"
check "--max-size=64K: accepted" rc_is 0
d scan --format=xml "$tmp/public.txt"
check "--format=xml: exit 2" rc_is 2
d scan --type=pdf "$tmp/public.txt"
check "--type=pdf: exit 2" rc_is 2
d scan --bogus "$tmp/public.txt"
check "unknown option: exit 2" rc_is 2
check "unknown option: named" err_has "unknown option '--bogus'"
d scan --quiet=yes "$tmp/public.txt"
check "flag given a value: exit 2" rc_is 2
d scan -o x "$tmp/public.txt"
check "-o does not apply to scan: exit 2" rc_is 2
d scan
check "scan without input: exit 2" rc_is 2
d scan - -
check "stdin twice: exit 2" rc_is 2
d scan --encoding=no-such-encoding "$tmp/public.txt"
check "unknown --encoding: exit 2" rc_is 2
check "unknown --encoding: nothing scanned" nlines 0

# ---- verdicts and exit statuses ----
d scan "$tmp/public.txt"
check "public document: exit 0" rc_is 0
check "public document: one line" nlines 1
check "public document: allow" out_has "allow"
d scan "$tmp/secret.txt"
check "stamped document: exit 1" rc_is 1
check "stamped document: block" out_has "block"
d scan --format=json "$tmp/secret.txt" "$tmp/public.txt"
check "json: exit 1" rc_is 1
check "json: lines parse" json_ok
check "json: one line per input" nlines 2
check "json: stamp is block" [ "$(json_field "$tmp/secret.txt" verdict)" = block ]
check "json: stamp level toi-mat" [ "$(json_field "$tmp/secret.txt" level)" = toi-mat ]
check "json: public is allow" [ "$(json_field "$tmp/public.txt" verdict)" = allow ]
d scan -q "$tmp/secret.txt" "$tmp/public.txt"
check "-q: exit 1" rc_is 1
check "-q: no output" nlines 0
d scan --only-found "$tmp/secret.txt" "$tmp/public.txt"
check "--only-found: exit 1" rc_is 1
check "--only-found: only the finding" nlines 1
check "--only-found: it is the stamped file" out_has "secret.txt"

# A report that could not be written must not look like a clean result.
if [ -w /dev/full ]; then
    "$DOMAT" scan "$tmp/public.txt" >/dev/full 2>"$tmp/err"
    rc=$?
    check "stdout full: exit 2" rc_is 2
    check "stdout full: said on stderr" err_has "cannot write"
fi

# ---- errors in line ----
d scan --format=json "$tmp/public.txt" "$tmp/missing.txt" "$tmp/secret.txt"
check "missing file: exit 2 (error wins over block)" rc_is 2
check "missing file: json parses" json_ok
check "missing file: every input has its line" nlines 3
check "missing file: verdict error" [ "$(json_field "$tmp/missing.txt" verdict)" = error ]
check "missing file: error says why" eval '[ "$(json_field "$tmp/missing.txt" error)" != None ]'
check "missing file: others still scanned" [ "$(json_field "$tmp/secret.txt" verdict)" = block ]
if [ "$(id -u)" -ne 0 ]; then
    printf '%s' "$public" >"$tmp/unreadable.txt"
    chmod 000 "$tmp/unreadable.txt"
    d scan --format=json "$tmp/unreadable.txt" "$tmp/public.txt"
    check "unreadable file: exit 2" rc_is 2
    check "unreadable file: verdict error" [ "$(json_field "$tmp/unreadable.txt" verdict)" = error ]
    rm -f "$tmp/unreadable.txt"
fi

# ---- directories ----
d scan --format=json "$tmp/tree"
check "directory: exit 1 (one stamped file inside)" rc_is 1
check "directory: json parses" json_ok
check "directory: five files, link to a directory not followed" nlines 5
check "directory: nested stamp found" [ "$(json_field "$tmp/tree/a/2.txt" verdict)" = block ]
check "directory: name with a space" [ "$(json_field "$tmp/tree/c/5 with space.txt" verdict)" = allow ]
python3 -c '
import json, sys
paths = [json.loads(l)["path"] for l in open(sys.argv[1], encoding="utf-8")]
sys.exit(0 if paths == sorted(paths, key=lambda p: p.encode()) else 1)' "$tmp/out"
check "directory: -j 1 prints in sorted order" [ $? -eq 0 ]
d scan -v "$tmp/tree"
check "-v: explains the skipped link" err_has "use --follow"
d scan --follow --format=json "$tmp/tree"
check "--follow: the linked directory is scanned" nlines 6
check "--follow: its file has a line" [ "$(json_field "$tmp/tree/link-to-dir/6.txt" verdict)" = allow ]
ln -s "$tmp/tree" "$tmp/tree/c/loop"
d scan --follow --format=json "$tmp/tree"
check "--follow with a loop: ends, nothing twice" eval 'rc_is 1 && nlines 6'
rm -f "$tmp/tree/c/loop"

# -j 2 reports the same results as -j 1, in any order.
d scan -j 1 --format=json "$tmp/tree" "$tmp/secret.txt" "$tmp/missing.txt"
rc1=$rc
sort "$tmp/out" >"$tmp/j1"
d scan -j 2 --format=json "$tmp/tree" "$tmp/secret.txt" "$tmp/missing.txt"
sort "$tmp/out" >"$tmp/j2"
check "-j 2: same exit status as -j 1" [ "$rc" -eq "$rc1" ]
check "-j 2: same set of lines as -j 1" cmp -s "$tmp/j1" "$tmp/j2"
check "-j 2: not empty" [ -s "$tmp/j2" ]

# ---- standard input ----
printf '%s' "$stamp" | "$DOMAT" scan --format=json - >"$tmp/out" 2>"$tmp/err"
rc=$?
check "stdin: exit 1" rc_is 1
check "stdin: path is -" [ "$(json_field - verdict)" = block ]
printf '%s' "$public" | "$DOMAT" scan --format=json --name=letter.txt - >"$tmp/out" 2>"$tmp/err"
rc=$?
check "stdin --name: exit 0" rc_is 0
check "stdin --name: shown as the name" [ "$(json_field letter.txt verdict)" = allow ]
: | "$DOMAT" scan - >"$tmp/out" 2>"$tmp/err"
rc=$?
check "empty stdin: exit 0" rc_is 0

# ---- weird names ----
nl_name="$tmp/new"$'\n'"line.txt"
bad_name="$tmp/"$'\xff\xfe'"bad.txt"
printf '%s' "$stamp" >"$nl_name"
printf '%s' "$public" >"$bad_name"
d scan --format=json "$nl_name" "$bad_name"
check "odd names: exit 1" rc_is 1
check "odd names: one JSON line each" eval 'json_ok && nlines 2'
d scan "$nl_name" "$bad_name"
check "odd names in text: no crash" rc_is 1
printf '%s' "$public" >"$tmp/-j"
(cd "$tmp" && "$DOMAT" scan -- -j >"$tmp/out" 2>"$tmp/err")
rc=$?
check "-- ends options: a file named -j" eval 'rc_is 0 && nlines 1'

# ---- dictionaries ----
d scan --dict "$tmp/baddict" "$tmp/public.txt"
check "bad dictionary: exit 2" rc_is 2
check "bad dictionary: file:line on stderr" err_has "org.dict:3"
check "bad dictionary: nothing scanned" nlines 0
d scan --no-default-dict "$tmp/public.txt"
check "--no-default-dict without --dict: exit 2" rc_is 2
d dict check "$tmp/baddict"
check "dict check bad: exit 2" rc_is 2
check "dict check bad: file:line" err_has "org.dict:3"
d dict check "$tmp/orgdict"
check "dict check good: exit 0" rc_is 0
check "dict check good: count" out_has "1 entries OK"
d dict check "$root/dictionaries"
check "dict check shipped dictionaries: exit 0" rc_is 0
d dict compile "$DOMAT_DICT_DIR" "$tmp/orgdict"
check "dict compile without -o: exit 2" rc_is 2
d dict compile "$DOMAT_DICT_DIR" "$tmp/orgdict" -o "$tmp/dict.db"
check "dict compile: exit 0" rc_is 0
check "dict compile: file written" [ -s "$tmp/dict.db" ]
check "dict compile: digest shown" out_has "digest"
d scan -v --dict "$tmp/orgdict" --db "$tmp/dict.db" "$tmp/secret.txt"
check "scan --db: exit 1" rc_is 1
check "scan --db -v: database reused" err_has "using compiled database $tmp/dict.db"
d scan --dict "$tmp/orgdict" --db "$tmp/dict.db" "$tmp/secret.txt"
check "scan --db without -v: quiet about it" eval '! err_has "compiled database"'
d dict frobnicate
check "dict unknown subcommand: exit 2" rc_is 2

printf '%d passed, %d failed\n' "$pass" "$fail"
[ "$fail" -eq 0 ]
