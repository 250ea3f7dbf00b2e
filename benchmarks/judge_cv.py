"""Fast cross-validation of the judge alone (abstention), for trying judge features.

The judge's features change neither the candidates, nor the rankers' scores, nor the answer
chosen: only whether it is withheld. So this computes once, and caches, what the judge reads
besides its own features — for each of 4 five-fold splits (the seeds of
``fit_answer.py --seeds 4``): the outer fold's ranker probabilities of its test questions,
the inner folds' ones of its training questions (real and counterfactual rows), and whether
each cross-validated answer holds a gold phrase (read from ``cross_validate``) — then refits
only the judge and its threshold, exactly as ``qa.train.fit`` does, with the judge features
as they are in the code now. Its figures equal ``fit_answer.py --seeds 4``'s (checked).

    python benchmarks/judge_cv.py            # figures of the judge features in the code
    python benchmarks/judge_cv.py --details  # per question, the first split
    python benchmarks/judge_cv.py --refresh  # recompute the cache (ranker or candidates changed)
    python benchmarks/judge_cv.py --seeds 12 --bags 10 --averaged-models judge  # judge averaging
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
from collections.abc import Sequence

import numpy as np

from benchmarks.fit_answer import CACHE, GOLD, cached_encoder
from santeqa.evaluate import contains, load_gold
from santeqa.qa.judging import QUESTION_FEATURES, question_features
from santeqa.qa.train import (
    Example,
    FitOptions,
    JudgeRows,
    _ablated,
    _folds,
    _judge,
    cross_validate,
    fit_ranker,
    oof_threshold,
)
from santeqa.service.engine import Engine
from santeqa.settings import Settings

SEEDS = (7, 8, 9, 10)  # fit_answer.py --seeds 4
K = 5
INNER = 5


def _probs(ranker, e: Example) -> list[float]:  # type: ignore[no-untyped-def]
    return [float(p) for p in ranker.probabilities([c.features for c in e.candidates])]


def _scores(
    examples: Sequence[Example], options: FitOptions, idx, res, seeds: Sequence[int]
) -> dict:  # type: ignore[no-untyped-def]
    """Per split and fold: test probabilities, inner real / counterfactual probabilities, and
    per split whether each answer holds a gold phrase."""
    out: dict = {"splits": []}
    for seed in seeds:
        judged = cross_validate(idx, res, examples, K, seed=seed, options=options)
        hits = [
            j.choice.answer is not None
            and any(contains(j.choice.answer.text, p) for p in j.gold.phrases)
            for j in judged
        ]
        folds = []
        for test in _folds(len(examples), K, seed=seed):
            held = {int(i) for i in test}
            rest_ids = [i for i in range(len(examples)) if i not in held]
            rest = [examples[i] for i in rest_ids]
            outer = fit_ranker(rest, options)
            test_probs = {int(i): _probs(outer, examples[int(i)]) for i in test}
            real: list[list[float]] = [[] for _ in rest]
            ablated: list[tuple[int, list[float]]] = []
            for inner_test in _folds(len(rest), INNER):
                inner_held = {int(i) for i in inner_test}
                inner = fit_ranker([e for i, e in enumerate(rest) if i not in inner_held], options)
                for i in inner_test:
                    real[int(i)] = _probs(inner, rest[int(i)])
                for i in inner_test:
                    a = _ablated(rest[int(i)], options)
                    if a is not None:
                        ablated.append((int(i), _probs(inner, a)))
            folds.append((sorted(held), rest_ids, test_probs, real, ablated))
        out["splits"].append((hits, folds))
        print("cached split", seed, flush=True)
    return out


def _row(e: Example, probs: Sequence[float]) -> tuple[float, ...]:
    return question_features(e.evidence, e.candidates, probs, e.unknown, e.terms_of)


def evaluate(  # type: ignore[no-untyped-def]
    examples: Sequence[Example], cache: dict, options: FitOptions, details: bool, idx=None
) -> None:
    width = len(QUESTION_FEATURES)
    figures = []
    by_category: dict[str, list[tuple[bool, bool]]] = {}
    first_split: dict[str, list[tuple[bool, bool]]] = {}
    answerable = np.asarray([int(e.gold.answerable) for e in examples])
    for n, (hits, folds) in enumerate(cache["splits"]):
        conf = np.zeros(len(examples))
        withheld = np.zeros(len(examples), dtype=bool)
        for held, rest_ids, test_probs, real, ablated in folds:
            rest = [examples[i] for i in rest_ids]
            abl_rows = [
                _row(a, p) for i, p in ablated if (a := _ablated(rest[i], options)) is not None
            ]
            rows = JudgeRows(
                np.asarray([_row(e, p) for e, p in zip(rest, real, strict=True)]),
                answerable[rest_ids],
                np.asarray(abl_rows, dtype=np.float64).reshape(-1, width),
                np.asarray([i for i, _p in ablated], dtype=int),
            )
            judge = _judge(rows, range(len(rest)), options)
            threshold = oof_threshold(rows, INNER, options)
            for i in held:
                p = float(judge.probabilities([_row(examples[i], test_probs[i])])[0])
                conf[i] = p
                withheld[i] = p < threshold
        ans, oos = answerable == 1, answerable == 0
        hit = np.asarray(hits)
        for i, e in enumerate(examples):
            if e.gold.answerable:
                pair = (bool(hit[i] and not withheld[i]), bool(withheld[i]))
                by_category.setdefault(e.gold.category, []).append(pair)
                if n == 0:
                    first_split.setdefault(e.gold.category, []).append(pair)
        pa, po = conf[ans], conf[oos]
        auc = float(((pa[:, None] > po[None, :]) + 0.5 * (pa[:, None] == po[None, :])).mean())
        cut = np.sort(pa)[int(0.05 * len(pa))]
        figures.append(
            (
                float((hit & ~withheld)[ans].mean()),
                float(withheld[ans].mean()),
                float(withheld[oos].mean()),
                auc,
                float((po < cut).mean()),
                float((hit & withheld)[ans].sum()),
                float(hit[ans].mean()),
            )
        )
        if details and n == 0:
            for i, e in enumerate(examples):
                good = (not withheld[i]) if e.gold.answerable else withheld[i]
                print(
                    f"{'ok' if good else '--'} {e.gold.id} {e.gold.category[:10]:10} "
                    f"conf={conf[i]:.2f} hit={int(hit[i])} | {e.gold.question[:70]}"
                )
                if idx is not None and not good:
                    _show(idx, e, folds, i)
    m = np.asarray(figures).mean(axis=0)
    print(
        f"{len(figures)} splits: answer_hit {m[0]:.3f} false_abstain {m[1]:.3f} "
        f"oos_abstain {m[2]:.3f} | AUC {m[3]:.3f}, oos at 5% {m[4]:.3f}, "
        f"right answers withheld {m[5]:.2f}, top1 {m[6]:.3f}"
    )
    for name, table in (("all splits", by_category), ("first split", first_split)):
        print(
            f"  answer_hit / false_abstain by category, {name}: "
            + ", ".join(
                f"{c} {np.mean([a for a, _w in v]):.3f}/{np.mean([w for _a, w in v]):.3f}"
                for c, v in sorted(table.items())
            )
        )
    spread = np.asarray(figures).std(axis=0)
    print(
        f"  std across splits: answer_hit {spread[0]:.4f}, false_abstain {spread[1]:.4f}, "
        f"oos_abstain {spread[2]:.4f}; per split answer_hit:",
        " ".join(f"{f[0]:.3f}" for f in figures),
    )
    print(
        "  per split oos_abstain:",
        " ".join(f"{f[2]:.3f}" for f in figures),
        "false_abstain:",
        " ".join(f"{f[1]:.3f}" for f in figures),
    )


def _show(idx, e: Example, folds, i: int) -> None:  # type: ignore[no-untyped-def]
    """The best candidate (outer ranker) and the judge's features, for a wrong abstention."""
    probs = next(f[2][i] for f in folds if i in f[2])
    best = max(range(len(probs)), key=lambda k: probs[k])
    c = e.candidates[best]
    chunk = idx.chunks[c.row]
    s = chunk.sentences[c.sentence]
    print(f"     r{c.rank}s{c.sentence} {chunk.text[s.start : s.end][:200]!r}")
    row = _row(e, probs)
    print(
        "     " + " ".join(f"{n}={v:.2f}" for n, v in zip(QUESTION_FEATURES, row, strict=True) if v)
    )


