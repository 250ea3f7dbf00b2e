"""Experiment harness for the fitted answer step (issue 11).

Retrieves every gold question once (question vectors cached in /tmp), builds candidates and
features, and prints k-fold cross-validated figures by category. ``--dump ID`` prints the
candidates of one question with their features and labels.

    python benchmarks/fit_answer.py [--cv 5] [--dump t034]
"""

from __future__ import annotations

import argparse
import os
import pickle
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from santeqa.evaluate import contains, load_gold
from santeqa.qa.features import CANDIDATE_FEATURES
from santeqa.qa.model import DEFAULT_PATH
from santeqa.qa.passage_fit import Reordering
from santeqa.qa.train import Example, FitOptions, cross_validate, data_sha256, fit
from santeqa.service.engine import Engine
from santeqa.settings import Settings

GOLD = Path("/work/shared/eval")
# SANTEQA_FIT_CACHE: one cache folder per experiment run side by side (the pickle is rewritten)
CACHE = Path(os.environ.get("SANTEQA_FIT_CACHE", "/tmp/qafit_cache"))


def _vectors(engine: Engine, texts: list[str]) -> dict[str, np.ndarray]:
    path = CACHE / "vectors.pkl"
    known: dict[str, np.ndarray] = pickle.loads(path.read_bytes()) if path.exists() else {}
    todo = [t for t in dict.fromkeys(texts) if t not in known]
    if todo:
        for t, v in zip(todo, engine.embedder.embed_queries(todo), strict=True):
            known[t] = v
        CACHE.mkdir(exist_ok=True)
        path.write_bytes(pickle.dumps(known))
    return known


def cached_encoder(engine: Engine) -> Callable[[Sequence[str]], list[np.ndarray]]:
    """``encode`` for ``Engine.training_examples``: question vectors through ``_vectors``'s
    cache, in the order asked."""

    def encode(texts: Sequence[str]) -> list[np.ndarray]:
        known = _vectors(engine, list(texts))
        return [known[t] for t in texts]

    return encode


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cv", type=int, default=5)
    ap.add_argument("--dump", nargs="*", default=[])
    ap.add_argument("--files", nargs="*", default=["dev.jsonl", "train.jsonl"])
    ap.add_argument("--details", action="store_true")
    ap.add_argument("--verbose", type=int, default=0, help="with --details: texts, features")
    ap.add_argument("--seeds", type=int, default=1, help="average the CV over this many splits")
    ap.add_argument("--first-seed", type=int, default=7, help="the first split's seed")
    ap.add_argument("--judge", action="store_true")
    ap.add_argument("--time", action="store_true", help="time the answer step per question")
    ap.add_argument("--write", action="store_true", help="fit on all and write the model file")
    defaults = FitOptions()
    for name, value in vars(defaults).items():
        flag = "--" + name.replace("_", "-")
        ap.add_argument(flag, type=type(value), default=value, help="fitting option (FitOptions)")
    args = ap.parse_args()
    options = FitOptions(**{name: getattr(args, name) for name in vars(defaults)})
    settings = Settings()
    engine = Engine(settings)
    idx = engine.live.current().index
    res = engine.resources(idx)
    golds = [g for f in args.files for g in load_gold(GOLD / f)]

    encode = cached_encoder(engine)
    examples = engine.training_examples(golds, options.augment_variants, encode)
    if args.write:
        paths = [GOLD / f for f in args.files]
        model = fit(
            examples,
            sha256=data_sha256(paths),
            names=[p.name for p in paths],
            options=options,
            reorder=Reordering(idx, res),
        )
        model.save(DEFAULT_PATH)
        print("wrote", DEFAULT_PATH)
        return
    for ident in args.dump:
        _dump(idx, next(e for e in examples if e.gold.id == ident))
    if args.dump:
        return
    if args.time:
        _time_answer_step(engine, idx, res, golds)
        return
    if args.judge:
        judge_table(idx, examples)
        return
    ans = [e for e in examples if e.gold.answerable]
    print(
        f"questions {len(examples)}; answerable with a positive candidate: "
        f"{sum(any(e.labels) for e in ans)}/{len(ans)}"
    )
    if args.seeds > 1:
        _averaged(
            idx,
            res,
            examples,
            args.cv,
            range(args.first_seed, args.first_seed + args.seeds),
            options,
        )
        return
    judged = cross_validate(idx, res, examples, args.cv, options=options)
    _report(idx, judged, examples, args.details)
    if args.details:
        misses(idx, judged, examples, args.verbose)


