"""The tiny report the service tests read, indexed once per test module (FakeEmbedder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from santeqa.embed import FakeEmbedder
from santeqa.service import Engine
from tests.tiny import (
    ARS_NOTE,
    FUNDING,
    GHT,
    GLOSSARY,
    OPENING,
    REGION_NOTE,
    report,
    tiny_index,
    tiny_settings,
)

# Four pages: a paragraph going on over the first page break (its note in between), a note
# on each of the first two pages, an acronym used alone (GHT) and an expansion used alone
# (Dossier Médical Partagé) in the body, and the glossary.
PAGES = [
    [
        *OPENING,
        "",
        "Les médecins généralistes utilisent une messagerie sécurisée pour échanger avec les",
        *ARS_NOTE,
    ],
    [
        "pharmaciens et les infirmiers.",
        "",
        *FUNDING,
        "",
        "Le Dossier Médical Partagé conserve les ordonnances.",
        *REGION_NOTE,
    ],
    ["Les hôpitaux", "", "Les GHT mutualisent les serveurs informatiques."],
    [*GLOSSARY, GHT],
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("engine")
    # always answers (the fake embedder's confidences are not calibrated)
    tiny_index(base, report(*PAGES), abstain_threshold=-100.0)
    return base


@pytest.fixture(scope="module")
def engine(base: Path) -> Engine:
    return Engine(tiny_settings(base, abstain_threshold=-100.0), embedder=FakeEmbedder())
