"""santeqa: extractive question answering over a French digital-health report."""

__version__ = "0.1.0"
