"""Reading JSON Lines files from users: each problem named by file and line, never a traceback.

One home for what every JSON Lines input (question files, saved runs) can get
wrong: a missing file, a folder, bytes that are not UTF-8, a line that is not
JSON or nests too deeply to read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from posenqa.errors import InputError, PosenqaError


def read_input(path: Path, what: str, error: type[PosenqaError] = InputError) -> bytes:
    """The bytes of a file a user named; ``error`` says in one line why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error(f"{path}: no such {what}") from None
    except IsADirectoryError:
        raise error(f"{path}: is a directory, not a {what}") from None
    except OSError as exc:
        raise error(f"{path}: cannot read ({(exc.strerror or str(exc)).lower()})") from None


def read_jsonl(path: str | Path, what: str = "file") -> list[tuple[int, Any]]:
    """``(line number, value)`` for each non-blank line of ``path``; InputError names the line.

    ``what`` names the file in messages ("run file", "questions file").
    """
    path = Path(path)
    data = read_input(path, what)
    values: list[tuple[int, Any]] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}: line {number}: not UTF-8 text "
                f"(byte 0x{raw[exc.start]:02x} at column {exc.start + 1})"
            ) from None
        if not line.strip():
            continue
        try:
            values.append((number, json.loads(line)))
        except ValueError as exc:  # JSONDecodeError, or an integer too long to convert
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc).split(";")[0]
            raise InputError(f"{path}: line {number}: not valid JSON ({reason})") from None
        except RecursionError:
            raise InputError(f"{path}: line {number}: JSON nested too deeply") from None
    return values


__all__ = ["read_input", "read_jsonl"]
