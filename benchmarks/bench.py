"""posenqa speed benchmarks: ``make bench`` (product figures) and ``--scale`` (synthetic corpora).

Every figure is printed beside a baseline measured in the same run, so the
ratios mean something on any machine. Nothing here asserts a time: the
figures are reported, and recorded in benchmarks/README.md.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench.py                 # product, ~2-4 min
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench.py --scale         # + 10k/100k/1M
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench.py --scale --no-product --sizes 10000,100000
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def machine() -> str:
    """A one-line description of where the figures were measured."""
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, load average {load}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", action="store_true", help="also run the synthetic scale run")
    parser.add_argument(
        "--sizes",
        default="10000,100000,1000000",
        help="passage counts for --scale (comma-separated)",
    )
    parser.add_argument(
        "--vectors",
        choices=("lowrank", "clustered"),
        default="lowrank",
        help="synthetic vectors for --scale (see benchmarks/synthetic.py)",
    )
    parser.add_argument("--no-product", action="store_true", help="skip the product benchmarks")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    load = os.getloadavg()[0]
    if load > 0.5 * (os.cpu_count() or 1):
        # torch and faiss each run a thread per core; other busy processes make
        # them wait on each other, and every wall-clock figure here inflates.
        print(f"warning: load average {load:.2f} already; figures will be noisy", file=sys.stderr)
    report: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine_at_start": machine(),
    }
    sections = []
    if not args.no_product:
        from product import run_product, table

        report["product"] = run_product(log=lambda m: print(m, file=sys.stderr, flush=True))
        sections.append(table(report["product"]))
    if args.scale:
        from scale import run_scale
        from scale import table as scale_table

        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
        report["scale"] = run_scale(
            sizes, vectors=args.vectors, log=lambda m: print(m, file=sys.stderr, flush=True)
        )
        sections.append(
            f"scale run (synthetic passages, {args.vectors} vectors; one query at a time, top-10)\n"
            + scale_table(report["scale"])
        )
    report["machine_at_end"] = machine()
    report["total_s"] = time.perf_counter() - started
    print(f"posenqa benchmarks, {report['date']}")
    end_load = report["machine_at_end"].split("load average ")[1]
    print(f"machine: {report['machine_at_start']} (at end: {end_load})")
    for section in sections:
        print()
        print(section)
    print(f"\ntotal {report['total_s']:.0f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1, default=_jsonable))
    return 0


if __name__ == "__main__":
    sys.exit(main())
