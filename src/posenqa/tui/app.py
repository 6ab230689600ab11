"""The Textual app: wiring only. Screens and widgets live in their own modules.

``make_app`` is the one way to build the app, shared by ``posenqa tui`` and
the tests, which inject a fast engine through ``engine_factory``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from posenqa.paths import BUNDLED_PAPER, default_index_dir
from posenqa.tui.render import MarkerStyle
from posenqa.tui.screens.help import HelpScreen
from posenqa.tui.screens.main import MainScreen

#: ``engine_factory(progress=..., log=..., text_ready=...)`` returns an opened engine (see
#: posenqa.answer.Engine); while it builds a new index it may pass ``text_ready`` an engine
#: that answers in BM25 mode already.
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
        paper: str | Path,
        engine_factory: EngineFactory,
        refs: Any,
        marker_style: MarkerStyle = "superscript",
        k: int = 8,
    ) -> None:
        super().__init__()
        self.paper = Path(paper).name
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
    paper: str | Path = BUNDLED_PAPER,
    *,
    engine_factory: EngineFactory | None = None,
    model: str | Path | None = None,
    index_root: str | Path | None = None,
    refs: ModuleType | Any | None = None,
    marker_style: MarkerStyle = "superscript",
    k: int = 8,
) -> PosenqaApp:
    """Build the app on ``paper`` (default: the bundled one), its index under ``index_root``
    (default: the user's index folder); ``engine_factory`` replaces the real engine (tests)."""
    if refs is None:
        import posenqa.references as refs
    root = default_index_dir() if index_root is None else index_root
    factory = engine_factory or default_engine_factory(paper, index_root=root, model=model)
    return PosenqaApp(
        paper=paper, engine_factory=factory, refs=refs, marker_style=marker_style, k=k
    )


__all__ = ["PosenqaApp", "default_engine_factory", "make_app"]
