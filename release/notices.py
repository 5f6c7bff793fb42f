#!/usr/bin/env python3
"""Prints the notices of the crates built into the game for a target triple:
each crate's name, version, licence and home, then the text of every licence
file they ship (each text once, with the crates that ship it).

    python3 release/notices.py x86_64-unknown-linux-gnu > THIRD-PARTY.txt

Used by release/build.sh; reads `cargo metadata` (the sources must have
been fetched).
"""

import glob
import hashlib
import json
import os
import subprocess
import sys

LICENCE_FILES = ("LICENSE*", "LICENCE*", "COPYING*", "NOTICE*", "UNLICENSE*")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: notices.py TARGET-TRIPLE")
    triple = sys.argv[1]
    meta = json.loads(
        subprocess.check_output(
            ["cargo", "metadata", "--format-version", "1", "--locked", "--filter-platform", triple]
        )
    )
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    root = meta["resolve"]["root"]

    # What the game links: normal dependencies (no dev- or build-dependencies),
    # from the game's own crate down.
    shipped, todo = set(), [root]
    while todo:
        node = nodes[todo.pop()]
        for dep in node["deps"]:
            if any(k["kind"] is None for k in dep["dep_kinds"]) and dep["pkg"] not in shipped:
                shipped.add(dep["pkg"])
                todo.append(dep["pkg"])

    crates = sorted((packages[i] for i in shipped), key=lambda p: (p["name"], p["version"]))
    texts = {}
    out = [
        "BioDental is built with these crates, under these licences.",
        f"({len(crates)} crates, for {triple}; each licence text follows once.)",
        "",
    ]
    for p in crates:
        home = p.get("repository") or p.get("homepage") or ""
        licence = p.get("license") or "see its licence file"
        out.append(f"{p['name']} {p['version']}: {licence}  {home}".rstrip())
        folder = os.path.dirname(p["manifest_path"])
        files = sorted({f for pattern in LICENCE_FILES for f in glob.glob(os.path.join(folder, pattern))})
        for f in files:
            if not os.path.isfile(f):
                continue
            with open(f, encoding="utf-8", errors="replace") as handle:
                text = handle.read().strip()
            key = hashlib.sha256(text.encode()).hexdigest()
            texts.setdefault(key, (text, []))[1].append(f"{p['name']} {p['version']}")
    for text, users in texts.values():
        out += ["", "=" * 78, "Used by: " + ", ".join(users), "=" * 78, "", text]
    print("\n".join(out))


if __name__ == "__main__":
    main()
