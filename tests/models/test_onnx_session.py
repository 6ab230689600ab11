"""onnxruntime sessions: thread counts as asked, clear errors for bad files."""

from __future__ import annotations

import pytest

from posenqa.errors import ModelError
from posenqa.models.onnx_session import QUESTION_THREADS, make_session


def _tiny_model(path):  # type: ignore[no-untyped-def]
    import onnx
    from onnx import TensorProto, helper

    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 2])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 2])
    graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "tiny", [x], [y])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(path))


def test_session_runs_with_the_threads_asked(tmp_path) -> None:
    import numpy as np

    path = tmp_path / "tiny.onnx"
    _tiny_model(path)
    session = make_session(path, QUESTION_THREADS)
    assert session.get_session_options().intra_op_num_threads == QUESTION_THREADS
    (out,) = session.run(None, {"x": np.array([[-1.0, 2.0]], dtype=np.float32)})
    assert out.tolist() == [[0.0, 2.0]]
    assert make_session(path, 0).get_session_options().intra_op_num_threads == 0


def test_missing_or_garbage_file_is_a_model_error(tmp_path) -> None:
    with pytest.raises(ModelError, match="file missing"):
        make_session(tmp_path / "none.onnx")
    (tmp_path / "bad.onnx").write_bytes(b"not a model")
    with pytest.raises(ModelError, match="cannot load ONNX model"):
        make_session(tmp_path / "bad.onnx")
