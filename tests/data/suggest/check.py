#!/usr/bin/env python3
"""Checks the hand-annotated attribution test articles in this folder.

Usage: python3 tests/data/suggest/check.py [--list] [FILE.stance.json ...]

With no files, checks every `*.stance.json` under `dev/` and `heldout/`. For each file:
- the JSON is a `stancemark/1` file by annotator "gold" on schema `news-stance`, status "done";
- `NAME.txt` beside it is byte for byte the document text (CRLF kept), and the document id is NAME;
- every span (claim, each claim fragment, source span, cue, target span) is non-empty, inside the
  text, and `text[start:end]` (code points, half-open) equals its stored `text`; a stored
  `prefix`/`suffix` is the 32 code points before/after the span;
- a claim of several fragments has at least two, in text order, not overlapping or touching;
- frame and entity ids are unique; `via` names an existing other frame and no chain loops;
- every entity a frame names exists and has a kind of the schema; every stance and attribute value
  is one of the schema's; a source or target has a span or an entity, and a source span has an
  entity;
- frames are in the order the native writer keeps (claim extent start, end, then id);
- conventions that can be checked mechanically: no span starts or ends with white space, a claim
  does not end with a period or a comma, a claim begins or ends with a quotation mark only when
  it also holds the matching mark, a cue or source does not end with punctuation.
Exit status 0 when every file is clean, 1 otherwise. `--list` prints each frame for proofreading.
"""

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SCHEMA = ROOT / "assets" / "schemas" / "news-stance.json"
CONTEXT = 32
OPENING = {"\"": "\"", "\u201c": "\u201d", "\u2018": "\u2019", "'": "'"}
CLOSING = {v: k for k, v in OPENING.items()}


def natural(frame_id):
    digits = len(frame_id) - len(frame_id.rstrip("0123456789"))
    head, num = frame_id[: len(frame_id) - digits], frame_id[len(frame_id) - digits :]
    return (head, int(num) if num else -1, frame_id)


def fragments(claim):
    return claim["fragments"] if "fragments" in claim else [claim]


