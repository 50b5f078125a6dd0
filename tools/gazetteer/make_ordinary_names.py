#!/usr/bin/env python3
"""Known organisation names that are also ordinary English words.

Writes src/extract/data/organisation/ordinary_names.txt: the one-word
aliases of src/extract/data/orgs.txt and companies.txt (Title case, e.g.
"Sharp", "Next", "Times") whose lower-case form occurs at least MIN times in
the article bodies of Reuters-21578 (a corpus the organisation facet is not
scored on by name). Such a name opening a sentence before a lower-case word
is read as the ordinary word ("Sharp increases in farm output") unless the
article says it is an organisation (organisation/filters.rs).

    python3 tools/gazetteer/make_ordinary_names.py REUTERS21578_DIR \
        > src/extract/data/organisation/ordinary_names.txt
"""
import collections
import glob
import os
import re
import sys

MIN = 20
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "src", "extract", "data")


def aliases():
    lines = open(os.path.join(DATA, "orgs.txt"), encoding="utf-8").read().splitlines()
    lines += ["[gazetteer]"]
    lines += open(os.path.join(DATA, "companies.txt"), encoding="utf-8").read().splitlines()
    section = ""
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line
            continue
        if ":" not in line or section == "[period]":
            continue
        key, values = line.split(":", 1)
        for a in [key] + values.split("|"):
            a = a.strip()
            if len(a) > 1 and " " not in a and a[0].isupper() and a[1:].islower():
                yield a


def main():
    counts = collections.Counter()
    for path in glob.glob(os.path.join(sys.argv[1], "reut2-*.sgm")):
        text = open(path, encoding="latin-1").read()
        for body in re.findall(r"<BODY>(.*?)</BODY>", text, re.S):
            counts.update(re.findall(r"\b[a-z][a-z-]+\b", body))
    names = sorted({a for a in aliases() if counts[a.lower()] >= MIN})
    print("# Known organisation names that are also ordinary English words: one-word")
    print("# aliases of data/orgs.txt and data/companies.txt whose lower-case form")
    print(f"# occurs at least {MIN} times in the bodies of Reuters-21578.")
    print("# Generated: python3 tools/gazetteer/make_ordinary_names.py REUTERS21578_DIR")
    print("# Do not edit by hand.")
    for n in names:
        print(n)


if __name__ == "__main__":
    main()
