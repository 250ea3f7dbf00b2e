"""The service: ``Engine`` (asking), ``LiveIndex`` (which generation serves),
``RebuildTasks`` (background rebuilds) and ``PageReader`` (the page view)."""

from santeqa.service.engine import Engine
from santeqa.service.live import LiveIndex, Served
from santeqa.service.reader import PageReader
from santeqa.service.tasks import RebuildTask, RebuildTasks

__all__ = ["Engine", "LiveIndex", "PageReader", "RebuildTask", "RebuildTasks", "Served"]
