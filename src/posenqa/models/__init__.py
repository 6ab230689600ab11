"""Model files posenqa loads from disk: where they live and how they are checked.

One home for model locations. Files that are not a Python package's own (an ONNX
export of the embedder, the cross-encoder taken from a wheel) are placed at install
time under :func:`models_root`, one folder per model, each beside a
``PROVENANCE.json`` that says where it came from and the sha256 of every file.
"""

from posenqa.models.locate import MODELS_ENV, models_root, verify_files

__all__ = ["MODELS_ENV", "models_root", "verify_files"]
