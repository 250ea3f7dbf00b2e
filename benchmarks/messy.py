"""Robustness to hurried typing (issue 11): the answerable gold questions, typed in a hurry.

Every answerable question of the gold files that is neither ``messy`` nor ``english`` is
rewritten by the seeded, general perturbations of ``santeqa.qa.perturb`` (accents,
apostrophes, typo, keywords, shorthand — questions without « nombre » or « combien » are
left out of this row — and hurried, all at once).

The drop is what matters: each row compares the same questions typed properly and typed in
a hurry. ``--committed`` answers with the committed model (fitted on these very questions,
so its figures are optimistic); by default each question is answered by a model fitted on
the other folds' original questions (5-fold by question, as ``santeqa eval --cv``).

    python benchmarks/messy.py [--variants 2] [--committed [--model FILE]] [--show typo]
    python benchmarks/messy.py --seeds 4 --augment 0:1 1:1 2:0.5  # settings compared
"""

from __future__ import annotations

import argparse
import pickle
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from santeqa.evaluate import Gold, contains, load_gold
from santeqa.index import LoadedIndex
from santeqa.qa.answer import AnswerResources
from santeqa.qa.model import AnswerModel, load_model
from santeqa.qa.passage_fit import Reordering
from santeqa.qa.perturb import KINDS, no_accents
from santeqa.qa.question import looks_english
from santeqa.qa.rerank import choose_reordered
from santeqa.qa.train import Example, FitOptions, _folds, fit
from santeqa.service.engine import Engine
from santeqa.settings import Settings

GOLD = Path("/work/shared/eval")
CACHE = Path("/tmp/messy_bench_vectors.pkl")


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
    english = looks_english(e.gold.question)
    choice = choose_reordered(idx, res, model, e.evidence, e.fused, english)[0]
    abstained = choice.confidence < model.threshold
    text = choice.answer.text if choice.answer is not None else ""
    hit = not abstained and any(contains(text, p) for p in e.gold.phrases)
    hit5 = any(contains(idx.chunks[c.row].text, p) for c in e.fused[:5] for p in e.gold.phrases)
    return Outcome(hit, hit5, abstained)


def _row(name: str, pairs: Sequence[tuple[Outcome, Outcome]], questions: int, splits: int) -> str:
    def rate(i: int, attr: str) -> float:
        return float(np.mean([getattr(p[i], attr) for p in pairs]))

    cells = " | ".join(f"{rate(0, a):.3f} → {rate(1, a):.3f}" for a in ("hit", "hit5", "abstained"))
    return f"| {name} | {questions} | {len(pairs) // splits} | {cells} |"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--variants", type=int, default=2, help="seeds per perturbation kind")
    ap.add_argument("--committed", action="store_true", help="the committed model, not CV")
    ap.add_argument("--model", type=Path, help="with --committed: this model file instead")
    ap.add_argument("--cv", type=int, default=5)
    ap.add_argument("--show", nargs="*", default=[], help="print the misses of these kinds")
    ap.add_argument("--seeds", type=int, default=1, help="average over this many CV splits")
    defaults = FitOptions()
    ap.add_argument(
        "--augment",
        nargs="*",
        default=[f"{defaults.augment_variants}:{defaults.augment_weight}"],
        help="fitting settings to compare, each K:W (FitOptions.augment_variants, _weight)",
    )
    ap.add_argument(
        "--passage-ranker-c",
        type=float,
        default=defaults.passage_ranker_c,
        help="FitOptions.passage_ranker_c (0: no passage ranker)",
    )
    args = ap.parse_args()
    settings_tried = [
        replace(
            defaults,
            augment_variants=int(k),
            augment_weight=float(w),
            passage_ranker_c=args.passage_ranker_c,
        )
        for k, w in (a.split(":") for a in args.augment)
    ]
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

    def examples(gs: Sequence[Gold], variants: int = 0) -> list[Example]:
        return engine.training_examples(gs, variants, encode)

    # the originals carry their own training variants (other seeds than the measured ones);
    # a held-out question's are never fitted on: they stay with it in its fold
    most = max(o.augment_variants for o in settings_tried)
    originals = examples(golds, most)
    rewritten = examples([v.gold for v in perturbed])
    for options in settings_tried:
        print(f"\naugment_variants {options.augment_variants}, weight {options.augment_weight}")
        _table(idx, res, engine, args, options, originals, tested, perturbed, rewritten)


def _table(idx, res, engine, args, options, originals, tested, perturbed, rewritten) -> None:  # type: ignore[no-untyped-def]
    """The robustness rows for one fitting setting, pooled over ``args.seeds`` CV splits."""
    by_id = {e.gold.id: e for e in originals}
    splits: list[dict[str, AnswerModel]] = []
    if args.committed:
        fixed = load_model(args.model) if args.model else engine.answer_model
        splits = [{e.gold.id: fixed for e in originals}]
    reorder = Reordering(idx, res)
    for seed in range(0 if args.committed else args.seeds):
        models: dict[str, AnswerModel] = {}
        for test in _folds(len(originals), args.cv, seed=7 + seed):
            held = {originals[int(i)].gold.id for i in test}
            rest = [e for e in originals if e.gold.id not in held]
            model = fit(rest, sha256="cv", names=(), options=options, reorder=reorder)
            models.update((ident, model) for ident in held)
        splits.append(models)
    base = [{g.id: outcome(idx, res, m[g.id], by_id[g.id]) for g in tested} for m in splits]
    print("| perturbation | questions | variants | answer_hit | hit@5 | false_abstain |")
    print("| --- | ---: | ---: | --- | --- | --- |")
    for kind in KINDS:
        pairs = []
        ids = set()
        for v, e in zip(perturbed, rewritten, strict=True):
            if v.kind != kind:
                continue
            for models, before in zip(splits, base, strict=True):
                after = outcome(idx, res, models[v.gold.id], e)
                pairs.append((before[v.gold.id], after))
                if kind in args.show and before[v.gold.id].hit and not after.hit:
                    print(f"  miss {v.gold.id} [{v.gold.question}] -> {e.evidence.asked.kind}")
            ids.add(v.gold.id)
        print(_row(kind, pairs, len(ids), len(splits)))


if __name__ == "__main__":
    main()