def _select(only: str | None, drop: str) -> None:
    """Try another set of judge features without editing the code (``--only previous``: the
    judge as it was before ``qa.judging``)."""
    from santeqa.qa import judging

    if only == "previous":
        only, drop = "top_missing_weight,best_missing", ",".join(judging.JUDGE_FEATURES)
        judging.judge_features = _with_previous(judging.judge_features)

    extra = judging.JUDGE_FEATURES if only is None else tuple(n for n in only.split(",") if n)
    base = [n for n in judging.QUESTION_FEATURES if n not in judging.JUDGE_FEATURES]
    chosen = tuple(n for n in base if n not in drop.split(",")) + extra
    judging.QUESTION_FEATURES = chosen
    globals()["QUESTION_FEATURES"] = chosen
    import santeqa.qa.train as train

    train.QUESTION_FEATURES = chosen  # type: ignore[misc]


def _with_previous(read):  # type: ignore[no-untyped-def]
    """``judge_features`` plus the two features ``qa.judging`` replaced, as they were read."""
    from santeqa.qa.features import CANDIDATE_FEATURES, RAREST

    def both(ev, cands, order, terms_of):  # type: ignore[no-untyped-def]
        window, _passage = terms_of(cands[order[0]])
        missing = [w for t, w in ev.weights.items() if t not in window]
        top = cands[order[0]].features
        return {
            **read(ev, cands, order, terms_of),
            "top_missing_weight": max(missing, default=0.0) / RAREST,
            "best_missing": top[CANDIDATE_FEATURES.index("missing")],
        }

    return both


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--details", action="store_true")
    ap.add_argument("--refresh", action="store_true")
    defaults = FitOptions()
    for name in ("judge_c", "bags", "c_spread", "averaged_models", "threshold_splits"):
        value = getattr(defaults, name)
        ap.add_argument("--" + name.replace("_", "-"), type=type(value), default=value)
    ap.add_argument("--seeds", type=int, default=len(SEEDS), help="splits (from seed 7)")
    ap.add_argument("--only", default=None, help="judge features of qa.judging.TRIED to use")
    ap.add_argument("--drop", default="", help="base judge features left out")
    args = ap.parse_args()
    if args.only is not None or args.drop:
        _select(args.only, args.drop)
    # only the judge's options: the cached ranker scores are those of the default rankers
    options = FitOptions(
        judge_c=args.judge_c,
        bags=args.bags,
        c_spread=args.c_spread,
        averaged_models=args.averaged_models,
        threshold_splits=args.threshold_splits,
    )
    engine = Engine(Settings())
    idx = engine.live.current().index
    res = engine.resources(idx)
    golds = [g for f in ("dev.jsonl", "train.jsonl") for g in load_gold(GOLD / f)]

    encode = cached_encoder(engine)
    examples = engine.training_examples(golds, options.augment_variants, encode)
    # the cache holds ranker scores: keyed by the candidate features, so a change to them
    # (another branch's) is not read with stale scores
    key = hashlib.sha256(
        pickle.dumps([[c.features for c in e.candidates] for e in examples])
    ).hexdigest()[:16]
    seeds = tuple(range(7, 7 + args.seeds))
    path = CACHE / f"judge_{key}.pkl" if seeds == SEEDS else CACHE / f"judge_{key}_{args.seeds}.pkl"
    if args.refresh or not path.exists():
        CACHE.mkdir(exist_ok=True)
        path.write_bytes(pickle.dumps(_scores(examples, FitOptions(), idx, res, seeds)))
    evaluate(examples, pickle.loads(path.read_bytes()), options, args.details, idx)


if __name__ == "__main__":
    main()
