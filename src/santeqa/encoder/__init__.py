"""Sentence vectors from an exported graph, without sentence-transformers or torch."""

from santeqa.encoder.graph import GRAPH_FILES, GraphEncoder, pooling_of
from santeqa.encoder.tokenizer import load_tokenizer

__all__ = ["GRAPH_FILES", "GraphEncoder", "load_tokenizer", "pooling_of"]
