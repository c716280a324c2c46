#!/usr/bin/env bash
# 2026-11-25
#
# make-fixtures.sh: rebuild the PDF and .docx documents of the test portal
# from the plain-text sources in tests/crawl/src/, with LibreOffice. The
# results are committed (tests/crawl/portal/), so the tests do not need
# LibreOffice; run this only after changing a source.
#
#   bash tests/crawl/make-fixtures.sh
#
# Each source is a Vietnamese administrative document laid out as text
# extraction sees one: "Số: ..." and "V/v ..." on their own lines and the
# stamp (TỐI MẬT, TUYỆT MẬT, MẬT) on the line under them, or none.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$here/src
portal=$here/portal
tmp=$(mktemp -d "${TMPDIR:-/tmp}/domat-fixtures.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# UTF-8 text import, one paragraph per line.
infilter='Text (encoded):UTF8,LF,Liberation Serif,vi-VN,'
conv() { # conv FORMAT SOURCE OUTDIR
    HOME=$tmp soffice --headless --infilter="$infilter" --convert-to "$1" \
        --outdir "$3" "$2" >/dev/null 2>&1
}

mkdir -p "$portal/docs" "$portal/orphan" "$portal/private" "$here/v2/docs"
conv pdf  "$src/ke-hoach-12-toi-mat.txt"     "$portal/docs"
conv docx "$src/ke-hoach-12-toi-mat.txt"     "$portal/docs"
conv docx "$src/quyet-dinh-07-tuyet-mat.txt" "$portal/docs"
conv pdf  "$src/bao-cao-cong-khai.txt"       "$portal/docs"
conv docx "$src/thong-bao-cong-khai.txt"     "$portal/docs"
conv pdf  "$src/bien-ban-mat.txt"            "$portal/orphan"
conv pdf  "$src/ho-so-mat.txt"               "$portal/private"
conv docx "$src/cong-van-moi-tuyet-mat.txt"  "$here/v2/docs"
ls -l "$portal/docs" "$portal/orphan" "$portal/private" "$here/v2/docs"
