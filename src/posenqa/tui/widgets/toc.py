"""The table of contents: the paper's sections as a tree, for the reader."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from posenqa.document import FRONT_MATTER, INTRODUCTION
from posenqa.textsafe import terminal_safe


def section_name(label: str, title: str) -> str:
    """A section's line in the contents: "2A The United States", "Introduction"."""
    if label == FRONT_MATTER:
        return "Front matter"
    if label == INTRODUCTION and not title:
        return "Introduction"
    return terminal_safe(f"{label} {title}".strip())


class TableOfContents(Tree[str]):
    """Sections (data: the section label); selecting one opens it in the reader."""

    def __init__(self, document: Any, **kwargs: Any) -> None:
        super().__init__("Contents", **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self._section_nodes: dict[str, TreeNode[str]] = {}
        if document.front_matter:
            self._add(self.root, FRONT_MATTER, "")
        # Subsections hang under the top-level section before them.
        parent = self.root
        for section in document.sections:
            if section.level <= 1:
                parent = self._add(self.root, section.label, section.title)
            else:
                self._add(parent, section.label, section.title)
        self.root.expand_all()

    def _add(self, parent: TreeNode[str], label: str, title: str) -> TreeNode[str]:
        # Tree labels are parsed as markup when given as str: pass a Text.
        node = parent.add(Text(section_name(label, title)), data=label, allow_expand=False)
        self._section_nodes[label] = node
        return node

    def select_label(self, label: str) -> None:
        """Move the cursor to the section ``label`` without opening it."""
        node = self._section_nodes.get(label)
        if node is not None:
            self.move_cursor(node)


__all__ = ["TableOfContents", "section_name"]
