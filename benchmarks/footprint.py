"""Install footprint: MB on disk of what answering needs vs what only building/exporting needs.

Walks the installed distributions' dependency closure (``importlib.metadata``)
from the dependencies in pyproject.toml, with and without the build-only ones
(torch, transformers, sentence-transformers, onnx, and what only they pull in),
summing each file listed in the distribution's RECORD. Measured in the
environment it runs in (dev tools are not counted).

    .venv/bin/python benchmarks/footprint.py
"""

from __future__ import annotations

import re
import sys
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

BUILD_ONLY = ("torch", "sentence-transformers", "transformers", "onnx")
"""Needed to export the model to ONNX and to encode without the export (a fallback)."""
ROOT = Path(__file__).resolve().parent.parent


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(roots: list[str], stop: set[str]) -> set[str]:
    """Installed distributions reachable from ``roots`` (skipping extras and ``stop``)."""
    seen: set[str] = set()
    todo = [_key(r) for r in roots]
    while todo:
        name = todo.pop()
        if name in seen or name in stop:
            continue
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue
        seen.add(name)
        for requirement in dist.requires or []:
            if "extra ==" in requirement:
                continue
            todo.append(_key(re.split(r"[ ;<>=!~\[(]", requirement, maxsplit=1)[0]))
    return seen


def size_mb(name: str) -> float:
    """Bytes on disk of a distribution's files, MB."""
    return sum(p.stat().st_size for p in _files(name)) / 1e6


def deflated_mb(name: str) -> float:
    """The distribution's files deflated as in a wheel (zip, level 6), MB: ~its download."""
    import zlib

    total = 0
    for path in _files(name):
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        with path.open("rb") as handle:
            for chunk in iter(lambda h=handle: h.read(1 << 20), b""):
                total += len(packer.compress(chunk))
        total += len(packer.flush())
    return total / 1e6


def _files(name: str) -> list[Path]:
    dist = distribution(name)
    paths = (Path(str(dist.locate_file(f))) for f in dist.files or [])
    return [p for p in paths if p.is_file()]


def main() -> int:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    direct = [_key(re.split(r"[ ;<>=!~\[(]", r, maxsplit=1)[0]) for r in project["dependencies"]]
    stop = {_key(n) for n in BUILD_ONLY}
    # The model package requires sentence-transformers (so torch); answering
    # needs only its files, so the walk for running stops at the build-only ones.
    running = closure([d for d in direct if d not in stop], stop)
    everything = closure(direct, set())
    build_only = everything - running
    run_mb = sum(size_mb(n) for n in running)
    build_mb = sum(size_mb(n) for n in build_only)
    run_dl = sum(deflated_mb(n) for n in running)
    build_dl = sum(deflated_mb(n) for n in build_only)
    from posenqa.models.locate import models_root

    models = models_root()
    export_mb = sum(f.stat().st_size for f in models.rglob("*") if f.is_file()) / 1e6
    print(f"installed in {sys.prefix} (MB on disk; download ~ the files deflated as in a wheel)")
    for label, disk, download, names in (
        ("to answer (run):     ", run_mb, run_dl, running),
        ("only to build/export:", build_mb, build_dl, build_only),
    ):
        print(f"  {label} {disk:6.0f} on disk {download:6.0f} download  {len(names)} distributions")
    print(f"  ONNX exports:         {export_mb:8.0f}  {models}")
    biggest = sorted(everything, key=size_mb, reverse=True)[:8]
    for name in biggest:
        tag = "build" if name in build_only else "run"
        print(f"    {name:<28}{size_mb(name):8.0f}  {tag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
