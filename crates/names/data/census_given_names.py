#!/usr/bin/env python3
"""Writes census-given-names.txt from the US Census 1990 first-name files.

    pip download --no-deps -d /tmp/names names==0.3.0
    tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    python3 census_given_names.py /tmp/names/names-0.3.0/names > census-given-names.txt

The files dist.female.first and dist.male.first list the first names of the 1990 census
sample, one a line with its frequency; they are public domain (US Government work), and
the `names` package (MIT) ships them unchanged. Names that are common English words
(`../../core/data/english-words.txt`: `grace`, `mark`, `will`) are left out: the rules
would read them as names at the start of a sentence.
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
src = sys.argv[1]
with open(os.path.join(here, "../../core/data/english-words.txt")) as f:
    english = set(f.read().split())
names = set()
for part in ("dist.female.first", "dist.male.first"):
    with open(os.path.join(src, part)) as f:
        for line in f:
            word = line.split()[0].lower()
            if word.isalpha() and word.isascii() and len(word) > 1 and word not in english:
                names.add(word)
print("# Given names of the US Census 1990 (public domain), lower case, without common English")
print("# words; written by census_given_names.py (see README.md).")
words = sorted(names)
for i in range(0, len(words), 12):
    print(" ".join(words[i : i + 12]))
