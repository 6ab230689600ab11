"""``RESOLVER_VERSION`` changes whenever the resolvers' output does.

Saved references (``references.json`` beside an index) are trusted when their
digest, which includes ``RESOLVER_VERSION``, matches: a resolver that returns
something else for the same notes under the same version would have old indexes
serve stale references. This test resolves fixed papers (the bundled paper as
parsed once and frozen in ``data/posen_document.json``, so parser changes do not
move it, and hand-written legal notes and opinion text) and compares a hash of
the output with the one recorded for the current version in
``data/resolver_versions.json``.

When it fails because you changed what the resolvers return: raise
``RESOLVER_VERSION`` in ``references/works.py`` and add the new version and the
hash the failure prints to the end of that file (never edit an older entry). A new
fixture case (add one with each resolver fix, so the fixture sees it) changes the hash
too: with the version raised for the fix, record the hash under the new version.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from posenqa.document import Document
from posenqa.references import works
from posenqa.references.works import RESOLVER_VERSION

from .conftest import make_document
from .test_legal import NOTES

DATA = Path(__file__).parent / "data"
VERSIONS = DATA / "resolver_versions.json"

# Legal forms each fix of the legal resolver concerns, in the notes and in the text.
LEGAL_NOTES = {
    **NOTES,
    20: "Zogenix, Inc. v. Patrick, No. 14-11689, 2014 WL 1454696 (D. Mass. Apr. 15, 2014).",
    21: "Zogenix, No. 14-11689, 2014 WL 3339610, at *4 (D. Mass. July 8, 2014), vacated in "
    "part, No. 14-11689, 2014 WL 4273251 (D. Mass. Aug. 28, 2014).",
    22: "See Zogenix, 2014 WL 4273251, at *3.",
    23: "United States v. Burr, 25 F. Cas. 187, 192 (No. 14,694) (CC Va. 1807).",
    24: "Fitzgerald, 457 U. S., at 755; see 520 U. S., at 684.",
    25: "CRS Report R45825, Federal Preemption: A Legal Primer, by Bryan L. Adkins (2023).",
    27: "Lucas v. North Carolina Mut. Life Ins. Co., 184 S. C. 119, 120, 191 S. E. 711, 712 "
    "(1937).",
    26: "Pub. L. No. 87-781, § 202, 76 Stat. 780, 793. In Wyeth v. Levine, the Court "
    "described it. 555 U.S. 555, 567 (2009).",
}
LEGAL_BLOCKS = [
    ("Tube Co. v. Sawyer, 343 U. S. 579, 585. In the latter case, the Court held.", []),
    ("Clinton v. Jones, 520 U. S. 681, 697 (1997). Nixon v. Fitzgerald, 457 U. S. 731 (1982).", []),
    ("Harlow v. Fitzgerald, 457 U. S. 800 (1982). Brief for United States 46; see id., at 10.", []),
    ("Youngstown Sheet & Tube Co. v. Sawyer, 343 U. S. 579, 634 (1952).", [24]),
    ("T. Paine, Common Sense (1776), reprinted in The Great Works 11 (1877).", [25]),
    ("The Court held so.", [26]),
]


def _fixtures() -> list[Document]:
    posen = json.loads((DATA / "posen_document.json").read_text(encoding="utf-8"))
    return [Document.from_dict(posen), make_document(LEGAL_NOTES, LEGAL_BLOCKS)]


def _output_hash() -> str:
    digest = hashlib.sha256()
    for doc in _fixtures():
        for (sequence, number), refs in sorted(works.resolution(doc).items()):
            item = [sequence, number, [r.to_dict() for r in refs]]
            digest.update(json.dumps(item, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        for work in works.works_cited(doc):
            digest.update(json.dumps(work.reference.to_dict(), sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def test_resolver_output_changes_only_with_its_version() -> None:
    known: dict[str, str] = json.loads(VERSIONS.read_text(encoding="utf-8"))
    output = _output_hash()
    assert list(known)[-1] == str(RESOLVER_VERSION), (
        f"RESOLVER_VERSION is {RESOLVER_VERSION}: add "
        f'"{RESOLVER_VERSION}": "{output}" at the end of {VERSIONS}'
    )
    assert known[str(RESOLVER_VERSION)] == output, (
        f"the resolvers' output on the fixture changed (hash {output}) but RESOLVER_VERSION "
        f"is still {RESOLVER_VERSION}: raise it in references/works.py and add the new "
        f"version with this hash at the end of {VERSIONS}"
    )
    # Each version records a different output (a version raised for nothing is harmless,
    # but two versions with one hash mean an entry was copied, not measured).
    assert len(set(known.values())) == len(known)