def _averaged(idx, res, examples, k: int, seeds: range, options: FitOptions) -> None:  # type: ignore[no-untyped-def]
    """Overall figures averaged over several k-fold splits (one split moves by a question or
    two between runs: averaging shows which change is real)."""
    rows = []
    by_category: dict[str, list[bool]] = {}
    lengths: list[int] = []
    for seed in seeds:
        judged = cross_validate(idx, res, examples, k, seed=seed, options=options)
        lengths += _quote_lengths(judged)
        for j in judged:
            if j.gold.answerable:
                by_category.setdefault(j.gold.category, []).append((not j.abstained) and _hit(j))
        ans = [j for j in judged if j.gold.answerable]
        oos = [j for j in judged if not j.gold.answerable]
        rows.append(
            (
                sum((not j.abstained) and _hit(j) for j in ans) / len(ans),
                sum(_hit(j) for j in ans) / len(ans),
                sum(j.abstained for j in ans) / len(ans),
                sum(j.abstained for j in oos) / len(oos),
                *_separation(ans, oos),
            )
        )
        print(f"split {seed}: " + " ".join(f"{v:.3f}" for v in rows[-1]), flush=True)
    table = np.asarray(rows)
    mean, spread = table.mean(axis=0), table.std(axis=0)
    print(
        f"{len(seeds)} splits: answer_hit {mean[0]:.3f} top1 {mean[1]:.3f} "
        f"false_abstain {mean[2]:.3f} oos_abstain {mean[3]:.3f} | judge AUC {mean[4]:.3f}, "
        f"oos_abstain at false_abstain <= 0.05 {mean[5]:.3f}"
    )
    print(_length_summary(lengths))
    # how much one split differs from the next (what averaging the fits should shrink)
    print(
        f"per split (seeds {seeds.start}-{seeds.stop - 1}): "
        + "; ".join(f"{r[0]:.3f}/{r[1]:.3f}/{r[2]:.3f}/{r[3]:.3f}" for r in rows)
        + f" (answer_hit/top1/false_abstain/oos_abstain); std answer_hit {spread[0]:.4f}, "
        f"false_abstain {spread[2]:.4f}, oos_abstain {spread[3]:.4f}"
    )
    print(
        "answer_hit by category: "
        + ", ".join(f"{c} {np.mean(v):.3f}" for c, v in sorted(by_category.items()))
    )


def _quote_lengths(judged) -> list[int]:  # type: ignore[no-untyped-def]
    """Characters of each answerable question's quote (abstention ignored): a change that
    raises answer_hit only by quoting more is not a gain."""
    return [len(j.choice.answer.text) for j in judged if j.gold.answerable and j.choice.answer]


def _length_summary(lengths: list[int]) -> str:
    if not lengths:
        return "quote length: no quotes"
    a = np.asarray(lengths)
    return (
        f"quote length (answerable): median {np.median(a):.0f}, mean {a.mean():.0f}, "
        f"p90 {np.percentile(a, 90):.0f}, max {a.max()} chars"
    )


def _separation(ans, oos) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """How well the judge's confidence separates answerable from out-of-scope questions,
    whatever the fitted threshold: ROC AUC, and the share of out-of-scope questions withheld
    at the threshold that withholds at most 5 % of the answerable ones of the same split."""
    pa = np.asarray([j.choice.confidence for j in ans])
    po = np.asarray([j.choice.confidence for j in oos])
    auc = float(((pa[:, None] > po[None, :]) + 0.5 * (pa[:, None] == po[None, :])).mean())
    cut = np.sort(pa)[int(0.05 * len(pa))]
    return auc, float((po < cut).mean())


def _dump(idx, e: Example) -> None:  # type: ignore[no-untyped-def]
    print(e.gold.id, e.gold.question, "|", e.evidence.asked)
    print(
        "  gold:",
        e.gold.phrases,
        "weights:",
        {k: round(v, 2) for k, v in e.evidence.weights.items()},
    )
    for c, y in zip(e.candidates, e.labels, strict=True):
        chunk = idx.chunks[c.row]
        s = chunk.sentences[c.sentence]
        f = dict(zip(CANDIDATE_FEATURES, c.features, strict=True))
        keep = {
            k: round(v, 2)
            for k, v in f.items()
            if v
            and k
            in (
                "sim",
                "cov",
                "cov_passage",
                "missing",
                "type_match",
                "type_miss",
                "counted_in",
                "bullet",
                "lead_in",
            )
        }
        print(
            f"  {'*' if y else ' '} r{c.rank} s{c.sentence} {chunk.kind[:4]} {keep} | "
            f"{chunk.text[s.start : s.end][:110]!r}"
        )


