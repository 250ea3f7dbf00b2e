"""santeqa.memory: the heap trimmed through glibc, and the pages of a read-only file mapping let
go (read back unchanged when touched again), a writable one left alone."""

from __future__ import annotations

import mmap
import platform
from pathlib import Path

import pytest

from santeqa.memory import drop_file_pages, release_free_memory

GLIBC = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
needs_glibc = pytest.mark.skipif(not GLIBC, reason="Linux with glibc only")
PAGE = mmap.PAGESIZE


def mapped_kb(path: Path) -> int:
    """Resident kB of this process's mappings of ``path`` (``/proc/self/smaps``)."""
    target, total, inside = str(path.resolve()), 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split()
        if fields and "-" in fields[0] and not fields[0].endswith(":"):
            inside = len(fields) >= 6 and line.split(maxsplit=5)[5] == target
        elif inside and fields[0] == "Rss:":
            total += int(fields[1])
    return total


def _file(tmp_path: Path, pages: int) -> tuple[Path, bytes]:
    data = bytes(range(256)) * (pages * PAGE // 256)
    path = tmp_path / "weights.bin"
    path.write_bytes(data)
    return path, data


@needs_glibc
def test_glibc_trims_the_heap() -> None:
    assert release_free_memory()


@needs_glibc
def test_a_read_only_mapping_lets_its_pages_go_and_reads_them_back(tmp_path: Path) -> None:
    path, data = _file(tmp_path, 64)
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        assert sum(mapped[i] for i in range(0, len(data), PAGE)) >= 0  # every page touched
        assert mapped_kb(path) >= 64 * PAGE // 1024
        assert drop_file_pages(path) >= len(data)
        assert mapped_kb(path) == 0
        assert mapped[:] == data  # read again from the file, unchanged
        assert mapped_kb(path) >= 64 * PAGE // 1024


@needs_glibc
def test_a_writable_mapping_keeps_its_pages_and_changes(tmp_path: Path) -> None:
    path, data = _file(tmp_path, 4)
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY) as mapped:
        mapped[0] = 255 - data[0]  # a private change, not in the file
        assert drop_file_pages(path) == 0
        assert mapped[0] == 255 - data[0]
        assert mapped_kb(path) > 0


def test_a_file_not_mapped_is_nothing_to_drop(tmp_path: Path) -> None:
    path, _data = _file(tmp_path, 1)
    assert drop_file_pages(path) == 0
