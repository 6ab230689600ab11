"""The Textual app: wiring only. Screens and widgets live in their own modules.

``make_app`` is the one way to build the app, shared by ``posenqa tui`` and
the tests, which inject a fast engine through ``engine_factory``. It opens the
whole library (as ``posenqa ask`` does); a paper of the library opens the library
filtered to it, a file outside it opens that file alone (as ``ask --doc FILE``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from posenqa.paths import default_index_dir
from posenqa.tui.render import MarkerStyle
from posenqa.tui.screens.help import HelpScreen
from posenqa.tui.screens.main import MainScreen

#: ``engine_factory(progress=..., log=..., text_ready=...)`` returns an opened library
#: (posenqa.library.engine.LibraryEngine) or one paper's engine (posenqa.answer.Engine);
#: while it builds a new index it may pass ``text_ready`` an engine that answers in BM25
#: mode already.
EngineFactory = Callable[..., Any]

DARK, LIGHT = "textual-dark", "textual-light"


def default_engine_factory(
    paper: str | Path, *, index_root: str | Path, model: str | Path | None = None
) -> EngineFactory:
    """A factory opening the real engine on ``paper`` (imported only when called)."""

    def factory(
        *,
        progress: Callable[[int, int], None],
        log: Callable[[str], None],
        text_ready: Callable[[Any], None] = lambda _engine: None,
    ) -> Any:
        from posenqa.answer import Engine
        from posenqa.tui.opening import parse_announcing

        return Engine.open(
            paper,
            index_root=index_root,
            model=str(model) if model is not None else None,
            progress=progress,
            log=log,
            parse=parse_announcing(text_ready),
        )

    return factory


def library_engine_factory(
    *, index_root: str | Path, model: str | Path | None = None
) -> EngineFactory:
    """A factory opening the library under ``index_root``, indexing papers not indexed yet.

    While the library holds one paper (at first, the bundled paper alone), BM25
    answers from its text while its index is built, as for a single paper.
    """

    def factory(
        *,
        progress: Callable[[int, int], None],
        log: Callable[[str], None],
        text_ready: Callable[[Any], None] = lambda _engine: None,
    ) -> Any:
        from posenqa.answer import Engine
        from posenqa.library.engine import engine_factory
        from posenqa.library.manage import open_library
        from posenqa.library.registry import read_library
        from posenqa.library.shared_model import lazy_model
        from posenqa.tui.messages import LEFT_OUT
        from posenqa.tui.opening import parse_announcing

        root = Path(index_root)
        name = str(model) if model is not None else None
        papers = read_library(root)  # once: 10,000 papers' manifest is ~0.1 s a read
        total = len(papers)
        parse = parse_announcing(text_ready) if total == 1 else None

        # One model for every paper re-indexed on opening and for the questions, loaded
        # when first needed (not once per changed paper).
        embedder = lazy_model(root, name)
        read, told = [0], [time.monotonic()]

        def open_paper(paper: str | Path) -> Engine:
            engine = Engine.open(
                paper, index_root=root, embedder=embedder, progress=progress, log=log, parse=parse
            )
            # A library of thousands takes seconds to open: say how far (twice a second).
            read[0] += 1
            if total > 1 and time.monotonic() - told[0] > 0.5:
                told[0] = time.monotonic()
                log(f"opening the library: {read[0]} of {total} papers read")
            return engine

        make = engine_factory(root, model=name, embedder=embedder, log=log)

        def left_out(paper: Any, why: str) -> None:
            log(f"{LEFT_OUT}{paper.id}: {why}; `posenqa remove {paper.id}` takes it out")

        return open_library(root, open_paper, make, left_out=left_out, papers=papers)

    return factory


class PosenqaApp(App[None]):
    """Ask a paper questions; read the answers in context; copy citations."""

    CSS_PATH = "app.tcss"
    TITLE = "posenqa"
    # Modifier and function keys only (harlequin's and posting's convention):
    # these work on every screen, so no letter typed anywhere can fire them.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "show_help", "Help"),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(
        self,
        *,
        paper: str | Path | None,
        engine_factory: EngineFactory,
        refs: Any,
        marker_style: MarkerStyle = "superscript",
        k: int = 8,
        selection: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.paper = "the library" if paper is None else Path(paper).name
        self.selection = selection
        """The ids of the papers searched (empty: all); ctrl+f changes it."""
        self.engine_factory = engine_factory
        self.refs = refs
        self.marker_style: MarkerStyle = marker_style
        self.k = k

    def on_mount(self) -> None:
        self.push_screen(MainScreen())

    def action_show_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme != LIGHT else DARK


def make_app(
    paper: str | Path | None = None,
    *,
    engine_factory: EngineFactory | None = None,
    model: str | Path | None = None,
    index_root: str | Path | None = None,
    refs: ModuleType | Any | None = None,
    marker_style: MarkerStyle = "superscript",
    k: int = 8,
) -> PosenqaApp:
    """Build the app on the library under ``index_root`` (default: the user's index folder),
    filtered to ``paper`` when it is one of the library's, on ``paper`` alone when it is not;
    ``engine_factory`` replaces the real engine (tests)."""
    if refs is None:
        import posenqa.references as refs
    root = default_index_dir() if index_root is None else index_root
    selection: tuple[str, ...] = ()
    factory = engine_factory
    if factory is None:
        entry = None
        if paper is not None:
            from posenqa.library.registry import find, read_library

            entry = find(read_library(Path(root)), str(paper))
        if paper is None or entry is not None:
            factory = library_engine_factory(index_root=root, model=model)
            selection = (entry.id,) if entry is not None else ()
        else:
            factory = default_engine_factory(paper, index_root=root, model=model)
    return PosenqaApp(
        paper=paper,
        engine_factory=factory,
        refs=refs,
        marker_style=marker_style,
        k=k,
        selection=selection,
    )


__all__ = ["PosenqaApp", "default_engine_factory", "library_engine_factory", "make_app"]
