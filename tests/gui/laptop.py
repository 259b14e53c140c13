"""Office laptop screens, and the check that a window fits one without squeezing anything.

Qt lays out in logical pixels: ``QT_SCALE_FACTOR=1.25`` (Windows' 125 %) makes a 1366×768
panel a 1093×614 logical screen and draws every logical pixel with 1.25 device pixels, fonts
included. So a window fits a scaled laptop when it fits that logical screen;
tests/gui/test_laptop_geometry.py also runs one size under a real ``QT_SCALE_FACTOR``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QLabel,
    QLayout,
    QScrollArea,
    QStackedLayout,
    QWidget,
)

# Windows 11's task bar is 48 logical pixels high; a window's title bar about 32 and its
# border one pixel each side. What is left is the client area a maximized window gets.
TASKBAR = 48
TITLE_BAR = 32
BORDER = 1


@dataclass(frozen=True)
class Laptop:
    width: int
    height: int
    scale: float

    @property
    def name(self) -> str:
        return f"{self.width}x{self.height}-{round(self.scale * 100)}"

    def client(self) -> QSize:
        """The logical size of a maximized window's contents on this screen."""
        width = int(self.width / self.scale) - 2 * BORDER
        height = int(self.height / self.scale) - TASKBAR - TITLE_BAR - BORDER
        return QSize(width, height)


WHOLE_AT_100 = ("verdictScroll",)
USUAL = Laptop(1366, 768, 1.0)
LAPTOPS = [USUAL, Laptop(1366, 768, 1.25), Laptop(1280, 720, 1.0),
           Laptop(1280, 720, 1.25)]


def _inside_scroll_area(widget: QWidget) -> bool:
    """A scroll area's contents may be larger than what shows: they scroll, not squeeze."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return True
        parent = parent.parentWidget()
    return False


def _path(widget: QWidget) -> str:
    """Where a widget is: its class and name, under its nearest named or custom ancestors."""
    names = []
    while widget is not None and len(names) < 4:
        name = type(widget).__name__ + (f"'{widget.objectName()}'" if widget.objectName()
                                        else "")
        if not name.startswith("Q") or widget.objectName() or not names:
            names.append(name)
        widget = widget.parentWidget()
    return " < ".join(names)


def _wraps_only_labels(layout: QLayout) -> bool:
    """Whether every item of ``layout`` whose height depends on its width is wrapped text."""
    if isinstance(layout, QStackedLayout):
        return False
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None or item.isEmpty() or not item.hasHeightForWidth():
            continue
        inner, widget = item.layout(), item.widget()
        if inner is not None and not _wraps_only_labels(inner):
            return False
        if widget is not None and not isinstance(widget, QLabel):
            return False
    return True


def squeezed(window: QWidget) -> list[str]:
    """Every visible widget given less room than its layout needs: there, Qt draws the
    layout's widgets over each other or cuts them. A scroll area's contents count at the
    size they really have (Qt gives them their minimum and scrolls)."""
    found = []
    for widget in [window, *window.findChildren(QWidget)]:
        layout = widget.layout()
        if layout is None or not widget.isVisible():
            continue
        if not layout.isEnabled() or (widget.isWindow() and widget is not window):
            continue
        need = layout.minimumSize().expandedTo(widget.minimumSize())
        # Wrapping text: the height the width it has needs. Only a label's "height for
        # width" is a need; a container's (a stack, a tab widget) is its preferred height,
        # and what is inside it is checked at its own level.
        if layout.hasHeightForWidth() and _wraps_only_labels(layout):
            need.setHeight(max(layout.minimumHeightForWidth(widget.width()),
                               widget.minimumHeight()))
        if widget.width() < need.width() or widget.height() < need.height():
            where = " (en un área con desplazamiento)" if _inside_scroll_area(widget) else ""
            found.append(f"{_path(widget)}{where}: "
                         f"{widget.width()}×{widget.height()} < {need.width()}×{need.height()}")
    return found


def scrolled_pages(window: QWidget, downwards: bool, parts: bool) -> list[str]:
    """Pages (widgets.page_scroll) that only show whole by scrolling: never sideways, where a
    page would hide its right-hand buttons; downwards only where ``downwards`` allows it. The
    parts in WHOLE_AT_100 count too where ``parts``: the verdict being written shows whole on
    the usual 1366×768 laptop at 100 %."""
    found = []
    names = ("pageScroll", *WHOLE_AT_100) if parts else ("pageScroll",)
    areas = [area for name in names for area in window.findChildren(QScrollArea, name)]
    for area in areas:
        if not area.isVisible() or area.widget() is None:
            continue
        page = _path(area.widget())
        if area.horizontalScrollBar().maximum() > 0:
            found.append(f"{page} se desplaza a lo ancho: necesita "
                         f"{area.widget().minimumSizeHint().width()} de ancho, tiene "
                         f"{area.viewport().width()}")
        if not downwards and area.verticalScrollBar().maximum() > 0:
            content = area.widget()
            need = max(content.heightForWidth(content.width()),
                       content.minimumSizeHint().height())
            found.append(f"{page} se desplaza hacia abajo: necesita {need} de alto, tiene "
                         f"{area.viewport().height()}")
    return found


def fits(window: QWidget, laptop: Laptop) -> list[str]:
    """What is wrong with ``window`` on ``laptop``: larger than the screen, squeezed, or a
    page that scrolls where it should not (at 100 % nothing does)."""
    room = laptop.client()
    problems = []
    if window.width() > room.width() or window.height() > room.height():
        problems.append(f"la ventana mide {window.width()}×{window.height()}, la pantalla "
                        f"deja {room.width()}×{room.height()}")
    return (problems + squeezed(window)
            + scrolled_pages(window, downwards=laptop.scale > 1, parts=laptop == USUAL))
