"""Robustness to hurried typing (issue 11): the answerable gold questions, typed in a hurry.

Every answerable question of the gold files that is neither ``messy`` nor ``english`` is
rewritten by seeded, general perturbations (no rule knows a question):

- ``accents``: lower-case, accents stripped;
- ``apostrophes``: and apostrophes and hyphens dropped (« lia ») or spaced (« l ia »);
- ``typo``: and one typo (deletion, transposition, doubled letter or a neighbouring AZERTY
  key) in about one word of four of five letters or more (at least one);
- ``keywords``: and the stop words and question words dropped (« nombre pharmacies 2023 »);
- ``shorthand``: « nombre » → « nb », « combien » → « cb » / « cbn » (questions without
  either are left out of this row);
- ``hurried``: all of them at once, the question word dropped in one variant of two.

The drop is what matters: each row compares the same questions typed properly and typed in
a hurry. ``--committed`` answers with the committed model (fitted on these very questions,
so its figures are optimistic); by default each question is answered by a model fitted on
the other folds' original questions (5-fold by question, as ``santeqa eval --cv``).

    python benchmarks/messy.py [--variants 2] [--committed [--model FILE]] [--show typo]
"""

from __future__ import annotations

import argparse
import pickle
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from santeqa.evaluate import Gold, contains, load_gold
from santeqa.index import LoadedIndex
from santeqa.qa.answer import AnswerResources, choose
from santeqa.qa.model import AnswerModel, load_model
from santeqa.qa.train import Example, _folds, collect, fit
from santeqa.service.engine import Engine
from santeqa.settings import Settings
from santeqa.text import fold

GOLD = Path("/work/shared/eval")
CACHE = Path("/tmp/messy_bench_vectors.pkl")

QUESTION_WORDS = frozenset(
    (
        "combien quel quelle quels quelles lequel laquelle lesquels lesquelles qui que quoi "
        "quand comment pourquoi ou est-ce qu'est-ce"
    ).split()
)
STOP_WORDS = frozenset(
    (
        "le la les l de d du des un une et est sont a au aux en dans pour par sur avec ce "
        "cette ces c se s sa son ses leur leurs il elle ils elles on y t ne n pas qu il-t-il "
        "t-il t-elle t-ils t-elles-il-elle ete etre avait ont fait faire peut-on "
        "selon d'apres"
    ).split()
)
AZERTY = ("azertyuiop", "qsdfghjklm", "wxcvbn")


def _neighbours(letter: str) -> str:
    for r, row in enumerate(AZERTY):
        c = row.find(letter)
        if c < 0:
            continue
        near = [row[i] for i in (c - 1, c + 1) if 0 <= i < len(row)]
        near += [AZERTY[rr][c] for rr in (r - 1, r + 1) if 0 <= rr < 3 and c < len(AZERTY[rr])]
        return "".join(near)
    return ""


def typo(word: str, rng: random.Random) -> str:
    """One slip of the finger, never on the first letter."""
    i = rng.randrange(1, len(word))
    kind = rng.choice(("delete", "swap", "double", "near"))
    if kind == "delete":
        return word[:i] + word[i + 1 :]
    if kind == "swap" and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "near" and _neighbours(word[i]):
        return word[:i] + rng.choice(_neighbours(word[i])) + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def no_accents(q: str, rng: random.Random) -> str:
    return re.sub(r"\s*\?\s*$", "", fold(q).replace("’", "'"))


def no_apostrophes(q: str, rng: random.Random) -> str:
    return re.sub(r"['-]", lambda m: rng.choice(("", " ")), no_accents(q, rng))


def with_typo(q: str, rng: random.Random) -> str:
    words = no_accents(q, rng).split(" ")
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return " ".join(words)
    chosen = [i for i in long if rng.random() < 0.25] or [rng.choice(long)]
    for i in chosen:
        words[i] = typo(words[i], rng)
    return " ".join(words)


def keywords(q: str, rng: random.Random, drop_question_word: bool = True) -> str:
    text = re.sub(r"[,;:.!?()«»\"]", " ", no_accents(q, rng))
    out = []
    for w in text.split():
        parts = re.split(r"(?<=\b[a-z])'|(?<=\bqu)'", w)  # l'ia → l, ia
        for p in parts:
            p = p.strip("'-")
            if not p or p in STOP_WORDS or (drop_question_word and p in QUESTION_WORDS):
                continue
            out.append(p)
    return " ".join(out)


def shorthand(q: str, rng: random.Random) -> str:
    text = no_accents(q, rng)
    text = re.sub(r"\bnombre\b", "nb", text)
    return re.sub(r"\bcombien\b", lambda m: rng.choice(("cb", "cbn")), text)


def hurried(q: str, rng: random.Random) -> str:
    text = keywords(q, rng, drop_question_word=rng.random() < 0.5)
    text = shorthand(text, rng)
    text = no_apostrophes(text, rng)
    return with_typo(text, rng)


