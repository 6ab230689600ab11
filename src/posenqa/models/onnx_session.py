"""onnxruntime sessions for posenqa's models: one place that sets their threads.

A question is one short input: a second intra-op thread gains nothing on it,
and on a busy two-core machine threads that wait on each other made one
question ~40x slower (issue 10). So question-time sessions use
:data:`QUESTION_THREADS`; an index build, a batch of hundreds of texts, may use
every core (:data:`BUILD_THREADS`, 0 = onnxruntime's choice, one per core).
onnxruntime is imported inside :func:`make_session` only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from posenqa.errors import ModelError

QUESTION_THREADS = 1
"""Intra-op threads of a session that answers questions (one input at a time)."""
BUILD_THREADS = 0
"""Intra-op threads of a session that embeds a whole paper: 0 = one per core."""


def make_session(path: Path, threads: int = QUESTION_THREADS) -> Any:
    """An onnxruntime ``InferenceSession`` of the model file ``path`` on the CPU.

    ``threads`` is the intra-op thread count (0 = one per core). Inter-op work
    runs sequentially: these models are a straight chain of layers.
    Raises :class:`ModelError` when the file is missing or not a loadable model.
    """
    import onnxruntime as ort

    if not path.is_file():
        raise ModelError(f"{path}: ONNX model file missing")
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Without this, idle intra-op threads spin waiting for work, which steals the
    # core from the other processes (and threads) of a busy machine.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3  # errors only: warnings about unused initializers are noise
    try:
        return ort.InferenceSession(
            str(path), sess_options=options, providers=["CPUExecutionProvider"]
        )
    except Exception as exc:  # onnxruntime raises its own exception types with C++ text
        raise ModelError(f"{path}: cannot load ONNX model: {exc}") from exc


__all__ = ["BUILD_THREADS", "QUESTION_THREADS", "make_session"]
