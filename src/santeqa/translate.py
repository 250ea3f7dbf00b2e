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

Apertium's `apertium MODE` starts a pipeline of a dozen small programs for each text, and
loading their dictionaries takes most of the 0.2 s a translation took that way. So the two
modes' pipelines are chained once, each program in null-flush mode (`-z`: it answers a text
ended by a NUL byte at once), and kept running: a translation is then a few milliseconds
(the same French, compared on every English question of the gold and own files). Where the
mode files are not found, each text runs `apertium -u MODE` as before. The same question is
translated once per process; translations run one at a time and at a lower priority
(`nice`), so that a French question's answer never waits for an English one's translation.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import select
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Sequence
from pathlib import Path

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
        self._pipeline: Pipeline | None = None  # started at the first translation
        self._pipeline_failed = False  # no mode files: each text runs `apertium -u MODE`

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
            french = self._cache.get(text) or self._translated(text)
        if french is not None:
            self._cache.put(text, french)
        return french

    def _translated(self, text: str) -> str | None:
        if self._pipeline is None and not self._pipeline_failed:
            try:
                self._pipeline = Pipeline.of(str(self.command), self.modes, self._prefix)
            except OSError:  # the shell could not be started: each text runs Apertium
                self._pipeline = None
            self._pipeline_failed = self._pipeline is None
        if self._pipeline is None:
            return self._run(text)
        try:
            return self._pipeline.translate(text, self.timeout_s)
        except TimeoutError:
            self._pipeline.close()
            self._given_up()
            return None
        except OSError:
            # the pipeline died (a program crashed on an odd text): started anew next time
            self._pipeline.close()
            self._pipeline = None
            return None

    def _given_up(self) -> None:
        # a translator that hangs would make every English question wait with it: given up
        # for this process, said once
        log.warning("Apertium took over %s s: no more translations here", self.timeout_s)
        self.command = None

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
                self._given_up()
                return None
            except (OSError, subprocess.SubprocessError):
                return None
            if done.returncode != 0 or not done.stdout.strip():
                return None  # a mode not installed prints an error and nothing else
            out = done.stdout.strip()
        return " ".join(out.split())


# what Apertium's text deformatter (`apertium-destxt`) escapes, and the blank it ends a text
# with (a full stop, then the text's end as a "superblank"); the reformatter takes both away
_ESCAPED = re.compile(r"([\\\[\]^$/@<>{}])")
_END = ".[][\n]"
_SUPERBLANK = re.compile(r"\[((?:[^\]\\]|\\.)*)\]")
_UNESCAPE = re.compile(r"\\(.)")


class Pipeline:
    """The modes' programs chained in one running pipeline, in null-flush mode."""

    def __init__(self, command: Sequence[str]) -> None:
        # its own process group: closing it ends every program of the chain, not only the shell
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    @classmethod
    def of(cls, apertium: str, modes: Sequence[str], prefix: Sequence[str]) -> Pipeline | None:
        """The pipeline of ``modes`` read from Apertium's mode files (next to the
        ``apertium`` command: ``../share/apertium/modes``), or None when one is missing."""
        folder = Path(apertium).resolve().parent.parent / "share" / "apertium" / "modes"
        files = [folder / f"{mode}.mode" for mode in modes]
        if not all(f.is_file() for f in files):
            return None
        script = chained([f.read_text(encoding="utf-8") for f in files])
        return cls([*prefix, "bash", "-c", script])

    def translate(self, text: str, timeout_s: float) -> str:
        """The text through every mode; raises TimeoutError, or OSError when the pipeline
        is gone."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        escaped = _ESCAPED.sub(r"\\\1", " ".join(text.split())).replace("~", "[~]")
        stdin.write((escaped + _END + "\0").encode("utf-8"))
        stdin.flush()
        out = b""
        deadline = time.monotonic() + timeout_s
        while not out.endswith(b"\0"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([stdout], [], [], left)[0]:
                raise TimeoutError
            chunk = os.read(stdout.fileno(), 65536)
            if not chunk:
                raise OSError("the Apertium pipeline ended")
            out += chunk
        return plain(out[:-1].decode("utf-8", errors="replace"))

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


def chained(mode_files: Sequence[str]) -> str:
    """One shell pipeline running the modes one after another, every program in null-flush
    mode. A mode file is the pipeline `apertium` runs, ``$1`` the generator's option (``-n``:
    unknown words left unmarked, as ``apertium -u``) and ``$2`` the tagger's (none)."""
    steps = []
    for text in mode_files:
        text = text.strip().replace("$1", "-n").replace("$2", "")
        for step in text.split("|"):
            program, _, args = step.strip().partition(" ")
            steps.append(f"{program} -z {args.strip()}")
    return " | ".join(steps)


def plain(stream: str) -> str:
    """Apertium's output stream as text: the ending blank and superblanks taken away, escapes
    undone, spaces collapsed."""
    stream = stream.rstrip()
    if stream.endswith(_END):
        stream = stream[: -len(_END)]
    stream = _SUPERBLANK.sub(lambda m: m.group(1), stream)
    return " ".join(_UNESCAPE.sub(r"\1", stream).split())
