#!/usr/bin/env python3
# 2026-11-25
#
# lib.py: the Python half of bench/run. Runs and times commands, keeps every
# run as one JSON line, and turns the lines into bench/results.json and
# bench/RESULTS.md. Measures; never asserts: a floor that is missed is
# reported as missed, and the exit status stays 0.
#
#   lib.py measure --records F --name N --bytes B [--ok 0,1] [--json] -- CMD...
#   lib.py meta    --out F [key=value ...]
#   lib.py profile --perf REPORT.txt | --callgrind ANNOTATE.txt  --objs DIR --out F
#   lib.py report  --records F --meta F [--profile F] [--notes F] --md F --json F
#
# Names of measurements are TOOL/INPUT/DICT (domat/big/10k, rg/mid/100k,
# compile/-/100k, ...); report knows what each means.
import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

MB = 1e6  # MB/s is 10^6 bytes per second, as in perf-notes.md
MIB = 1048576


# ---- measure ----

def run_once(cmd, env, want_json):
    """Run cmd; wall, user, sys and peak RSS of the child alone (wait4)."""
    t0 = time.perf_counter()
    # stdout is a pipe, never /dev/null: GNU grep notices /dev/null and stops
    # at the first match, as with -q. Outputs here are small (counts, JSON).
    # stderr goes to a file, so that neither pipe can fill while the other
    # is read; wait4 (not Popen.wait) to get the child's own rusage.
    with tempfile.TemporaryFile() as ef:
        p = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=ef)
        out = p.stdout.read()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.stdout.close()
        ef.seek(0)
        err = ef.read()
    p.returncode = os.waitstatus_to_exitcode(status)
    rec = {"wall": wall, "user": ru.ru_utime, "sys": ru.ru_stime,
           "maxrss_kb": ru.ru_maxrss, "rc": p.returncode}
    if want_json:
        try:
            rec["out"] = json.loads(out.decode())
        except ValueError:
            rec["out"] = None
    else:
        rec["stdout"] = out[:200].decode(errors="replace").strip()
    return rec, err.decode(errors="replace")


def cmd_measure(a):
    env = dict(os.environ)
    for kv in a.env or []:
        k, _, v = kv.partition("=")
        env[k] = v
    ok = {int(x) for x in a.ok.split(",")}
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    for _ in range(a.runs):
        rec, err = run_once(cmd, env, a.json)
        shown = [kv for kv in a.env or []] + cmd
        rec.update(name=a.name, bytes=a.bytes, cmd=" ".join(shlex.quote(c) for c in shown),
                   load=os.getloadavg()[0], at=time.time())
        if rec["rc"] not in ok:
            sys.stderr.write(err)
            sys.exit("bench: %s exited with %d: %s" % (a.name, rec["rc"], rec["cmd"]))
        with open(a.records, "a", encoding="utf-8") as f:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        if a.verbose:
            t = rec["wall"]
            if a.json and rec.get("out") and rec["out"].get("scan_s"):
                t = min(rec["out"]["scan_s"])  # hsraw: hs_scan alone
            print("  %-22s %8.3f s%s" % (a.name, t, (
                "  %7.1f MB/s" % (a.bytes / t / MB)) if a.bytes else ""), file=sys.stderr)


# ---- meta ----

def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                              timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def cmd_meta(a):
    """Gather the machine's description, or with --update only set keys."""
    m = {}
    if a.update:
        with open(a.out, encoding="utf-8") as f:
            m = json.load(f)
    else:
        lscpu = sh("LC_ALL=C lscpu")
        for key, field in (("cpu_model", "Model name"), ("cpus", "CPU(s)"),
                           ("threads_per_core", "Thread(s) per core"),
                           ("hypervisor", "Hypervisor vendor")):
            mm = re.search(r"^%s:\s*(.*)$" % re.escape(field), lscpu, re.M)
            m[key] = mm.group(1).strip() if mm else ""
        flags = " %s " % sh("grep -m1 '^flags' /proc/cpuinfo")
        m["avx2"] = " avx2 " in flags
        m["avx512"] = " avx512f " in flags
        m["mem_total"] = sh("awk '/MemTotal/ {printf \"%.1f GiB\", $2/1048576}' /proc/meminfo")
        m["kernel"] = sh("uname -sr")
        m["os"] = sh(". /etc/os-release 2>/dev/null && echo \"$PRETTY_NAME\"")
        m["cc"] = sh("${CC:-cc} --version | head -1")
        pk = sh("dpkg-query -W -f='${Package} ${Version}\\n' libhyperscan5 'libpcre2-8-0' "
                "'libutf8proc[0-9]*' ripgrep grep 2>/dev/null")
        m["packages"] = [l for l in pk.splitlines() if l.strip()]
        m["git"] = sh("git rev-parse --short HEAD") + (
            " (work tree of engine/ or cli/ modified)"
            if sh("git status --porcelain -- engine cli") else "")
        m["date"] = time.strftime("%Y-%m-%d %H:%M %Z")
        m["loadavg_start"] = sh("cat /proc/loadavg")
    for kv in a.kv:
        k, _, v = kv.partition("=")
        try:
            m[k] = json.loads(v)
        except ValueError:
            m[k] = v
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(m, f, ensure_ascii=False, indent=1)


