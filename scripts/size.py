#!/usr/bin/env python3
"""What the page weighs, and where the bytes go (`make size`).

  scripts/size.py [--dist dist] [--named bench-results/dist-profile] [--top 25]

1. The gzip -9 size of each file of the served site (--dist, built by `trunk build --release`):
   what a browser downloads, as bench/frames.mjs counts it (wasm + js + css; html beside).
2. A twiggy profile of the same wasm built keeping its function names (--named: the
   bench/profile.html build, same cargo release profile and wasm-opt -Oz, plus --debuginfo so
   the "name" section survives; the shipped build strips it): the top items by retained size
   (an item's own bytes plus everything only it keeps alive).
3. A by-crate summary: the shallow bytes of every code and data item of that wasm (the name
   section excluded), grouped by the crate and, for this project, the module its demangled name
   starts with (`<A as B>::f` counts for A; a generic function counts for the crate that defines
   it, whatever it was instantiated with). The gzip column is an estimate: each group's share of
   the raw code and data times the shipped wasm's gzip size (gzip compresses code and text
   differently, so read it as a rough cost, not a measurement).
"""
import argparse
import glob
import gzip
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

# Buckets of the summary: (label, crate names). Crates not listed are shown by their own name.
BUCKETS = [
    ("leptos / tachys / reactive_graph (UI framework)",
     {"leptos", "leptos_dom", "leptos_macro", "leptos_server", "tachys", "reactive_graph",
      "reactive_stores", "any_spawner", "either_of", "or_poisoned", "throw_error", "next_tuple",
      "oco_ref", "guardian", "send_wrapper", "slotmap", "server_fn", "hydration_context",
      "leptos_config", "const_str_slice_concat", "drain_filter_polyfill", "paste", "typed_builder",
      "futures", "futures_util", "futures_core", "futures_channel", "futures_executor",
      "pin_project_lite", "indexmap", "hashbrown", "rustc_hash", "async_lock", "event_listener",
      "concurrent_queue", "parking_lot", "lock_api"}),
    ("core / alloc / std", {"core", "alloc", "std", "compiler_builtins", "dlmalloc", "panic_abort"}),
    ("wasm-bindgen / js-sys / web-sys", {"wasm_bindgen", "js_sys", "web_sys",
                                         "wasm_bindgen_futures", "gloo_timers",
                                         "console_error_panic_hook"}),
    ("serde / serde_json", {"serde", "serde_json", "itoa", "ryu", "serde_core"}),
    ("pulldown_cmark", {"pulldown_cmark", "unicase", "memchr"}),
    ("regex_lite", {"regex_lite"}),
    ("miniz_oxide / base64 (share codec)", {"miniz_oxide", "adler2", "base64"}),
    ("rand / rand_chacha", {"rand", "rand_core", "rand_chacha", "ppv_lite86"}),
]
PROJECT = {"kafka_playground"}


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def dist_sizes(dist: str):
    rows = []
    for path in sorted(glob.glob(os.path.join(dist, "*"))):
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            data = f.read()
        rows.append((os.path.basename(path), len(data), gz(data)))
    return rows


