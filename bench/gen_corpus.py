#!/usr/bin/env python3
# 2026-11-25
#
# gen_corpus.py: benchmark inputs made from the project's public Vietnamese
# text, so that no corpus has to be downloaded or committed.
#
# The paragraphs of tests/fixtures/public/*.txt and tests/fixtures/text/*.txt
# are drawn at random (fixed seed) and concatenated up to the requested size.
# Paragraphs carrying a secrecy stamp (TỐI MẬT, M Ậ T, TOI MAT, ...) are held
# apart and mixed in at a low rate, so the scan has real hits to classify but
# the text stays mostly the ordinary administrative prose a scanner sees all
# day. The fixtures are small (about 37 KB), so the output repeats them many
# times over; Hyperscan's cost depends on the bytes and the literal set, not
# on novelty, and the shuffle keeps branch predictors from learning an order.
#
#   gen_corpus.py text  OUT.txt  --size-mib N
#   gen_corpus.py html  OUT.html --size-mib N
#   gen_corpus.py files OUTDIR   --count N --file-kib K
#
# Each output gets OUT.meta.json; when it already matches the request the
# output is reused, which keeps repeated bench runs fast.
import argparse
import glob
import html
import json
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCES = ["tests/fixtures/public/*.txt", "tests/fixtures/text/*.txt"]
SEED = 20261125
# Per-paragraph chance that the next paragraph is a stamped one: about one in
# 500 paragraphs (about ten per MiB).
STAMP_RATE = 0.002
# A stamp standing as a marking: alone on its line or set apart by a wide gap,
# spaced or unaccented forms included. Mentions in prose ("tài liệu Tối mật",
# dấu "MẬT") are ordinary text and stay in the pool.
STAMP_RE = re.compile(r"(^|\n| {3})[ \t]*((TUYỆT|TỐI) +)?MẬT[ \t]*(\n|$| {3})"
                      r"|T Ố I +M Ậ T|^TOI MAT$", re.M)


def source_files():
    files = []
    for pat in SOURCES:
        files += sorted(glob.glob(os.path.join(ROOT, pat)))
    return files


def paragraphs():
    """(plain, stamped) paragraph lists from the fixtures."""
    plain, stamped = [], []
    for path in source_files():
        with open(path, encoding="utf-8") as f:
            text = f.read().replace("\r\n", "\n")
        for para in re.split(r"\n[ \t]*\n", text):
            para = para.strip("\n")
            if not para.strip():
                continue
            (stamped if STAMP_RE.search(para) else plain).append(para)
    if not plain:
        sys.exit("gen_corpus: no paragraphs found under tests/fixtures")
    return plain, stamped


class Drawer:
    """Endless random paragraphs: plain ones, a stamped one now and then."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.plain, self.stamped = paragraphs()
        self.nstamped = 0

    def next(self):
        if self.stamped and self.rng.random() < STAMP_RATE:
            self.nstamped += 1
            return self.rng.choice(self.stamped)
        return self.rng.choice(self.plain)


def fingerprint(kind, args):
    srcs = []
    for p in source_files():
        st = os.stat(p)
        srcs.append([os.path.relpath(p, ROOT), st.st_size, int(st.st_mtime)])
    return {"kind": kind, "args": args, "seed": SEED, "stamp_rate": STAMP_RATE,
            "sources": srcs, "version": 1}


def fresh(out, meta):
    try:
        with open(out + ".meta.json", encoding="utf-8") as f:
            old = json.load(f)
    except (OSError, ValueError):
        return False
    return all(old.get(k) == v for k, v in meta.items())


def save_meta(out, meta, **extra):
    meta = dict(meta, **extra)
    with open(out + ".meta.json", "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, indent=1)


def write_text(out, size):
    d = Drawer(SEED)
    n = 0
    with open(out + ".tmp", "w", encoding="utf-8", newline="\n") as f:
        buf = []
        while True:
            p = d.next() + "\n\n"
            k = len(p.encode("utf-8"))
            # At most `size` bytes: a 1 GiB file must stay within domat's
            # default 1 GiB input limit to be scanned whole.
            if n + k > size:
                break
            buf.append(p)
            n += k
            if len(buf) >= 4096:
                f.write("".join(buf))
                buf = []
        f.write("".join(buf))
    os.replace(out + ".tmp", out)
    return d.nstamped


# Inline markup that changes nothing a reader sees, so the HTML input carries
# the same words as the text input plus the tag-stripping work.
def html_para(rng, para, stamped):
    lines = [html.escape(l, quote=False) for l in para.split("\n")]
    out = []
    for l in lines:
        words = l.split(" ")
        if len(words) > 6 and rng.random() < 0.3:
            i = rng.randrange(len(words) - 2)
            tag = rng.choice(["b", "i", "span class=\"hl\"", "em"])
            words[i] = "<%s>%s" % (tag, words[i])
            words[i + 1] = "%s</%s>" % (words[i + 1], tag.split(" ")[0])
        l = " ".join(words)
        if rng.random() < 0.05:
            l = l.replace(", ", ",&nbsp;", 1)
        out.append(l)
    if stamped:
        return "<div class=\"header\">\n" + "".join(
            "<p><b>%s</b></p>\n" % l for l in out) + "</div>\n"
    tag = rng.choice(["p", "p", "p", "div"])
    return "<%s>%s</%s>\n" % (tag, "<br>\n".join(out), tag)


HTML_HEAD = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Văn bản hành chính</title>
<style>body { font-family: "Times New Roman", serif; } .hl { color: #333; }</style>
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>
</head>
<body>
"""


