"""Keep passages cut from the same block from crowding the top of a ranking.

Overlapping windows of one long paragraph tend to rank together; only the
best-ranked one is kept, later ones sharing a block with it are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence


def diversify(
    ranked: Iterable[str], blocks_of: Mapping[str, Sequence[str]], limit: int | None = None
) -> list[str]:
    """Ids from ``ranked`` in order, skipping any that shares a block with one already kept."""
    kept: list[str] = []
    seen: set[str] = set()
    for doc in ranked:
        blocks = set(blocks_of.get(doc, ()))
        if blocks & seen:
            continue
        kept.append(doc)
        seen |= blocks
        if limit is not None and len(kept) >= limit:
            break
    return kept


__all__ = ["diversify"]
