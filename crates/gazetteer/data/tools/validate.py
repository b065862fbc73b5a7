#!/usr/bin/env python3
"""Validate the five default gazetteer files.

    python3 crates/gazetteer/data/tools/validate.py [--collisions]

Errors (exit 1): wrong header, wrong column count, empty id or name, non-ASCII or
duplicate id (across all files), unknown type, an alias repeated within an entry or equal
to the name, bad lat/lon/population, a blank line.
Warnings: a surface form (case- and accent-folded) that belongs to several entries; these
are reported as ambiguous by the matcher.  `--collisions` lists them all.
"""
import os
import re
import sys
import unicodedata

DATA = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FILES = ["countries.tsv", "south_asia_places.tsv", "organisations.tsv", "people.tsv", "world_cities.tsv"]
HEADER = "id\tname\ttype\taliases\tcountry_code\tlat\tlon\tpopulation\tsource"
TYPES = {"PERSON", "ORG", "LOC", "NORP"}
ID_RE = re.compile(r"^(LOC|ORG|PER|NORP):[A-Za-z0-9:._-]+$")


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("\u2019", "'")
    return re.sub(r"[\s\-]+", " ", s).strip()


def main():
    errors, ids, surfaces, counts = [], {}, {}, {}
    for fn in FILES:
        path = os.path.join(DATA, fn)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if not text.endswith("\n"):
            errors.append(f"{fn}: no final newline")
        lines = text.split("\n")[:-1]
        if not lines or lines[0] != HEADER:
            errors.append(f"{fn}:1: header must be exactly {HEADER!r}")
        counts[fn] = len(lines) - 1
        for n, line in enumerate(lines[1:], start=2):
            where = f"{fn}:{n}"
            if not line.strip():
                errors.append(f"{where}: blank line")
                continue
            c = line.split("\t")
            if len(c) != 9:
                errors.append(f"{where}: {len(c)} columns, want 9")
                continue
            id_, name, type_, aliases, cc, lat, lon, pop, source = c
            if not ID_RE.match(id_):
                errors.append(f"{where}: bad id {id_!r}")
            if id_ in ids:
                errors.append(f"{where}: duplicate id {id_} (first at {ids[id_]})")
            ids[id_] = where
            if not name.strip() or name != name.strip():
                errors.append(f"{where}: empty or padded name {name!r}")
            if "|" in name:
                errors.append(f"{where}: '|' in name")
            if type_ not in TYPES:
                errors.append(f"{where}: bad type {type_!r}")
            al = aliases.split("|") if aliases else []
            if any(not a.strip() or a != a.strip() for a in al):
                errors.append(f"{where}: empty or padded alias in {aliases!r}")
            if len(set(al)) != len(al) or name in al:
                errors.append(f"{where}: repeated alias in {aliases!r}")
            if cc and not re.fullmatch(r"[A-Z]{2}", cc):
                errors.append(f"{where}: bad country_code {cc!r}")
            for v, lo, hi in ((lat, -90, 90), (lon, -180, 180)):
                if v:
                    try:
                        if not lo <= float(v) <= hi:
                            raise ValueError
                    except ValueError:
                        errors.append(f"{where}: bad coordinate {v!r}")
            if pop and not pop.isdigit():
                errors.append(f"{where}: bad population {pop!r}")
            if not source:
                errors.append(f"{where}: empty source")
            for s in {fold(x) for x in [name] + al}:
                surfaces.setdefault(s, []).append((id_, name))
    amb = {s: v for s, v in surfaces.items() if len({i for i, _ in v}) > 1}
    for e in errors:
        print("error:", e)
    print(" ".join(f"{k}={v}" for k, v in counts.items()), f"total={sum(counts.values())}")
    print(f"{len(errors)} errors, {len(amb)} ambiguous surface forms")
    if "--collisions" in sys.argv:
        for s, v in sorted(amb.items()):
            print(f"  ambiguous {s!r}: " + "; ".join(f"{i} ({n})" for i, n in v))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
