#!/bin/sh
# 2026-11-25
#
# mkman.sh: build the roff man page domat.1 from docs/domat.1.md and the
# option pages, so the man page, --help and the pages say the same thing.
#
#   sh cli/mkman.sh docs/domat.1.md cli/options > build/domat.1
#   man -l build/domat.1
#
# Understands the small markdown subset those files use: "# " headings,
# paragraphs, 4-space code blocks, `code`, "term" lines followed by ": text"
# definitions (continued by 2-space lines), and HTML comments, which are
# dropped except <!-- OPTIONS -->, where the option pages go, sorted by name.
# POSIX sh and awk only.
set -eu
# Byte order for the glob below, and byte-wise awk: the patterns are ASCII.
LC_ALL=C
export LC_ALL

page=${1:-docs/domat.1.md}
optdir=${2:-cli/options}
here=$(dirname "$0")
version=$(sed -n 's/^#define DOMAT_VERSION "\(.*\)"$/\1/p' "$here/../engine/domat.h" 2>/dev/null || true)

prog=$(cat <<'AWK'
function esc(s) {
    gsub(/\\/, "\\e", s)
    gsub(/-/, "\\-", s)
    return s
}
# `code` becomes bold; a line starting with . or ' must not read as a request.
function inl(s,   n, i, parts, out) {
    n = split(esc(s), parts, "`")
    out = ""
    for (i = 1; i <= n; i++)
        out = out ((i % 2 == 0) ? "\\fB" parts[i] "\\fR" : parts[i])
    if (out ~ /^[.']/)
        out = "\\&" out
    return out
}
function para() {
    if (needpp)
        print (mode == "opt" ? ".IP" : ".PP")
    needpp = 0
}
function flush() {
    if (held != "") {
        para()
        print inl(held)
    }
    held = ""
}
function endcode() {
    if (incode) {
        print ".fi"
        if (mode != "opt")
            print ".RE"
    }
    incode = 0
}
function optname(n) { return "\\fB\\-\\-" esc(n) "\\fR" }
BEGIN { part = 1; fm = (mode == "opt") ? 0 : 2 }
# Front matter of an option page: keys until the second ---.
fm < 2 && /^---[ \t]*$/ {
    fm++
    if (fm == 2) {
        h = (v["short"] != "") ? "\\fB\\-" v["short"] "\\fR, " : ""
        h = h optname(v["name"])
        if (v["arg"] != "")
            h = h "=\\fI" v["arg"] "\\fR"
        print ".TP"
        print h
        needpp = 0
    }
    next
}
fm == 1 {
    k = $0; sub(/:.*/, "", k)
    val = $0; sub(/^[a-z-]+:[ \t]*/, "", val)
    v[k] = val
    next
}
fm == 0 { next }
incomment { if ($0 ~ /-->/) incomment = 0; next }
/^<!--/ {
    if ($0 ~ /<!-- *OPTIONS *-->/) { part++; next }
    if ($0 !~ /-->/) incomment = 1
    next
}
mode == "top" && part != want { next }
/^    / {
    flush()
    if (!incode) {
        if (mode == "opt") print ".IP"; else { print ".PP"; print ".RS 4" }
        print ".nf"
        incode = 1
    }
    print inl(substr($0, 5))
    needpp = 1
    next
}
{ endcode() }
/^[ \t]*$/ { flush(); indef = 0; needpp = 1; next }
/^# / { flush(); print ".SH " esc(substr($0, 3)); needpp = 0; next }
/^: / {
    print ".TP"
    print inl(held)
    held = ""
    print inl(substr($0, 3))
    indef = 1
    needpp = 0
    next
}
indef && /^  / { t = $0; sub(/^ +/, "", t); print inl(t); next }
{ flush(); held = $0 }
END {
    flush()
    endcode()
    if (mode == "opt") {
        print ".IP"
        line = "Default: " esc(v["default"]) "."
        n = split(v["see-also"], sa, /,[ \t]*/)
        for (i = 1; i <= n; i++)
            line = line (i == 1 ? " See also: " : ", ") optname(sa[i])
        print line (n ? "." : "")
    }
}
AWK
)

printf '.TH DOMAT 1 "" "domat %s" "User Commands"\n' "$version"
awk -v mode=top -v want=1 "$prog" "$page"
for f in "$optdir"/*.md; do
    awk -v mode=opt "$prog" "$f"
done
awk -v mode=top -v want=2 "$prog" "$page"