PRIMITIVE = re.compile(r"^<(\[?&?(?:mut )?(?:str|char|bool|[iuf](?:8|16|32|64|128|size)|[A-Z]\w{0,2}|\[.*\]|\(.*\))\]?)(?: as ([^>]*))?>")
PATH = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::(?:([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::)?")


def crate_and_module(name: str):
    """('kafka_playground', 'engine') or ('tachys', None) or (None, None) for unnamed items.
    `<T as tachys::...>` (a generic parameter or a primitive type as some trait) counts for the
    trait's crate; `<str>::to_lowercase` and the like for core."""
    n = name.strip()
    m = PRIMITIVE.match(n)
    if m:
        if not m.group(2):
            return "core", None
        n = m.group(2)
    # Strip leading qualifiers until a path starts: `<`, `&`, `&mut `, `*const `, `dyn `, `(`, `[`.
    while True:
        m = re.match(r"(<|&mut |&|\*const |\*mut |dyn |impl |\(|\[|mut )", n)
        if not m:
            break
        n = n[m.end():]
    m = PATH.match(n)
    if not m:
        return None, None
    crate = m.group(1)
    module = m.group(2) if crate in PROJECT else None
    return crate, module


def classify(name: str):
    """The group label of one twiggy item."""
    if name.startswith("data segment") or name.startswith("data["):
        return "data segments (string constants, tables, lesson texts)"
    crate, module = crate_and_module(name)
    if crate is None:
        return "unnamed (wasm-bindgen glue, exports, tables, types)"
    if crate in PROJECT:
        mod = module if module in {"engine", "cli", "lesson", "ui"} else "main and the rest"
        return f"kafka_playground::{mod}"
    for label, crates in BUCKETS:
        if crate in crates:
            return label
    return crate


def twiggy_json(args):
    out = subprocess.run(["twiggy", *args, "-f", "json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dist", default="dist")
    p.add_argument("--named", default="bench-results/dist-profile")
    p.add_argument("--top", type=int, default=25)
    a = p.parse_args()

    # ---- 1. the served files
    rows = dist_sizes(a.dist)
    if not rows:
        print(f"{a.dist}/ is empty: build it first (trunk build --release)", file=sys.stderr)
        return 1
    print(f"== 1. {a.dist}/: each file, raw and gzip -9 (what a browser downloads)")
    print(f"{'file':<48} {'raw B':>10} {'gzip B':>10}")
    totals = defaultdict(lambda: [0, 0])
    for name, raw, z in rows:
        print(f"{name:<48} {raw:>10,} {z:>10,}")
        ext = name.rsplit(".", 1)[-1]
        totals[ext][0] += raw
        totals[ext][1] += z
    page = sum(totals[e][1] for e in ("wasm", "js", "css"))
    page_raw = sum(totals[e][0] for e in ("wasm", "js", "css"))
    print(f"{'total wasm + js + css (the budget: <= 300 KB)':<48} {page_raw:>10,} {page:>10,}")
    print("  by kind: " + ", ".join(f"{e} {totals[e][1]:,}" for e in sorted(totals)))
    wasm_gzip = totals["wasm"][1]
    shipped = [r for r in rows if r[0].endswith(".wasm")]

    # ---- 2. twiggy on the build keeping names
    named = sorted(glob.glob(os.path.join(a.named, "*.wasm")))
    if not named:
        print(f"\n{a.named}/ has no wasm: build it (trunk build bench/profile.html --release --dist {a.named})",
              file=sys.stderr)
        return 1
    wasm = named[0]
    print(f"\n== 2. twiggy top --retained -n {a.top}: {wasm}")
    print("   (the bench/profile.html build: the shipped release build, wasm-opt keeping function names;")
    print(f"    {os.path.getsize(wasm):,} B with its name section, shipped wasm {shipped[0][1]:,} B without)")
    sys.stdout.flush()
    subprocess.run(["twiggy", "top", "--retained", "-n", str(a.top), wasm], check=True)
    print(f"\n   twiggy top -n {a.top} (shallow: the item's own bytes):")
    sys.stdout.flush()
    subprocess.run(["twiggy", "top", "-n", str(a.top), wasm], check=True)

    # ---- 3. by crate
    items = twiggy_json(["top", wasm])
    groups = defaultdict(lambda: [0, 0])
    crates = defaultdict(int)
    skipped = 0
    for it in items:
        name, size = it["name"], it["shallow_size"]
        if "subsection" in name or name.startswith("custom section") or name.startswith("Σ") \
                or name.startswith("... and"):
            skipped += size
            continue
        g = classify(name)
        groups[g][0] += size
        groups[g][1] += 1
        crate, module = crate_and_module(name)
        if crate:
            crates[crate if crate not in PROJECT else f"{crate}::{module}"] += size
    total = sum(v[0] for v in groups.values())
    if abs(total - shipped[0][1]) > shipped[0][1] / 100:
        print(f"\nwarning: the named wasm's code and data ({total:,} B) differ from the shipped wasm "
              f"({shipped[0][1]:,} B) by more than 1%: {a.named}/ is not the same build as {a.dist}/ "
              "(rebuild both: make size)")
    ratio = wasm_gzip / total if total else 0
    print(f"\n== 3. by crate: shallow bytes of the named wasm's code and data ({total:,} B; name section "
          f"and other custom sections, {skipped:,} B, left out); gzip est. = share x shipped wasm gzip {wasm_gzip:,} B")
    print(f"{'group':<58} {'items':>6} {'shallow B':>10} {'%':>6} {'gzip est. B':>12}")
    for label, (size, count) in sorted(groups.items(), key=lambda kv: -kv[1][0]):
        print(f"{label:<58} {count:>6,} {size:>10,} {100 * size / total:>5.1f}% {round(size * ratio):>12,}")
    print(f"{'total':<58} {sum(v[1] for v in groups.values()):>6,} {total:>10,} {100.0:>5.1f}% {wasm_gzip:>12,}")
    print("\n   top crates and project modules by shallow bytes:")
    for crate, size in sorted(crates.items(), key=lambda kv: -kv[1])[:20]:
        print(f"   {crate:<40} {size:>10,} {100 * size / total:>5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
