"""A tab whose page is built the first time it is opened, so start-up pays only for what the
person sees first. The page scrolls where the window is too small for it (widgets.page_scroll)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget

from swat_desktop.gui.widgets import page_scroll


class LazyPage(QWidget):
    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None,
                 scroll: bool = True) -> None:
        """``scroll=False`` for a page that scrolls its own parts (a whole workspace)."""
        super().__init__(parent)
        self._build = build
        self._scroll = scroll
        self.page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> QWidget:
        if self.page is None:
            self.page = self._build()
            self._layout.addWidget(page_scroll(self.page) if self._scroll else self.page)
        return self.page
