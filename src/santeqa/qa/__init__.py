"""Question answering: retrieval (dense, lexical, fusion) and the extractive answer step."""
