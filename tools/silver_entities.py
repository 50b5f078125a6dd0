#!/usr/bin/env python3
"""Silver organisation and person spans for training the Rust tagger
(development time only): the tagger learns ORG and PER together, so a name
is one or the other.

    python3 -m venv /work/scratch/venv
    /work/scratch/venv/bin/pip install --require-hashes -r tools/requirements.txt
    /work/scratch/venv/bin/python tools/silver_entities.py /work/shared/corpora /work/scratch/silver/spans.tsv [--max-reuters N]

The teacher, the articles read (BBC 001-320 of every category never; the
development set of eval/bbc-dev never), the cache of the teacher's raw
entities (`OUT.raw`, which holds PERSON spans too) and the output format are
those of `silver_orgs.py`, whose functions this reuses; the `label` column
is `ORG` or `PER`.

Labels follow /work/shared/LABELLING.md:
- ORG as in `silver_orgs.py` (events, indices, products and table words
  dropped; party nicknames from NORP; clubs and bodies the teacher calls
  PERSON or GPE relabelled ORG).
- PERSON -> PER, the name as written without a leading honorific or role
  (Mr, Mrs, Dr, Sir, President, Prime Minister, coach, ...: the teacher
  sometimes keeps them), without a possessive; a peer's or pope's title
  stays (Lord Falconer, Pope John Paul II). Not people: spans with no
  capitalised word, digits, ALL-CAPS table words (Reuters), companies
  named after people (a short list: the teacher calls them PERSON in
  places), derived adjectives (Blairite), families as such ("the
  Glazers"), the words of `silver_orgs.STOP` and Reuters table words
  ("Avg", "Revs", "Dlrs"), and any text the teacher labels ORG at least
  as often as PERSON across the corpus (Yukos, Petrobras).
"""
import argparse
import os
import re
import sys

import silver_orgs as so

# Honorifics and roles written before a name; never part of it
# (lower-cased, may be several words).
ROLES = [
    "prime minister", "deputy prime minister", "foreign minister", "president",
    "vice president", "vice-president", "chancellor", "secretary", "minister",
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame",
    "professor", "prof", "coach", "manager", "chairman", "chief executive",
    "senator", "sen.", "rep.", "governor", "gov.", "general", "gen.", "judge",
    "justice", "king", "queen", "prince", "princess", "st", "saint", "captain",
    "skipper", "striker", "midfielder", "defender", "keeper", "goalkeeper",
    "boss", "director", "chief", "ambassador", "commissioner", "inspector",
    "detective", "sergeant", "officer", "rev", "reverend", "father", "ayatollah",
    "sheikh", "premier", "chairwoman", "spokesman", "spokeswoman", "analyst",
    "economist", "lawyer", "actor", "actress", "singer", "star", "champion",
]
# Titles a peer or pope is known by: they stay in the name.
KEEP_TITLES = {"lord", "lady", "baroness", "baron", "pope", "earl", "viscount"}
# Companies and bodies named after people that the teacher sometimes
# calls PERSON (lower-cased): neither PER nor (here) ORG.
NAMED_FIRMS = {
    "morgan stanley", "merrill lynch", "goldman sachs", "ford", "mcdonald",
    "mcdonald's", "dell", "hewlett-packard", "disney", "walt disney",
    "warner", "warner bros", "sainsbury", "sainsbury's", "marks & spencer",
    "john lewis", "boots", "dixons", "cadbury", "nobel", "nobel prize",
    "ferrari", "porsche", "renault", "peugeot", "citroen", "honda", "toyota",
    "mercedes", "mercedes-benz", "chrysler", "daimler", "siemens", "philips",
    "lloyd's", "lloyds", "barclays", "rothschild", "dow jones", "reuters",
    "bloomberg", "gucci", "prada", "armani", "chanel", "dior",
    # Firms the teacher calls PERSON more often than ORG in this corpus.
    "yukos", "petrobras", "cyacq", "fairchild", "dart",
}
WORD = re.compile(r"\S+")


