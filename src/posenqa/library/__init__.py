"""A library of papers: every paper's own index, listed in one manifest, searched together.

- :mod:`posenqa.library.registry` the manifest on disk (``<index root>/library.json``):
  which papers the library holds, their metadata, atomic writes under a lock.
- :mod:`posenqa.library.engine` the papers' indexes merged into one engine, so BM25
  statistics and dense scores are library-wide and the reranker and judge read
  the merged list; each hit names its paper.
- :mod:`posenqa.library.works` the works cited across the library, merged.

Each paper keeps the single-paper index of :mod:`posenqa.store` as it is: adding a
paper builds that paper's index only, removing one deletes only its own.
"""
