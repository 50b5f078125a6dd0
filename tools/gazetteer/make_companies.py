"""Listed-company names for the organisation extractor's known-name table.

Writes src/extract/data/companies.txt (the `Canonical: alias | alias` lines
of src/extract/data/orgs.txt) from the constituents of the stock indices
that the `pytickersymbols` package ships (MIT licence; pinned by version
and hash in requirements.txt): AEX, BEL 20, CAC 40, DAX, Dow Jones, Euro
Stoxx 50, FTSE 100, IBEX 35, Nasdaq 100, Nikkei 225, OMX, S&P 100/500/600,
SMI and others.

Each company name is cleaned: a leading "The", a bracketed note, commas and
trailing dots go, and legal forms (Inc, Corporation, plc, AG, SE, N.V., ...)
are cut off ("Ford Motor Company" -> "Ford Motor"). The canonical name is
the cleaned name; the aliases are the cleaned name, the name with its legal
form ("Ford Motor Company") and the name without a trailing Group/Holdings
("ING"), and each of these without an apostrophe ("McDonalds"). An alias
is dropped when it is:
- shorter than three characters, or starts with a non-letter;
- an ordinary word: a single word whose lower-case form is at least a fifth
  as frequent as its capitalised form in the Reuters-21578 wire text (Next,
  Target, Orange, Sage), or one of a few everyday words listed below;
- a place or a country: a cue of src/extract/data/places.txt or a country
  named by the package (Shell stays: the places list does not have it);
- a name the hand-written table (orgs.txt) already has, which wins.

Usage (from the repository root; the Reuters corpus folder holds the
reut2-*.sgm files):
    python3 -m venv /tmp/gaz && /tmp/gaz/bin/pip install --require-hashes -r tools/gazetteer/requirements.txt
    /tmp/gaz/bin/python tools/gazetteer/make_companies.py /path/to/reuters21578 > src/extract/data/companies.txt
"""

import glob
import os
import re
import sys
from collections import Counter

from importlib.metadata import version

from pytickersymbols.indices_data import INDICES

LEGAL = {
    "inc", "incorporated", "corporation", "corp", "company", "co", "plc",
    "ag", "se", "sa", "s.a", "nv", "n.v", "ltd", "limited", "llc", "lp",
    "l.p", "asa", "ab", "oyj", "oy", "gmbh", "spa", "s.p.a", "kgaa",
    "& co. kgaa", "co. kgaa", "holdings inc", "bhd", "berhad", "pty",
    "sca", "s.c.a", "se & co. kgaa", "a/s", "as", "aps", "tbk", "k.k", "kk",
}
TAILS = ("Group", "Holdings", "Holding")
# Everyday words the Reuters counts miss (rare in 1987 wire text).
ORDINARY = {
    "Alphabet", "Amazon", "Apple", "Block", "Booking", "Carnival", "Chemours",
    "Corning", "Equity", "Generali", "Genius", "Global", "Invitation", "Match",
    "Meta", "Monster", "Oracle", "Progressive", "Quest", "Sage", "Salesforce", "Snap",
    "Square", "Target", "Unity", "Universal", "Visa", "Waste", "Workday", "Zoom",
}


def clean(name):
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    name = re.sub(r"^The\s+", "", name)
    name = name.replace(",", " ").replace("’", "'")
    name = re.sub(r"\s+", " ", name).strip().rstrip(".")
    return name


def strip_legal(name):
    words = name.split(" ")
    while len(words) > 1:
        for k in (3, 2, 1):
            tail = " ".join(words[-k:]).lower().rstrip(".")
            if len(words) > k and tail in LEGAL:
                words = words[:-k]
                break
        else:
            break
    return " ".join(words)


def reuters_case_counts(folder):
    """Lower-case and capitalised counts of every word in the wire text."""
    counts = Counter()
    for path in sorted(glob.glob(os.path.join(folder, "reut2-*.sgm"))):
        with open(path, encoding="latin-1") as f:
            text = re.sub(r"<[^>]+>", " ", f.read())
        counts.update(re.findall(r"[A-Za-z][A-Za-z'-]*", text))
    return counts


def table_names(path):
    """Every name and alias of a `Canonical: alias | alias` file."""
    names = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line[0] in "#[" or ":" not in line:
                continue
            canonical, aliases = line.split(":", 1)
            names.add(canonical.strip())
            names.update(a.strip() for a in aliases.split("|") if a.strip())
    return names


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_companies.py REUTERS21578_DIR > companies.txt")
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    data = os.path.join(root, "src", "extract", "data")
    counts = reuters_case_counts(sys.argv[1])
    known = table_names(os.path.join(data, "orgs.txt"))
    places = table_names(os.path.join(data, "places.txt"))
    companies = {}
    for index in INDICES.values():
        for c in index["companies"]:
            companies.setdefault(c["name"], c.get("country") or "")
    places.update(country for country in companies.values() if country)

    def ordinary(alias):
        if " " in alias or alias in ORDINARY:
            return alias in ORDINARY
        lower = counts[alias.lower()]
        capital = counts[alias[0].upper() + alias[1:]] if alias[1:].islower() else counts[alias]
        return lower * 5 >= max(capital, 1) and lower > 0

    def usable(alias):
        return (
            len(alias) >= 3
            and alias[0].isalpha()
            and alias not in places
            and alias not in known
            and not ordinary(alias)
        )

    taken = set()
    lines = []
    for name in sorted(companies, key=str.lower):
        full = clean(name)
        canonical = strip_legal(full)
        aliases = [canonical, full]
        words = canonical.split(" ")
        if len(words) > 1 and words[-1] in TAILS:
            aliases.append(" ".join(words[:-1]))
        # Written without the apostrophe too: "McDonalds".
        aliases += [a.replace("'", "") for a in aliases if "'" in a]
        kept = []
        for a in aliases:
            if a not in kept and a not in taken and usable(a):
                kept.append(a)
                taken.add(a)
        if not kept or canonical in known:
            continue
        lines.append(f"{canonical}: {' | '.join(kept)}")
    print(f"# Listed companies: the constituents of the stock indices of pytickersymbols {version('pytickersymbols')}")
    print("# (PyPI, MIT licence, https://github.com/portfolioplus/pytickersymbols),")
    print("# cleaned and filtered by tools/gazetteer/make_companies.py (see its doc:")
    print("# legal forms cut, ordinary words, places and names of orgs.txt dropped).")
    print("# Generated: python3 tools/gazetteer/make_companies.py REUTERS21578_DIR > src/extract/data/companies.txt")
    print("# Format of orgs.txt: `Canonical name: alias | alias`. Do not edit by hand.")
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
