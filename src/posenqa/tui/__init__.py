"""The terminal UI (Textual). Nothing outside this package imports it.

``make_app`` builds the app; ``posenqa tui`` runs it.
"""

from posenqa.tui.app import PosenqaApp, make_app

__all__ = ["PosenqaApp", "make_app"]
