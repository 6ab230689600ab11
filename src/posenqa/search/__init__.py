"""Retrieval: BM25 over terms, dense vectors over faiss, and their fusion.

Only ``embedder`` imports sentence-transformers (a fallback: questions are
encoded on onnxruntime, :mod:`posenqa.models.onnx_embedder`) and only ``dense``
imports faiss, both inside functions, so importing this package is cheap.
"""

from __future__ import annotations

from posenqa.search.bm25 import Bm25Index
from posenqa.search.fusion import min_max, reciprocal_rank_fusion, weighted_fusion
from posenqa.search.tokenize import tokenize

__all__ = ["Bm25Index", "min_max", "reciprocal_rank_fusion", "tokenize", "weighted_fusion"]