def _report(idx, judged, examples, details: bool) -> None:  # type: ignore[no-untyped-def]
    by_cat: dict[str, list] = defaultdict(list)
    for j, e in zip(judged, examples, strict=True):
        by_cat[j.gold.category].append((j, e))
        by_cat["overall"].append((j, e))
    head = f"{'':16}{'n':>4}{'hit@5':>8}{'mrr':>7}{'ans_hit':>9}{'f_abst':>8}{'oos_abst':>9}"
    print(head)
    for cat in ["overall", *sorted(c for c in by_cat if c != "overall")]:
        rows = by_cat[cat]
        ans = [(j, e) for j, e in rows if j.gold.answerable]
        oos = [(j, e) for j, e in rows if not j.gold.answerable]

        def fmt(v):
            return f"{v:.3f}" if v is not None else "-"

        hit = mrr = ah = fa = None
        if ans:
            ranks = [_rank(idx, j, e) for j, e in ans]
            hit = sum(r is not None for r in ranks) / len(ans)
            mrr = sum(1 / r for r in ranks if r) / len(ans)
            ah = sum((not j.abstained) and _hit(j) for j, _e in ans) / len(ans)
            fa = sum(j.abstained for j, _e in ans) / len(ans)
        oa = sum(j.abstained for j, _e in oos) / len(oos) if oos else None
        print(
            f"{cat:16}{len(rows):>4}{fmt(hit):>8}{fmt(mrr):>7}{fmt(ah):>9}{fmt(fa):>8}{fmt(oa):>9}"
        )
    ans = [j for j, _e in by_cat["overall"] if j.gold.answerable]
    oos = [j for j, _e in by_cat["overall"] if not j.gold.answerable]
    print("top1 (ignoring abstention):", round(sum(_hit(j) for j in ans) / len(ans), 3))
    print(_length_summary(_quote_lengths(ans)))
    for t in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        fa = sum(j.choice.confidence < t for j in ans) / len(ans)
        ah = sum(j.choice.confidence >= t and _hit(j) for j in ans) / len(ans)
        oa = sum(j.choice.confidence < t for j in oos) / len(oos)
        print(f"  t={t:.1f} answer_hit={ah:.3f} false_abstain={fa:.3f} oos_abstain={oa:.3f}")
    if details:
        for j, _e in by_cat["overall"]:
            ok = (not j.abstained and _hit(j)) if j.gold.answerable else j.abstained
            text = j.choice.answer.text if j.choice.answer else ""
            hl = ""
            if j.choice.highlight and j.choice.answer:
                a, b = j.choice.highlight
                hl = text[a:b]
            print(
                f"{'ok' if ok else '--'} {j.gold.id} {j.gold.category[:8]:8} "
                f"conf={j.choice.confidence:.2f} "
                f"abst={int(j.abstained)} | {text[:120]!r} || {hl[:60]!r}"
            )


def _hit(j) -> bool:  # type: ignore[no-untyped-def]
    return j.choice.answer is not None and any(
        contains(j.choice.answer.text, p) for p in j.gold.phrases
    )


def _rank(idx, j, e) -> int | None:  # type: ignore[no-untyped-def]
    rows = [c.row for c in e.fused]
    if j.choice.answer is not None:
        first = [r for r in rows if idx.chunks[r].id == j.choice.answer.passage_id]
        rows = first + [r for r in rows if r not in first]
    for i, r in enumerate(rows[:5], 1):
        if any(contains(idx.chunks[r].text, p) for p in j.gold.phrases):
            return i
    return None


