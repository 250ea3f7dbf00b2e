"""English questions put into French by Apertium, for a second reading.

The report is French. An English question shares almost none of its words, so the lexical
side of retrieval and the answer step's coverage read little but names; the judge then often
withholds what the report does answer. Read a second time in French, such a question finds
the report's own words (« premier cycle », « interopérabilité »).

Apertium is a rule-based translator packaged by Debian: no model weights, nothing fetched.
It has no English–French pair, so the question goes English → Spanish → French (packages
`apertium`, `apertium-eng-spa`, `apertium-fr-es`). The French is rough ("Under the Code …"
comes out « Je descends le Code … », an unknown word is left as it is), which is why it is
only a second reading (``service.engine``): the question as typed is read first.

Each translation runs the two pipelines once (about 0.2 s of both cores on this machine); the
same question is translated once per process. Under load that would take the cores from the
other questions being answered, so translations run one at a time and at a lower priority
(`nice`): a French question's answer never waits for an English one's translation.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from collections.abc import Sequence

from santeqa.cache import LRUCache

log = logging.getLogger(__name__)

#: the pivot: English to Spanish, then Spanish to French (Apertium's mode names)
PIVOT = ("eng-spa", "es-fr")
#: seconds one step may take before the translation is given up
TIMEOUT_S = 5.0
#: how much lower the translator's priority is than the server's (`nice -n`)
NICENESS = 19


class Translator:
    """``translator(text)``: the French of an English text, or None when Apertium is not
    installed or fails (the caller then has no second reading)."""

    def __init__(
        self,
        modes: Sequence[str] = PIVOT,
        command: str = "apertium",
        cache_size: int = 256,
        timeout_s: float = TIMEOUT_S,
    ) -> None:
        self.modes = tuple(modes)
        self.timeout_s = timeout_s
        self.command = shutil.which(command)
        # run below the server's priority when `nice` is there (coreutils)
        nice = shutil.which("nice")
        self._prefix = (nice, "-n", str(NICENESS)) if nice else ()
        self._cache: LRUCache[str, str] = LRUCache(cache_size)  # thread-safe
        self._one_at_a_time = threading.Lock()

    @property
    def available(self) -> bool:
        return self.command is not None

    def __call__(self, text: str) -> str | None:
        if self.command is None or not text.strip():
            return None
        known = self._cache.get(text)
        if known is not None:
            return known
        with self._one_at_a_time:
            french = self._cache.get(text) or self._run(text)
        if french is not None:
            self._cache.put(text, french)
        return french

    def _run(self, text: str) -> str | None:
        out = text
        for mode in self.modes:
            try:
                done = subprocess.run(
                    [*self._prefix, str(self.command), "-u", mode],
                    input=out,
                    capture_output=True,
                    text=True,
                    timeout=self.timeout_s,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                # a translator that hangs would make every English question withheld wait
                # with it: given up for this process, said once
                log.warning("Apertium took over %s s: no more translations here", self.timeout_s)
                self.command = None
                return None
            except (OSError, subprocess.SubprocessError):
                return None
            if done.returncode != 0 or not done.stdout.strip():
                return None  # a mode not installed prints an error and nothing else
            out = done.stdout.strip()
        return " ".join(out.split())