def write_html(out, size):
    d = Drawer(SEED + 1)
    rng = random.Random(SEED + 2)
    n = len(HTML_HEAD.encode("utf-8"))
    with open(out + ".tmp", "w", encoding="utf-8", newline="\n") as f:
        f.write(HTML_HEAD)
        buf = []
        while n < size:
            before = d.nstamped
            para = d.next()
            p = html_para(rng, para, d.nstamped != before)
            buf.append(p)
            n += len(p.encode("utf-8"))
            if len(buf) >= 4096:
                f.write("".join(buf))
                buf = []
        buf.append("</body>\n</html>\n")
        f.write("".join(buf))
    os.replace(out + ".tmp", out)
    return d.nstamped


def write_files(outdir, count, size):
    d = Drawer(SEED + 3)
    os.makedirs(outdir, exist_ok=True)
    for old in glob.glob(os.path.join(outdir, "doc-*.txt")):
        os.unlink(old)
    total = 0
    for i in range(count):
        parts, n = [], 0
        while n < size:
            p = d.next() + "\n\n"
            parts.append(p)
            n += len(p.encode("utf-8"))
        with open(os.path.join(outdir, "doc-%05d.txt" % i), "w",
                  encoding="utf-8", newline="\n") as f:
            f.write("".join(parts))
        total += n
    return d.nstamped, total


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("kind", choices=["text", "html", "files"])
    ap.add_argument("out")
    ap.add_argument("--size-mib", type=float, default=64)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--file-kib", type=int, default=32)
    a = ap.parse_args()
    if a.kind == "files":
        args = {"count": a.count, "file_kib": a.file_kib}
    else:
        args = {"size_mib": a.size_mib}
    meta = fingerprint(a.kind, args)
    marker = os.path.join(a.out, ".meta") if a.kind == "files" else a.out
    if os.path.exists(a.out) and fresh(marker, meta):
        print("gen_corpus: %s is up to date" % a.out, file=sys.stderr)
        return
    if a.kind == "text":
        ns = write_text(a.out, int(a.size_mib * 1048576))
        save_meta(marker, meta, bytes=os.path.getsize(a.out), stamped=ns)
    elif a.kind == "html":
        ns = write_html(a.out, int(a.size_mib * 1048576))
        save_meta(marker, meta, bytes=os.path.getsize(a.out), stamped=ns)
    else:
        ns, total = write_files(a.out, a.count, a.file_kib * 1024)
        save_meta(marker, meta, bytes=total, stamped=ns)
    print("gen_corpus: wrote %s (%d stamped paragraphs)" % (a.out, ns),
          file=sys.stderr)


if __name__ == "__main__":
    main()