# ---- profile ----

# Where a domat function's time goes, by the engine source file that defines
# it (from the object files' symbol tables), with scan.c split into the hit
# callbacks (classify) and the segment driver.
STAGE_OF_FILE = {
    "decode": "decode", "text": "decode",
    "fold": "normalize (fold_run)",
    "html": "html (tag stripping)",
    "classify": "classify", "score": "classify", "result": "classify",
    "dict": "dictionary load", "engine": "dictionary load", "error": "other",
    "source": "scan driver (segments, words)", "doc": "document extraction",
}
SCAN_DRIVER = {"run", "get_bytes", "match_segment", "count_newlines", "scan_source",
               "scan_text", "scan_now_ms", "fd_read", "domat_scan_file",
               "domat_scan_buffer", "slurp", "finish"}
STAGES = ["decode", "normalize (fold_run)", "match (hs_scan)", "regex confirm (pcre2)",
          "classify", "html (tag stripping)", "document extraction",
          "scan driver (segments, words)",
          "I/O and kernel", "libc (memchr, memcpy, malloc, qsort)",
          "dictionary load", "other"]


def symbol_stages(objdir):
    m = {}
    for path in sorted(os.listdir(objdir)) if os.path.isdir(objdir) else []:
        if not path.endswith(".o"):
            continue
        base = path[:-2]
        for line in sh("nm --defined-only %s" % shlex.quote(os.path.join(objdir, path))).splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] in "tTwW":
                sym = parts[2]
                if base == "scan":
                    m[sym] = ("scan driver (segments, words)" if sym in SCAN_DRIVER
                              else "classify")
                else:
                    m[sym] = STAGE_OF_FILE.get(base, "other")
    return m


def stage_of(dso, sym, stages):
    s = re.sub(r"\.(part|isra|constprop|cold|lto_priv)\.?\d*.*$", "", sym)
    if s in stages:
        return stages[s]
    if "libhs" in dso:
        return "match (hs_scan)"
    if "pcre2" in dso:
        return "regex confirm (pcre2)"
    if "kernel" in dso or dso.startswith("["):
        return "I/O and kernel"
    if "libc" in dso or "ld-linux" in dso:
        return "libc (memchr, memcpy, malloc, qsort)"
    return "other"


def parse_perf(path):
    rows = []
    pat = re.compile(r"^\s*([\d.]+)%\s+(\S+)\s+\[(.)\]\s+(.*?)\s*$")
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            mm = pat.match(line)
            if mm:
                rows.append((float(mm.group(1)), mm.group(2), mm.group(4)))
    return rows


def parse_callgrind(path):
    rows, total = [], 0.0
    pat = re.compile(r"^\s*([\d,]+)\s+(?:\([^)]*\)\s+)?(\S+):(\S+?)(?:\s+\[(.*)\])?\s*$")
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            mm = pat.match(line)
            if mm:
                ir = float(mm.group(1).replace(",", ""))
                dso = mm.group(4) or mm.group(2)
                rows.append((ir, dso, mm.group(3)))
                total += ir
    return [(100.0 * ir / total, dso, sym) for ir, dso, sym in rows] if total else []


def cmd_profile(a):
    rows = parse_perf(a.perf) if a.perf else parse_callgrind(a.callgrind)
    stages = symbol_stages(a.objs)
    buckets = {s: 0.0 for s in STAGES}
    top = []
    for pct, dso, sym in rows:
        st = stage_of(os.path.basename(dso), sym, stages)
        buckets[st] = buckets.get(st, 0.0) + pct
        if len(top) < 20:
            top.append({"pct": pct, "dso": os.path.basename(dso), "symbol": sym, "stage": st})
    out = {"tool": "perf (cpu-clock)" if a.perf else "valgrind callgrind (Ir)",
           "command": a.command or "", "stages": buckets, "top": top}
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)