def strip_roles(words):
    """Drop leading honorifics and roles (longest first), keeping peers'
    and popes' titles."""
    changed = True
    while changed and words:
        changed = False
        if words[0].lower() in KEEP_TITLES:
            break
        for role in sorted(ROLES, key=lambda r: -len(r.split())):
            rw = role.split()
            if len(words) > len(rw) and [w.lower() for w in words[: len(rw)]] == rw:
                words = words[len(rw):]
                changed = True
                break
    return words


TABLE_WORDS = {"avg", "revs", "rev", "shr", "shrs", "dlrs", "mln", "cts", "net",
               "qtr", "qtly", "div", "oper", "pct", "loss", "profit", "vs"}


def clean_person(span):
    """The person's name as written under the guidelines, or None."""
    if span.lower() in so.STOP or any(w.lower().strip(".") in TABLE_WORDS for w in span.split(" ")):
        return None
    words = span.split(" ")
    if words and words[0].lower() == "the":
        # "the Glazers": a family as such.
        return None
    words = strip_roles(words)
    if words and words[-1] in ("'s", "’s", "'"):
        words = words[:-1]
    text = " ".join(words)
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    text = text.strip(" .,;:-\"'()")
    low = text.lower()
    if not text or low in NAMED_FIRMS or low in so.SPORT_PERSONS_OK:
        return None
    if any(c.isdigit() for c in text) or not text[0].isupper():
        return None
    ws = text.split(" ")
    # Reuters tables and headlines in capitals; lower-case words other
    # than name particles ("van", "de").
    if all(w.isupper() and len(w) > 1 for w in ws if w.isalpha()):
        return None
    if any(w[:1].islower() and w not in so.CONNECTORS and w not in ("bin", "al", "el", "da", "dos", "ter")
           for w in ws[1:]):
        return None
    # Adjectives derived from names.
    if len(ws) == 1 and re.search(r"(ite|ites|ism|ist|ists|ian)$", text):
        return None
    if len(ws) > 5:
        return None
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpora")
    ap.add_argument("out")
    ap.add_argument("--max-reuters", type=int, default=0, help="0: all")
    a = ap.parse_args()
    raw = a.out + ".raw"
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    if not os.path.exists(raw):
        so.teacher(a, raw)
    counts = {"ORG": 0, "PER": 0}
    # The teacher's votes per entity text: a text it calls ORG at least as
    # often as PERSON is no person.
    votes = {}
    with open(raw, encoding="utf-8") as inp:
        for line in inp:
            f = line.rstrip("\n").split("\t")
            if f[4] in ("ORG", "PERSON"):
                v = votes.setdefault(f[5], [0, 0])
                v[f[4] == "PERSON"] += 1
    dev = so.dev_set()  # also when the cache predates the set: never train on it
    with open(raw, encoding="utf-8") as inp, open(a.out, "w", encoding="utf-8") as out:
        for line in inp:
            path, pos, field, k, label, text = line.rstrip("\n").split("\t")
            if "/".join(path.split(os.sep)[-2:]) in dev and os.sep + "bbc" + os.sep in path:
                continue
            if label == "PERSON" and text.lower() not in so.SPORT_PERSONS_OK:
                org, per = votes.get(text, [0, 0])
                span, label = (clean_person(text) if per > org else None), "PER"
            else:
                c = so.clean(text, label)
                span, label = c if c else (None, None)
            if not span:
                continue
            # Where the cleaned span starts in the entity (characters), so
            # the trainer finds it the same way.
            at = text.find(span)
            if at < 0:
                continue
            out.write(f"{path}\t{pos}\t{field}\t{k}\t{label}\t{text}\t{at}\t{len(span)}\n")
            counts[label] += 1
    print(f"{counts['ORG']} ORG and {counts['PER']} PER silver spans -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
