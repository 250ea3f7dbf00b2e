"""The server process's memory: the heap's free pages handed back after start-up, and the pages
of a mapped model file that inference does not read let go.

Start-up frees much of what it allocated (the index's and the model's temporary buffers), and
glibc keeps freed memory in its heaps for later: ``release_free_memory`` hands it back once
the warm-up is done (about 20 MB of the RSS after start; the requests that follow take some of
it again, README « Speed »).

OpenVINO maps the model's weights file (470 MB for multilingual-e5-small) and reads it whole
while compiling, so all of it counted in the RSS (448 MB) though inference then reads only a
part: the layers' weights and the rows of the token table that questions use (about 60 MB
after the 211 dev + train questions). ``drop_file_pages`` unmaps the pages of such a
read-only file mapping from the process (``madvise(MADV_DONTNEED)``): they stay in the page
cache, shared and reclaimable, and those read again are mapped again on first touch (the
vectors are the same, tested). The RSS then counts what inference reads, growing with the
distinct tokens asked up to, at worst, the file's size, what it counted before.

Linux with glibc only: anywhere else (musl, macOS) every function here does nothing and says
so by returning False (or 0).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform
from functools import lru_cache
from pathlib import Path

#: ``madvise``'s advice: drop the pages of the range (``sys/mman.h``)
MADV_DONTNEED = 4


@lru_cache(maxsize=1)
def _glibc() -> ctypes.CDLL | None:
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return None
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    except (OSError, AttributeError):
        return None
    return libc


def release_free_memory() -> bool:
    """Hand the heap's free pages back to the system (``malloc_trim``): what start-up freed
    (the index's and the model's temporary buffers) stops counting in the RSS. Walks every
    arena under its lock: once after start-up, not for each request."""
    libc = _glibc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True


def drop_file_pages(path: Path) -> int:
    """Unmap from this process the resident pages of every read-only mapping of ``path`` (they
    are read from the page cache again when touched). Writable mappings are left alone: a
    private page written to would lose its changes. The bytes of address space advised."""
    libc = _glibc()
    if libc is None:
        return 0
    target = os.path.realpath(path)
    advised = 0
    try:
        maps = Path("/proc/self/maps").read_text().splitlines()
    except OSError:
        return 0
    for line in maps:
        fields = line.split(maxsplit=5)
        if len(fields) < 6 or "w" in fields[1] or fields[5] != target:
            continue
        low, high = (int(x, 16) for x in fields[0].split("-"))
        if libc.madvise(low, high - low, MADV_DONTNEED) == 0:
            advised += high - low
    return advised