# ---- report ----

def stats(xs):
    xs = sorted(xs)
    n = len(xs)
    if not n:
        return None
    med = xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2
    return {"median": med, "min": xs[0], "max": xs[-1], "n": n}


def load_records(path):
    by = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                by.setdefault(r["name"], []).append(r)
    return by


def summarize(name, runs):
    """Per measurement: wall and CPU seconds, MB/s from both, peak RSS."""
    tool = name.split("/")[0]
    b = runs[0]["bytes"]
    s = {"name": name, "bytes": b, "command": runs[0]["cmd"], "runs": len(runs),
         "load_avg": stats([r["load"] for r in runs])}
    if tool == "hsraw":
        walls = [t for r in runs for t in r["out"]["scan_s"]]
        cpus = [t for r in runs for t in r["out"].get("scan_cpu_s", r["out"]["scan_s"])]
        o = runs[0]["out"]
        s["hsraw"] = {k: o[k] for k in ("view_bytes", "phrases", "literals", "db_bytes",
                                        "matches")}
        s["decode_s"] = stats([r["out"]["decode_s"] for r in runs])
        s["fold_s"] = stats([r["out"]["fold_s"] for r in runs])
        s["compile_s"] = stats([r["out"]["compile_s"] for r in runs])
        s["deserialize_s"] = stats([r["out"]["deserialize_s"] for r in runs])
    else:
        walls = [r["wall"] for r in runs]
        cpus = [r["user"] + r["sys"] for r in runs]
    s["wall_s"] = stats(walls)
    s["cpu_s"] = stats(cpus)
    s["maxrss_kib"] = max(r["maxrss_kb"] for r in runs)
    if b:
        s["mbps"] = stats([b / w / MB for w in walls if w > 0])
        s["mbps_cpu"] = stats([b / c / MB for c in cpus if c > 0])
    return s


def fmt_rng(st, f="%.1f", scale=1.0):
    if not st:
        return "—"
    return (f + " (" + f + "–" + f + ")") % (st["median"] * scale, st["min"] * scale,
                                           st["max"] * scale)


def ratio(a, b):
    return a / b if a and b else None


def fmt_ratio(x):
    return "%.2f×" % x if x is not None else "—"


def human_bytes(n):
    if n >= MIB:
        return "%.1f MiB" % (n / MIB)
    return "%.0f KiB" % (n / 1024)


