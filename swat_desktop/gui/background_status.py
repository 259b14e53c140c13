"""The status bar's corner for work the window does on its own (the day's check and backup):
what step it is on and how far, without a dialog in the way of the person working."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from swat_desktop.services.upkeep import STEPS


class BackgroundStatus(QWidget):
    """Hidden until a step is shown; a step whose total is unknown shows a busy bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setObjectName("statusDetail")
        self.bar = QProgressBar()
        self.bar.setFixedWidth(120)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        # One width for every step: the status bar squeezes its widgets to fit the database
        # path, and a width that changed with each step would move the texts beside it.
        # Measured with the font of the style sheet, which applies on polish, not here.
        self.label.ensurePolished()
        metrics = self.label.fontMetrics()
        self.label.setFixedWidth(4 + max(metrics.horizontalAdvance(f"{step}… 100 %")
                                         for step in STEPS))
        self.setToolTip("La aplicación comprueba la base de datos y hace el respaldo del día "
                        "mientras usted trabaja; si cierra la ventana, lo retoma al abrirla.")
        self.hide()

    def show_step(self, text: str, done: int, total: int) -> None:
        if total > 0:
            percent = min(100, done * 100 // total)
            self.label.setText(f"{text}… {percent} %")
            self.bar.setRange(0, 100)
            self.bar.setValue(percent)
        else:
            self.label.setText(f"{text}…")
            self.bar.setRange(0, 0)
        self.show()

    def finish(self) -> None:
        self.hide()
        self.bar.setRange(0, 100)
        self.bar.reset()
