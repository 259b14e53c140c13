"""The fonts every PDF draws in, registered with reportlab once, when the first writer loads.

Liberation Sans (resources/fonts, SIL OFL) is drawn with Helvetica's metrics, so the pages keep
the layout they had, and it travels inside each PDF: reportlab's standard Helvetica is only a
name, which every reader and printer replaced with a font of its own.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from swat_desktop.paths import resource

FONT = "LiberationSans"
FONT_BOLD = "LiberationSans-Bold"
FONT_ITALIC = "LiberationSans-Italic"


def _register_fonts() -> None:
    faces = {FONT: "LiberationSans-Regular.ttf", FONT_BOLD: "LiberationSans-Bold.ttf",
             FONT_ITALIC: "LiberationSans-Italic.ttf"}
    for name, file in faces.items():
        pdfmetrics.registerFont(TTFont(name, resource("fonts", file)))
    # <b> and <i> inside a paragraph pick the family's faces (no bold italic is shipped).
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                  boldItalic=FONT_BOLD)


_register_fonts()