def cmd_report(a):
    with open(a.meta, encoding="utf-8") as f:
        meta = json.load(f)
    recs = load_records(a.records)
    S = {name: summarize(name, runs) for name, runs in recs.items()}
    for s_ in S.values():  # commands relative to the checkout, as one types them
        s_["command"] = s_["command"].replace(meta.get("root", "\x00") + "/", "")
    prof = None
    if a.profile and os.path.exists(a.profile):
        with open(a.profile, encoding="utf-8") as f:
            prof = json.load(f)

    def med(name, key="mbps"):
        s = S.get(name)
        return s[key]["median"] if s and s.get(key) else None

    # Throughput rows: every (input, dict) domat was measured on.
    rows = []
    for name in S:
        tool, inp, d = name.split("/")
        if tool != "domat":
            continue
        row = {"input": inp, "dict": d, "domat": S[name]}
        # The same runs less the median load time of the same DB: what the
        # scan itself sustains once the dictionaries are in memory.
        ld = med("load/-/%s" % d, "wall_s")
        if ld is not None:
            row["domat_scan_only"] = stats([S[name]["bytes"] / (r["wall"] - ld) / MB
                                            for r in recs[name] if r["wall"] > ld])
        for peer in ("hsraw", "rg", "grep"):
            p = S.get("%s/%s/%s" % (peer, inp, d))
            row[peer] = p
            row["ratio_" + peer] = ratio(med(name), med("%s/%s/%s" % (peer, inp, d)))
            row["ratio_cpu_" + peer] = ratio(med(name, "mbps_cpu"),
                                             med("%s/%s/%s" % (peer, inp, d), "mbps_cpu"))
        rows.append(row)
    order = {"big": 0, "mid": 1, "html": 2}
    rows.sort(key=lambda r: (order.get(r["input"], 9), int(r["dict"].rstrip("k") or 0)))

    j1, j2 = S.get("domat-j1/files/10k"), S.get("domat-j2/files/10k")
    scaling = ratio(med("domat-j2/files/10k"), med("domat-j1/files/10k"))
    dicts = []
    for d in meta.get("dict_sizes", []):
        c, l = S.get("compile/-/%s" % d), S.get("load/-/%s" % d)
        dicts.append({"dict": d, "entries": meta.get("entries", {}).get(d),
                      "db_bytes": meta.get("db_bytes", {}).get(d),
                      "compile": c, "load": l,
                      "hs_deserialize_s": (S.get("hsraw/mid/%s" % d) or {}).get("deserialize_s")})
    big = S.get("domat/big/10k")
    db10 = meta.get("db_bytes", {}).get("10k") or 0
    rss_limit_kib = 64 * 1024 + db10 / 1024
    floors = []
    # A machine busy with other work slows each process by however much CPU
    # it lost, differently in every round: then ratios of wall time say more
    # about the neighbours than about domat. Ratio floors are then judged on
    # CPU time, and -j scaling, which needs both cores free, is not judged.
    loads = stats([r["load"] for runs in recs.values() for r in runs])
    busy = loads["median"] > 1.5

    def floor(what, value, limit, ok, shown, limit_shown, verdict=None):
        floors.append({"what": what, "value": value, "limit": limit,
                       "met": ok if value is not None else None,
                       "shown": shown, "limit_shown": limit_shown,
                       "verdict": verdict})

    def ratio_floor(what, key, limit):
        w_, c_ = r10 and r10["ratio_" + key], r10 and r10["ratio_cpu_" + key]
        x = c_ if busy else w_
        verdict = None
        if busy and x is not None:
            verdict = ("met" if x >= limit else "**not met**") + " (judged on CPU time: busy machine)"
        floor(what, x, limit, x is not None and x >= limit,
              "%s (cpu %s)" % (fmt_ratio(w_), fmt_ratio(c_)), "≥ %.2f×" % limit, verdict)

    r10 = next((r for r in rows if r["input"] == "big" and r["dict"] == "10k"), None)
    ratio_floor("plain text, shipped + 10k: domat / raw Hyperscan", "hsraw", 0.5)
    ratio_floor("plain text, shipped + 10k: domat / rg -F --threads 1", "rg", 1.0)
    floor("-j 2 / -j 1, %s files" % meta.get("files_count", "?"), scaling, 1.7,
          scaling is not None and scaling >= 1.7, fmt_ratio(scaling), "≥ 1.70×",
          "not judged: busy machine" if busy else None)
    c100 = S.get("compile/-/100k")
    x = c100 and c100["wall_s"]["median"]
    floor("compile, shipped + 100k entries", x, 30, x is not None and x < 30,
          "%.1f s" % x if x is not None else "—", "< 30 s")
    l100 = S.get("load/-/100k")
    x = l100 and l100["wall_s"]["median"]
    floor("load of the compiled DB, shipped + 100k (whole process)", x, 0.1,
          x is not None and x < 0.1, "%.0f ms" % (x * 1000) if x is not None else "—", "< 100 ms")
    x = big and big["maxrss_kib"]
    floor("peak RSS scanning the %s text file (shipped + 10k)" % human_bytes(meta.get("big_bytes", 0)),
          x, rss_limit_kib, x is not None and x < rss_limit_kib,
          "%.1f MiB" % (x / 1024) if x else "—",
          "< %.1f MiB (64 MiB + %s DB)" % (rss_limit_kib / 1024, human_bytes(db10)))

    results = {"meta": meta, "measurements": S, "throughput": [
        {k: (v["name"] if isinstance(v, dict) and "name" in v else v) for k, v in r.items()}
        for r in rows], "scaling_j2_over_j1": scaling, "dictionaries": [
        {"dict": d["dict"], "entries": d["entries"], "db_bytes": d["db_bytes"],
         "compile_s": d["compile"] and d["compile"]["wall_s"],
         "load_s": d["load"] and d["load"]["wall_s"],
         "load_maxrss_kib": d["load"] and d["load"]["maxrss_kib"],
         "hs_deserialize_s": d["hs_deserialize_s"]} for d in dicts],
        "floors": floors, "profile": prof}
    with open(a.json, "w", encoding="utf-8") as f:
        json.dump(results, f, ensure_ascii=False, indent=1, sort_keys=True)

    # ---- Markdown ----
    L = []
    w = L.append
    w("# domat benchmark results")
    w("")
    w("Written by `bench/run%s` on %s; regenerate with `make bench`. Numbers are from this "
      "machine and this run only: the host is shared and noisy (perf-notes.md saw ±30%% "
      "between runs), so read the **ratios**, which were measured in the same run with the "
      "tools interleaved round by round. MB/s = 10^6 bytes of the *original* input per "
      "second of wall time, whole process (start, dictionary load, scan, exit), median of "
      "the runs with (min–max). Nothing here is asserted by a test." %
      (" --quick" if meta.get("quick") else "", meta.get("date", "?")))
    w("")
    w("## Machine")
    w("")
    w("| | |")
    w("|---|---|")
    w("| CPU | %s, %s CPUs (%s thread(s) per core)%s, AVX2 %s, AVX-512 %s |" % (
        meta.get("cpu_model"), meta.get("cpus"), meta.get("threads_per_core"),
        ", %s guest" % meta["hypervisor"] if meta.get("hypervisor") else "",
        "yes" if meta.get("avx2") else "no", "yes" if meta.get("avx512") else "no"))
    w("| memory | %s |" % meta.get("mem_total"))
    w("| system | %s, %s |" % (meta.get("os"), meta.get("kernel")))
    w("| compiler | %s, `%s` |" % (meta.get("cc"), meta.get("cflags", "")))
    w("| packages | %s |" % "; ".join(meta.get("packages", [])))
    w("| domat | commit %s |" % meta.get("git"))
    w("| load average | start %s; end %s; 1-minute load after each measurement: median "
      "%.2f, max %.2f (the bench itself accounts for about 1) |" % (
          meta.get("loadavg_start", "?"), meta.get("loadavg_end", "?"),
          loads["median"], loads["max"]))
    w("")
    if busy:
        w("> **Busy machine.** Other processes were running too: the 1-minute load "
          "average had a median of %.2f on %s CPUs, of which the bench accounts for "
          "about 1. Wall-time figures, and -j 2 above all, are unreliable in this run; "
          "the `cpu` ratios less so. Rerun when the machine is quiet (`uptime` below "
          "0.5) before reading much into it." % (loads["median"], meta.get("cpus", "?")))
        w("")
    w("## Inputs")
    w("")
    w("- **big**: %s of plain text (%s bytes, %s stamped paragraphs), paragraphs of "
      "tests/fixtures/public/*.txt and tests/fixtures/text/*.txt shuffled with a fixed seed "
      "(bench/gen_corpus.py). Used for the 10k floor and peak RSS%s." % (
          human_bytes(meta.get("big_bytes", 0)), format(meta.get("big_bytes", 0), ","),
          meta.get("big_stamped", "?"),
          "" if meta.get("big_bytes", 0) >= 1 << 30 else
          " (the floor asks for 1 GiB; this run used %s, set with `--size`)" %
          human_bytes(meta.get("big_bytes", 0))))
    w("- **mid**: %s of the same kind of text, for the 1k/10k/100k dictionary sweep." %
      human_bytes(meta.get("mid_bytes", 0)))
    w("- **html**: %s of the same paragraphs as HTML (`<p>`, `<div>`, `<br>`, inline "
      "`<b>`/`<i>`/`<span>`, `&nbsp;`, a `<style>` and a `<script>` in `<head>`)." %
      human_bytes(meta.get("html_bytes", 0)))
    w("- **files**: %s files of ~%s KiB (%s in all) for -j 1 / -j 2." % (
        meta.get("files_count"), meta.get("files_kib"), human_bytes(meta.get("files_bytes", 0))))
    w("- **dictionaries**: the shipped dictionaries/ (%s entries, %s literal phrases; "
      "the rest are regexes) plus a generated list of 1,000, 10,000 or 100,000 entries "
      "(bench/gen_dict.py): 2–5 syllable phrases from the corpus's own syllables, 99%% "
      "of which never occur (perf-notes.md's \"pessimistic\" case), 1%% that do." % (
          meta.get("shipped_entries", "?"), meta.get("shipped_phrases", "?")))
    w("- **peers** get the same phrase list (shipped literal phrases + generated ones, "
      "lowercase NFC, one per line). `rg`/`grep` search the raw bytes without domat's "
      "normalization (no case or tone folding, no folded view, no regexes), and `-c` "
      "counts lines, stopping at a line's first match, so the comparison is of cost, "
      "not of findings. bench/hsraw compiles the same list with the engine's fold_phrase "
      "into one Hyperscan literal database and times hs_scan alone over the canonical "
      "view built by the engine's decode_run + fold_run: the floor of domat's matching "
      "cost, with MB/s relative to the original file size.")
    w("")
    w("## Floors")
    w("")
    w("| figure | measured | floor | |")
    w("|---|---|---|---|")
    for fl in floors:
        w("| %s | %s | %s | %s |" % (fl["what"], fl["shown"], fl["limit_shown"],
                                     fl["verdict"] or ("met" if fl["met"] else (
                                         "**not met**" if fl["met"] is False else "not measured"))))
    w("")
    w("## Throughput (one thread)")
    w("")
    w("MB/s per core, median (min–max). Ratios are domat's median over the peer's; the "
      "`cpu` ratio uses CPU time (user+sys) instead of wall time, which a busy neighbour "
      "disturbs less. *domat − load* takes the median load time of the same database "
      "(table below) off each run: what the scan sustains once the dictionaries are in "
      "memory; the ratios use the whole run. raw HS is hs_scan alone (no decode, no "
      "normalization, no process start). rg and grep figures include their own start "
      "and pattern compile (about 0.1 s for rg at 10k phrases), which weighs on small "
      "inputs.")
    w("")
    w("| input | dict | domat | domat − load | raw HS | rg -F -c | grep -F -c | "
      "domat/raw HS (cpu) | domat/rg (cpu) | domat/grep (cpu) |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        def cell(s):
            return fmt_rng(s["mbps"]) if s and s.get("mbps") else "—"
        w("| %s | %s | %s | %s | %s | %s | %s | %s (%s) | %s (%s) | %s (%s) |" % (
            r["input"], "shipped+" + r["dict"], cell(r["domat"]),
            fmt_rng(r.get("domat_scan_only")), cell(r["hsraw"]),
            cell(r["rg"]), cell(r["grep"]),
            fmt_ratio(r["ratio_hsraw"]), fmt_ratio(r["ratio_cpu_hsraw"]),
            fmt_ratio(r["ratio_rg"]), fmt_ratio(r["ratio_cpu_rg"]),
            fmt_ratio(r["ratio_grep"]), fmt_ratio(r["ratio_cpu_grep"])))
    w("")
    hs_rows = [(r, r["hsraw"]) for r in rows if r["hsraw"]]
    if hs_rows:
        w("What the raw Hyperscan run spent besides hs_scan (same input, one process; "
          "these stages are inside domat's figure):")
        w("")
        w("| input | dict | decode_run | fold_run (canonical view only) | hs_scan | "
          "literals | matches |")
        w("|---|---|---|---|---|---|---|")
        for r, h in hs_rows:
            b = h["bytes"]
            w("| %s | %s | %.0f MB/s | %.0f MB/s | %.0f MB/s | %s | %s |" % (
                r["input"], r["dict"], b / h["decode_s"]["median"] / MB,
                b / h["fold_s"]["median"] / MB, h["mbps"]["median"],
                format(h["hsraw"]["literals"], ","), format(h["hsraw"]["matches"], ",")))
        w("")
    w("## Scaling: many files, -j 1 and -j 2")
    w("")
    if j1 and j2:
        w("| jobs | MB/s | MB/s per core | peak RSS |")
        w("|---|---|---|---|")
        for j, s in ((1, j1), (2, j2)):
            w("| -j %d | %s | %.1f | %.1f MiB |" % (j, fmt_rng(s["mbps"]),
                                                   s["mbps"]["median"] / j,
                                                   s["maxrss_kib"] / 1024))
        w("")
        w("-j 2 / -j 1 = **%s** (medians of wall-time MB/s; 2.00× would be perfect on 2 "
          "cores, and anything else running on the machine takes from it)." %
          fmt_ratio(scaling))
        w("")
    w("## Dictionaries: compile, size, load")
    w("")
    w("Compile = `domat dict compile` (parse, normalize, Hyperscan compile, write). Load = "
      "a whole `domat scan --db FILE --dict GEN` of an empty file: process start, parsing "
      "and hashing the .dict sources to check the DB is fresh, reading and "
      "deserializing it, scratch allocation. hs_deserialize alone is bench/hsraw's "
      "database of the same phrases.")
    w("")
    w("| dictionary | entries | compile s | DB size | load ms | load peak RSS | "
      "hs_deserialize ms |")
    w("|---|---|---|---|---|---|---|")
    for d in dicts:
        w("| shipped+%s | %s | %s | %s | %s | %s | %s |" % (
            d["dict"], format(d["entries"], ",") if d["entries"] else "?",
            fmt_rng(d["compile"]["wall_s"], "%.2f") if d["compile"] else "—",
            human_bytes(d["db_bytes"]) if d["db_bytes"] else "—",
            fmt_rng(d["load"]["wall_s"], "%.0f", 1000) if d["load"] else "—",
            "%.1f MiB" % (d["load"]["maxrss_kib"] / 1024) if d["load"] else "—",
            "%.2f" % (d["hs_deserialize_s"]["median"] * 1000) if d["hs_deserialize_s"] else "—"))
    w("")
    w("## Peak memory")
    w("")
    w("Peak RSS (getrusage of the child, maximum over the runs).")
    w("")
    w("| what | peak RSS |")
    w("|---|---|")
    for name in sorted(S):
        tool, inp, d = name.split("/")
        if inp in ("big", "files") and tool != "hsraw":
            w("| %s on %s, shipped+%s | %.1f MiB |" % (tool, inp, d, S[name]["maxrss_kib"] / 1024))
    w("")
    w("rg maps the file it searches, so its RSS counts the file's pages; domat reads "
      "1 MiB segments, so its RSS should not grow with the input.")
    w("")
    if prof:
        w("## Where the time goes")
        w("")
        w("%s of `%s`." % (prof["tool"], prof["command"]))
        w("")
        w("| stage | share |")
        w("|---|---|")
        for st in STAGES:
            v = prof["stages"].get(st, 0.0)
            if v >= 0.05:
                w("| %s | %.1f%% |" % (st, v))
        w("")
        w("Top symbols (libhs is stripped, so its addresses stand for hs_scan's internals):")
        w("")
        w("| share | object | symbol | stage |")
        w("|---|---|---|---|")
        for t in prof["top"][:15]:
            w("| %.1f%% | %s | `%s` | %s |" % (t["pct"], t["dso"], t["symbol"][:60], t["stage"]))
        w("")
    w("## Commands")
    w("")
    w("One run of each, as run (paths under bench/out/):")
    w("")
    w("```")
    for name in sorted(S):
        w("%-22s %s" % (name, S[name]["command"]))
    w("```")
    w("")
    if a.notes and os.path.exists(a.notes):
        with open(a.notes, encoding="utf-8") as f:
            w(f.read().rstrip())
        w("")
    with open(a.md, "w", encoding="utf-8") as f:
        f.write("\n".join(L))


def main():
    ap = argparse.ArgumentParser(description="bench helpers")
    sub = ap.add_subparsers(dest="cmd_name", required=True)
    m = sub.add_parser("measure")
    m.add_argument("--records", required=True)
    m.add_argument("--name", required=True)
    m.add_argument("--bytes", type=int, default=0)
    m.add_argument("--runs", type=int, default=1)
    m.add_argument("--ok", default="0")
    m.add_argument("--json", action="store_true", help="the command prints JSON")
    m.add_argument("--env", action="append")
    m.add_argument("-v", "--verbose", action="store_true")
    m.add_argument("cmd", nargs=argparse.REMAINDER)
    m.set_defaults(fn=cmd_measure)
    t = sub.add_parser("meta")
    t.add_argument("--out", required=True)
    t.add_argument("--update", action="store_true")
    t.add_argument("kv", nargs="*")
    t.set_defaults(fn=cmd_meta)
    p = sub.add_parser("profile")
    p.add_argument("--perf")
    p.add_argument("--callgrind")
    p.add_argument("--objs", required=True)
    p.add_argument("--command")
    p.add_argument("--out", required=True)
    p.set_defaults(fn=cmd_profile)
    r = sub.add_parser("report")
    r.add_argument("--records", required=True)
    r.add_argument("--meta", required=True)
    r.add_argument("--profile")
    r.add_argument("--notes")
    r.add_argument("--md", required=True)
    r.add_argument("--json", required=True)
    r.set_defaults(fn=cmd_report)
    a = ap.parse_args()
    a.fn(a)


if __name__ == "__main__":
    main()