class Checker:
    def __init__(self, schema):
        self.stances = {s["id"] for s in schema["stances"]}
        self.kinds = {k["id"] for k in schema["entity_kinds"]}
        self.attributes = {a["id"]: set(a["values"]) for a in schema["attributes"]}
        self.problems = []

    def problem(self, path, where, message):
        self.problems.append(f"{path}: {where}: {message}")

    def span(self, path, where, text, q):
        if not isinstance(q, dict) or not {"start", "end", "text"} <= q.keys():
            self.problem(path, where, f"not a span object: {q!r}")
            return False
        s, e, t = q["start"], q["end"], q["text"]
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
            self.problem(path, where, f"bad range [{s}, {e}) in a text of {len(text)} code points")
            return False
        if text[s:e] != t:
            self.problem(path, where, f"[{s}, {e}) stores {t!r} but the text has {text[s:e]!r}")
            return False
        if "prefix" in q and q["prefix"] != text[max(0, s - CONTEXT) : s]:
            self.problem(path, where, "prefix is not the 32 code points before the span")
        if "suffix" in q and q["suffix"] != text[e : e + CONTEXT]:
            self.problem(path, where, "suffix is not the 32 code points after the span")
        if t != t.strip():
            self.problem(path, where, f"{t!r} starts or ends with white space")
        return True

    def claim(self, path, where, text, claim):
        if not isinstance(claim, dict):
            self.problem(path, where, "missing claim")
            return None
        if "fragments" in claim:
            frags = claim["fragments"]
            if not isinstance(frags, list) or len(frags) < 2:
                self.problem(path, where, "a fragment list needs two or more fragments")
            if set(claim) != {"fragments"}:
                self.problem(path, where, f"extra keys beside fragments: {sorted(set(claim) - {'fragments'})}")
        ok = all(self.span(path, f"{where} fragment {i + 1}", text, q) for i, q in enumerate(fragments(claim)))
        if not ok:
            return None
        frags = fragments(claim)
        for a, b in zip(frags, frags[1:]):
            if b["start"] <= a["end"]:
                self.problem(path, where, f"fragments [{a['start']}, {a['end']}) and [{b['start']}, {b['end']}) overlap, touch or are out of order")
        last = frags[-1]["text"]
        if last.endswith((".", ",")):
            self.problem(path, where, f"claim ends with punctuation: {last[-12:]!r}")
        whole = " ".join(q["text"] for q in frags)
        first = frags[0]["text"]
        if first[0] in OPENING and OPENING[first[0]] not in whole[1:]:
            self.problem(path, where, f"claim opens with {first[0]!r} but holds no closing mark")
        if last[-1] in CLOSING and CLOSING[last[-1]] not in whole[:-1]:
            self.problem(path, where, f"claim closes with {last[-1]!r} but holds no opening mark")
        return (frags[0]["start"], frags[-1]["end"])

    def file(self, path, listing):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            self.problem(path, "file", f"cannot read: {e}")
            return None
        name = path.name[: -len(".stance.json")]
        if data.get("format") != "stancemark/1":
            self.problem(path, "format", f"expected stancemark/1, found {data.get('format')!r}")
        if data.get("annotator") != "gold":
            self.problem(path, "annotator", f"expected gold, found {data.get('annotator')!r}")
        if data.get("schema") != {"id": "news-stance", "version": "1"}:
            self.problem(path, "schema", f"expected news-stance version 1, found {data.get('schema')!r}")
        if data.get("status") != "done":
            self.problem(path, "status", "expected done")
        doc = data.get("document", {})
        text = doc.get("text", "")
        if doc.get("id") != name:
            self.problem(path, "document id", f"{doc.get('id')!r} is not the file name {name!r}")
        txt = path.with_name(name + ".txt")
        try:
            raw = txt.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            self.problem(path, "article", f"cannot read {txt.name}: {e}")
            raw = None
        if raw is not None and raw != text:
            self.problem(path, "article", f"{txt.name} differs from document.text")

        entities = {}
        for e in data.get("entities", []):
            if e.get("id") in entities:
                self.problem(path, f"entity {e.get('id')}", "duplicate id")
            entities[e.get("id")] = e
            if e.get("kind") not in self.kinds:
                self.problem(path, f"entity {e.get('id')}", f"unknown kind {e.get('kind')!r}")
            if not e.get("name"):
                self.problem(path, f"entity {e.get('id')}", "empty name")

        frames = data.get("frames", [])
        ids = Counter(f.get("id") for f in frames)
        for fid, n in ids.items():
            if n > 1:
                self.problem(path, f"frame {fid}", f"id used {n} times")
        order = []
        used_entities = set()
        for f in frames:
            fid = f.get("id")
            at = f"frame {fid}"
            ext = self.claim(path, f"{at} claim", text, f.get("claim"))
            order.append((ext or (0, 0), natural(fid)))
            if f.get("stance") not in self.stances:
                self.problem(path, f"{at} stance", f"unknown stance {f.get('stance')!r}")
            for role in ("source", "target"):
                p = f.get(role)
                if p is None:
                    continue
                if not p.get("span") and not p.get("entity"):
                    self.problem(path, f"{at} {role}", "has neither a span nor an entity")
                if p.get("span"):
                    if self.span(path, f"{at} {role}", text, p["span"]) and role == "source":
                        if p["span"]["text"][-1] in ".,;:!?\"'\u201c\u201d\u2018\u2019":
                            self.problem(path, f"{at} source", "ends with punctuation")
                if role == "source" and p.get("span") and not p.get("entity"):
                    self.problem(path, f"{at} source", "a named source needs its entity")
                if p.get("entity"):
                    used_entities.add(p["entity"])
                    if p["entity"] not in entities:
                        self.problem(path, f"{at} {role}", f"unknown entity {p['entity']!r}")
            cue = f.get("cue")
            if cue is not None and self.span(path, f"{at} cue", text, cue):
                if cue["text"][-1] in ".,;!?\"'\u201c\u201d\u2018\u2019":
                    self.problem(path, f"{at} cue", "ends with punctuation")
            via = f.get("via")
            if via is not None and (via == fid or via not in ids):
                self.problem(path, f"{at} via", f"names {via!r}, which is not another frame")
            for k, v in (f.get("attributes") or {}).items():
                if v not in self.attributes.get(k, ()):
                    self.problem(path, f"{at} attributes", f"{k}={v!r} is not in the schema")
        for e in entities:
            if e not in used_entities:
                self.problem(path, f"entity {e}", "no frame names it")
        vias = {f.get("id"): f.get("via") for f in frames}
        for start in vias:
            seen, cur = set(), start
            while cur is not None and cur in vias:
                if cur in seen:
                    self.problem(path, f"frame {start} via", "the via chain loops")
                    break
                seen.add(cur)
                cur = vias[cur]
        if order != sorted(order):
            self.problem(path, "frames", "not in writer order (claim extent, then id)")
        if listing:
            self.listing(path, frames, entities)
        return name, len(text.split()), frames

    @staticmethod
    def listing(path, frames, entities):
        print(f"== {path}")
        for f in frames:
            claim = " | ".join(q["text"] for q in fragments(f["claim"]))
            src = f.get("source") or {}
            who = (src.get("span") or {}).get("text", "-")
            ent = entities.get(src.get("entity"), {}).get("name", "-")
            cue = (f.get("cue") or {}).get("text", "-")
            tgt = ((f.get("target") or {}).get("span") or {}).get("text", "-")
            via = f" via {f['via']}" if f.get("via") else ""
            print(f"{f['id']:>4} {f['stance']:<12} [{who} = {ent}] <{cue}> {{{tgt}}}{via}\n       {claim}")


def main(argv):
    listing = "--list" in argv
    files = [Path(a) for a in argv if a != "--list"]
    if not files:
        files = sorted(HERE.glob("dev/*.stance.json")) + sorted(HERE.glob("heldout/*.stance.json"))
    checker = Checker(json.loads(SCHEMA.read_text(encoding="utf-8")))
    total = Counter()
    for path in files:
        result = checker.file(path, listing)
        if result is None:
            continue
        name, words, frames = result
        stances = Counter(f.get("stance") for f in frames)
        nested = sum(1 for f in frames if f.get("via"))
        split = sum(1 for f in frames if "fragments" in f.get("claim", {}))
        total.update(stances)
        print(f"{path.parent.name}/{name}: {words} words, {len(frames)} frames, {nested} nested, "
              f"{split} with fragments; " + ", ".join(f"{k} {v}" for k, v in sorted(stances.items())))
    print("all: " + ", ".join(f"{k} {v}" for k, v in sorted(total.items())))
    for p in checker.problems:
        print(p)
    print(f"{len(checker.problems)} problem(s) in {len(files)} file(s)")
    return 1 if checker.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