KINDS: dict[str, Callable[[str, random.Random], str]] = {
    "accents": no_accents,
    "apostrophes": no_apostrophes,
    "typo": with_typo,
    "keywords": keywords,
    "shorthand": shorthand,
    "hurried": hurried,
}


@dataclass(frozen=True)
class Variant:
    kind: str
    seed: int
    gold: Gold  # the question rewritten


def variants(golds: Sequence[Gold], n: int) -> list[Variant]:
    out = []
    for g in golds:
        for kind, perturb in KINDS.items():
            seen = set()
            for seed in range(n):
                rng = random.Random(f"{g.id}:{kind}:{seed}")
                text = perturb(g.question, rng)
                if text in seen or (kind == "shorthand" and text == no_accents(g.question, rng)):
                    continue
                seen.add(text)
                out.append(Variant(kind, seed, replace(g, question=text)))
    return out


@dataclass(frozen=True)
class Outcome:
    hit: bool
    hit5: bool
    abstained: bool


def outcome(idx: LoadedIndex, res: AnswerResources, model: AnswerModel, e: Example) -> Outcome:
    choice = choose(idx, res, model, e.evidence, e.fused)
    abstained = choice.confidence < model.threshold
    text = choice.answer.text if choice.answer is not None else ""
    hit = not abstained and any(contains(text, p) for p in e.gold.phrases)
    hit5 = any(contains(idx.chunks[c.row].text, p) for c in e.fused[:5] for p in e.gold.phrases)
    return Outcome(hit, hit5, abstained)


def _row(name: str, pairs: Sequence[tuple[Outcome, Outcome]], questions: int) -> str:
    def rate(i: int, attr: str) -> float:
        return float(np.mean([getattr(p[i], attr) for p in pairs]))

    cells = " | ".join(f"{rate(0, a):.3f} → {rate(1, a):.3f}" for a in ("hit", "hit5", "abstained"))
    return f"| {name} | {questions} | {len(pairs)} | {cells} |"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--variants", type=int, default=2, help="seeds per perturbation kind")
    ap.add_argument("--committed", action="store_true", help="the committed model, not CV")
    ap.add_argument("--model", type=Path, help="with --committed: this model file instead")
    ap.add_argument("--cv", type=int, default=5)
    ap.add_argument("--show", nargs="*", default=[], help="print the misses of these kinds")
    args = ap.parse_args()
    settings = Settings()
    engine = Engine(settings)
    idx = engine.live.current().index
    res = engine.resources(idx)
    golds = [g for f in ("dev.jsonl", "train.jsonl") for g in load_gold(GOLD / f)]
    tested = [g for g in golds if g.answerable and g.category not in ("messy", "english")]
    perturbed = variants(tested, args.variants)
    known: dict[str, np.ndarray] = pickle.loads(CACHE.read_bytes()) if CACHE.exists() else {}

    def encode(texts: Sequence[str]) -> list[np.ndarray]:
        todo = [t for t in dict.fromkeys(texts) if t not in known]
        if todo:
            known.update(zip(todo, engine.embedder.embed_queries(todo), strict=True))
            CACHE.write_bytes(pickle.dumps(known))
        return [known[t] for t in texts]

    def examples(gs: Sequence[Gold]) -> list[Example]:
        return collect(
            idx,
            res,
            gs,
            encode,
            depth=settings.fusion_depth,
            rrf_k=settings.rrf_k,
            fusion=engine.tunables.fusion,
        )

    originals = examples(golds)
    by_id = {e.gold.id: e for e in originals}
    rewritten = examples([v.gold for v in perturbed])
    models: dict[str, AnswerModel] = {}
    if args.committed:
        fixed = load_model(args.model) if args.model else engine.answer_model
        models = {g.id: fixed for g in golds}
    else:
        for test in _folds(len(originals), args.cv, seed=7):
            held = {originals[int(i)].gold.id for i in test}
            rest = [e for e in originals if e.gold.id not in held]
            model = fit(rest, sha256="cv", names=())
            models.update((ident, model) for ident in held)
    base = {g.id: outcome(idx, res, models[g.id], by_id[g.id]) for g in tested}
    print("| perturbation | questions | variants | answer_hit | hit@5 | false_abstain |")
    print("| --- | ---: | ---: | --- | --- | --- |")
    for kind in KINDS:
        pairs = []
        ids = set()
        for v, e in zip(perturbed, rewritten, strict=True):
            if v.kind != kind:
                continue
            after = outcome(idx, res, models[v.gold.id], e)
            pairs.append((base[v.gold.id], after))
            ids.add(v.gold.id)
            if kind in args.show and base[v.gold.id].hit and not after.hit:
                print(f"  miss {v.gold.id} [{v.gold.question}] -> {e.evidence.asked.kind}")
        print(_row(kind, pairs, len(ids)))


if __name__ == "__main__":
    main()