def judge_table(idx, examples) -> None:  # type: ignore[no-untyped-def]
    """In-sample look at the judge's inputs (for reading, not for reporting)."""
    from santeqa.qa.judging import QUESTION_FEATURES, question_features
    from santeqa.qa.train import fit

    model = fit(examples, sha256="look", names=(), options=FitOptions(passage_ranker_c=0.0))
    print(
        "judge coef:",
        {n: round(float(c), 2) for n, c in zip(QUESTION_FEATURES, model.judge.coef, strict=True)},
    )
    for e in examples:
        probs = [float(p) for p in model.ranker.probabilities([c.features for c in e.candidates])]
        qf = question_features(e.evidence, e.candidates, probs, e.unknown, e.terms_of)
        print(
            int(e.gold.answerable),
            e.gold.id,
            " ".join(f"{n[:6]}={v:.2f}" for n, v in zip(QUESTION_FEATURES, qf, strict=True)),
            e.gold.question[:60],
        )


def misses(idx, judged, examples, verbose: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Where the positive candidates stand relative to the chosen one, for each miss (the
    candidates the answer step read: of the reordered passages when it reordered them)."""
    from santeqa.qa.spans import span_for

    for j, e in zip(judged, examples, strict=True):
        if not e.gold.answerable or _hit(j):
            continue
        cands = list(j.choice.candidates)
        probs = list(j.choice.scores)
        labels = []
        for c in cands:
            chunk = idx.chunks[c.row]
            first, last = span_for(chunk, c.sentence, e.evidence.asked.kind == "list")
            text = chunk.text[chunk.sentences[first].start : chunk.sentences[last].end]
            labels.append(any(contains(text, p) for p in e.gold.phrases))
        order = sorted(range(len(cands)), key=lambda i: -probs[i])
        pos = [r for r, i in enumerate(order) if labels[i]]
        if not order:
            print(f"{e.gold.id} no candidate")
            continue
        best = cands[order[0]]
        firstpos = cands[order[pos[0]]] if pos else None
        where = (
            "none"
            if firstpos is None
            else ("same-passage" if firstpos.row == best.row else f"passage-rank{firstpos.rank}")
        )
        print(
            f"{e.gold.id} {e.gold.category[:8]:8} abst={int(j.abstained)} first positive at "
            f"{pos[:1]} {where} chosen r{best.rank}s{best.sentence}"
            + ("" if firstpos is None else f" pos r{firstpos.rank}s{firstpos.sentence}"),
            "|",
            e.gold.question[:70],
        )
        if verbose:
            print("   gold:", e.gold.phrases[:3])
            for tag, c in (("chosen", best), ("pos", firstpos)):
                if c is None:
                    continue
                chunk = idx.chunks[c.row]
                s = chunk.sentences[c.sentence]
                i = cands.index(c)
                print(f"   {tag} p={probs[i]:.2f}: {chunk.text[s.start : s.end][:160]!r}")
                if verbose > 1:
                    f = dict(zip(CANDIDATE_FEATURES, c.features, strict=True))
                    print("     ", {k: round(v, 2) for k, v in f.items() if v})


def _time_answer_step(engine, idx, res, golds) -> None:  # type: ignore[no-untyped-def]
    """Milliseconds of the answer step alone (question reading, scoring against the stored
    vectors, fusion, candidates, model, quote), the encoding excluded (vectors cached)."""
    import statistics
    import time

    from santeqa.qa.answer import evidence, read_question
    from santeqa.qa.rerank import choose_reordered
    from santeqa.qa.retrieve import fuse, score
    from santeqa.text import Analyzer

    analyzer = Analyzer()
    reads = [read_question(idx, res, g.question, analyzer) for g in golds]
    vectors = _vectors(engine, [q.expanded for _a, q in reads])
    beyond, answer_only = [], []
    for _round in range(3):
        for g, (_w, q) in zip(golds, reads, strict=True):
            t0 = time.perf_counter()
            what, q = read_question(idx, res, g.question, analyzer)
            s = score(idx, q, vectors[q.expanded])
            fused = fuse(idx, s, depth=10, rrf_k=60, weights=engine.tunables.fusion)
            t1 = time.perf_counter()
            choose_reordered(
                idx,
                res,
                engine.answer_model,
                evidence(idx, what, q.text, q.terms, s, analyzer, res.places),
                fused,
                q.english,
            )
            t2 = time.perf_counter()
            beyond.append((t2 - t0) * 1000)
            answer_only.append((t2 - t1) * 1000)
    print(
        f"beyond encoding: p50 {statistics.median(beyond):.2f} ms; "
        f"answer step alone: p50 {statistics.median(answer_only):.2f} ms, "
        f"p95 {sorted(answer_only)[int(0.95 * len(answer_only))]:.2f} ms"
    )


if __name__ == "__main__":
    main()
