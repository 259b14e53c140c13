"""The Inoperatividad workspace: the point's records on the left (record_list), the Formato
Manual on the right — a new record being filled (editor_pane), or a saved one with its papers,
its annulment, its closure and its evaluation (viewer_pane) — and, in further sections, the
records waiting to be regularized in ATC, the deadlines of the report to the regulator and the
packages between points and Control e Información.

It is built from one AppContext. Each section reads the store itself and hears through the hub
what changed and who is working; the workspace only places them, moves between them and owns
the keyboard map and the outside world (print preview, mail client).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import InoperatividadRecord
from swat_desktop.domain.inoperatividad_flow import ReportDeadline
from swat_desktop.domain.inoperatividad_pads import Reservation
from swat_desktop.domain.permissions import Action, can, refusal
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.inoperatividad.buttons import add_shortcut, push_button
from swat_desktop.gui.inoperatividad.editor_pane import EditorPane
from swat_desktop.gui.inoperatividad.exchange_page import ExchangePage, keys_dir
from swat_desktop.gui.inoperatividad.form import RecordForm
from swat_desktop.gui.inoperatividad.pads_dialog import PadsDialog
from swat_desktop.gui.inoperatividad.queue import QueuePage, pending_text
from swat_desktop.gui.inoperatividad.record_list import RecordList
from swat_desktop.gui.inoperatividad.record_papers import RecordPapers
from swat_desktop.gui.inoperatividad.report_page import Due, ReportPage, deadline_summary
from swat_desktop.gui.inoperatividad.sync_panel import SyncAgent
from swat_desktop.gui.inoperatividad.transcription import TranscriptionPane
from swat_desktop.gui.inoperatividad.viewer_pane import ViewerPane
from swat_desktop.gui.inoperatividad.workplace import Workplace
from swat_desktop.gui.lazy import LazyPage
from swat_desktop.gui.signals import Change
from swat_desktop.gui.widgets import hold_widest, notice
from swat_desktop.services import inoperatividad_flow as flow

URGENT = QColor("#b3261e")
REPORT_TAB = "Reporte a Regulatorio"
NEW_RECORD = "&Nuevo registro"
BACK_TO_FORM = "&Volver al formulario sin guardar"
SAVED = ("Registro {number} guardado. Si el Sistema Administrativo ATC no está disponible, "
         "envíe el correo de contingencia e imprima el formato; regularícelo en ATC cuando "
         "vuelva.")
TRANSCRIBED = ("Formato en papel {number} transcrito con su correlativo impreso y las horas del "
               "papel. Guarde el papel con el registro; si aún no está en ATC, regularícelo.")


class InoperatividadWorkspace(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspace_inoperatividad")
        self.ctx = ctx
        self.place = Workplace(ctx)
        self.user = ctx.user  # whom the workspace is laid out for (its point, its form)
        self.papers = RecordPapers(ctx, lambda path: self.print_file(path),
                                   lambda link: self.open_url(link),
                                   lambda text: self.viewer.show_failure(text))
        self.records = RecordList(self.place)
        self.records.chosen.connect(lambda record: self.show_record(record))
        self.editor = EditorPane(self.place)
        self.editor.saved.connect(self._saved)
        self.editor.existing.connect(self._open_existing)
        self.editor.recovered.connect(self.show_editor)
        self.editor.begun_changed.connect(self._update_new_button)
        self.viewer = ViewerPane(self.place, self.papers)
        self.viewer.open_queue.connect(self.show_queue)
        self.transcription = TranscriptionPane(self.place)
        self.transcription.saved.connect(self._transcribed)
        self.transcription.left.connect(self.show_editor)
        self.pads_dialog: PadsDialog | None = None
        self.no_form = notice()  # instead of the form, for a role that cannot save one
        self.pages = QStackedWidget()
        self.pages.addWidget(self.editor)
        self.pages.addWidget(self.viewer)
        self.pages.addWidget(self._no_form_page())
        self.pages.addWidget(self.transcription)
        self.pages.setMinimumWidth(560)
        self.records.setMinimumWidth(260)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.records)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([400, 1000])  # the form first: it is what the counter needs
        splitter.setChildrenCollapsible(False)

        self.queue_section = LazyPage(lambda: QueuePage(self.place))
        self.report_section = LazyPage(self._build_report)
        # Pushes to the central server go on whether or not «Paquetes» was ever opened.
        self.sync_agent = SyncAgent(self.ctx, keys_dir(self.ctx), self)
        self.exchange_section = LazyPage(lambda: ExchangePage(self.place, self.sync_agent))
        self.sections = QTabWidget()
        self.sections.setDocumentMode(True)
        self.sections.addTab(splitter, "Registros")
        self.sections.addTab(self.queue_section, "Por regularizar en ATC")
        self.sections.addTab(self.report_section, REPORT_TAB)
        self.sections.addTab(self.exchange_section, "Paquetes")
        self.sections.currentChanged.connect(self._section_opened)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(self._header())
        layout.addWidget(self.editor.banner)
        layout.addWidget(self.sections, 1)
        for button, key in ((self.new_button, "Ctrl+N"), (self.editor.save_button, "Ctrl+S"),
                            (self.viewer.print_button, "Ctrl+P")):
            add_shortcut(self, button, key)
        ctx.hub.changed.connect(self._store_changed)
        ctx.hub.user_changed.connect(self._user_changed)
        self._show_point()
        self.update_pending()

    def _header(self) -> QHBoxLayout:
        title = QLabel("Inoperatividad")
        title.setObjectName("workspaceTitle")
        self.point_label = QLabel()
        self.point_label.setObjectName("workspaceSubtitle")
        self.new_button = push_button(NEW_RECORD, "Llenar el Formato Manual de un evento nuevo",
                                      self.new_record)
        hold_widest(self.new_button, (BACK_TO_FORM,))  # its text changes: the header does not
        self.blank_button = push_button("Imprimir formato en &blanco…", "El Formato Manual "
                                        "vacío, para tenerlo impreso en el punto por si el "
                                        "sistema no está disponible", self.print_blank)
        self.pads_button = push_button("T&alonarios…", "Formatos en blanco con correlativo "
                                       "reservado, para llenar a mano si el sistema cae, y su "
                                       "transcripción al volver", self.open_pads)
        self.pending_label = QLabel()  # the start page says how many wait for ATC
        self.pending_label.setObjectName("pendingLink")
        self.pending_label.setToolTip("Registros guardados aquí que falta registrar en el "
                                      "Sistema Administrativo ATC")
        self.pending_label.linkActivated.connect(lambda _link: self.show_queue())
        # The point's name and the pending count wrap under the title rather than push the
        # buttons out of a laptop's window.
        self.point_label.setWordWrap(True)
        self.pending_label.setWordWrap(True)
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(title)
        heading.addWidget(self.point_label)
        header = QHBoxLayout()
        header.addLayout(heading, 3)
        header.addSpacing(12)
        header.addWidget(self.pending_label, 2)
        header.addSpacing(12)
        header.addWidget(self.pads_button, 0, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.blank_button, 0, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignBottom)
        return header

    def _no_form_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Formato Manual de Registro de Inoperatividad")
        title.setObjectName("cardTitle")
        layout.addWidget(title)
        layout.addWidget(self.no_form)
        layout.addStretch(1)
        return page

    # -- who and where --------------------------------------------------------------------
    @property
    def refusal(self) -> str | None:
        """A role that may not save a Formato Manual is never handed a blank one to fill in."""
        return refusal(self.ctx.user, Action.SAVE_RECORD)

    def _show_point(self) -> None:
        point = self.place.point
        self.point_label.setText(
            f"{point.name} · {point.kind_label} · canal {point.channel_label.lower()}" if point
            else "Sin punto de atención propio: se muestran los registros de todos los puntos")
        why = self.refusal
        self.new_button.setVisible(why is None)
        self.pads_button.setVisible(can(self.ctx.user, Action.RESERVE_CORRELATIVOS))
        self.no_form.setText(
            f"{why} Con el perfil {self.ctx.user.role.label} puede consultar los registros de "
            "la lista e imprimir el formato en blanco; para registrar un evento, cambie de "
            "usuario (Archivo → Cambiar de usuario)." if why else "")
        self.show_editor()

    def _user_changed(self, user: UserProfile) -> None:
        """Each section follows the hub by itself; the workspace lays out the new user's."""
        if user == self.user:
            return
        self.user = user
        self.transcription.cancel()  # the paper stays reserved for whoever types it next
        self._show_point()
        self.update_pending()

    def _store_changed(self, changes: frozenset[Change]) -> None:
        if changes & {Change.RECORDS, Change.FLOW}:
            self.update_pending()

    # -- what the window and the self-test drive ----------------------------------------------
    @property
    def form(self) -> RecordForm:
        return self.editor.form

    @property
    def save_error(self) -> QLabel:
        return self.editor.save_error

    def save(self) -> InoperatividadRecord | None:
        """«Guardar» (Ctrl+S), only while the new form is on screen."""
        return self.editor.save() if self.pages.currentWidget() is self.editor else None

    def open_pdf(self) -> Path | None:
        return self.viewer.open_pdf()

    def print_blank(self) -> Path | None:
        return self.papers.blank_form()

    def refresh_offers(self) -> None:
        self.editor.refresh_offers()

    # -- moving between the pages ------------------------------------------------------------
    def select_record(self, record_id: int) -> None:
        self.records.select(record_id)

    def show_record(self, record: InoperatividadRecord, message: str = "",
                    warning: bool = False) -> None:
        self.editor.flush_draft()
        self.viewer.show_item(flow.flow_record(self.ctx.store, record.id), message, warning)
        self.sections.setCurrentIndex(0)
        self.pages.setCurrentWidget(self.viewer)
        self._update_new_button()

    def show_editor(self) -> None:
        self.records.mark(None)
        self.sections.setCurrentIndex(0)
        if self.refusal is not None:
            self.pages.setCurrentIndex(2)
            return
        self.pages.setCurrentWidget(self.editor)
        self._update_new_button()
        self.editor.form.point.setFocus()

    def new_record(self) -> None:
        """From a saved record: back to the form being filled. From a begun form: a blank one,
        the begun one staying a draft that the banner offers back."""
        if self.pages.currentWidget() is self.editor and self.editor.begun():
            self.editor.set_aside()
        self.show_editor()

    def _update_new_button(self) -> None:
        back = self.pages.currentWidget() is self.viewer and self.editor.begun()
        self.new_button.setText(BACK_TO_FORM if back else NEW_RECORD)

    def open_pads(self) -> PadsDialog:
        """«Talonarios…»: print a pad, list and annul its numbers, start a transcription."""
        dialog = PadsDialog(self.place, lambda path: self.print_file(path), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.transcribe_requested.connect(self.show_transcription)
        dialog.finished.connect(lambda _r: setattr(self, "pads_dialog", None))
        self.pads_dialog = dialog
        dialog.open()
        return dialog

    def show_transcription(self, reservation: Reservation) -> None:
        """The form for a paper of a pad, in place of the new form (which stays a draft)."""
        self.editor.flush_draft()
        self.records.mark(None)
        self.transcription.start(reservation)
        self.sections.setCurrentIndex(0)
        self.pages.setCurrentWidget(self.transcription)
        self._update_new_button()

    def _transcribed(self, record: InoperatividadRecord) -> None:
        self.records.mark(record.id)
        self.show_record(record, TRANSCRIBED.format(number=record.number))

    def _saved(self, record: InoperatividadRecord) -> None:
        self.records.mark(record.id)
        self.show_record(record, SAVED.format(number=record.number))

    def _open_existing(self, existing: InoperatividadRecord) -> None:
        """One open record per request type and point: the existing one is shown instead."""
        data, catalogue = existing.data, self.place.catalogue
        kind = catalogue.label(catalogue.request_types, data.request_type.value) \
            if data.request_type else ""
        started = format_datetime(data.started_at, LIMA) if data.started_at else ""
        self.records.mark(existing.id)
        self.show_record(existing, (
            f"Ya hay un registro abierto de {kind} en {existing.point.name}: el "
            f"{existing.number}, iniciado el {started}. Solo se admite un registro abierto por "
            "tipo de trámite en cada punto, así que se muestra ese. Su formulario no se guardó "
            "como registro nuevo: sigue como borrador en «Volver al formulario sin guardar»."),
            warning=True)
        self.ctx.hub.say(f"Ya existe el registro abierto {existing.number}; se muestra.")

    # -- the other sections -----------------------------------------------------------------
    def _build_report(self) -> ReportPage:
        page = ReportPage(self.place)
        page.counted.connect(self._show_deadlines)
        self._show_deadlines(page.model.rows)  # read before the signal was connected
        return page

    @property
    def queue(self) -> QueuePage:
        page = self.queue_section.ensure()
        assert isinstance(page, QueuePage)
        return page

    @property
    def report(self) -> ReportPage:
        page = self.report_section.ensure()
        assert isinstance(page, ReportPage)
        return page

    @property
    def exchange(self) -> ExchangePage:
        page = self.exchange_section.ensure()
        assert isinstance(page, ExchangePage)
        return page

    def _show_deadlines(self, due: list[Due]) -> None:
        """The tab says how many events are overdue or due soon, in red when any is."""
        urgent = sum(1 for _, _, state in due if state is not ReportDeadline.EN_PLAZO)
        index = self.sections.indexOf(self.report_section)
        self.sections.setTabText(index, f"{REPORT_TAB} ({urgent} por atender)" if urgent
                                 else REPORT_TAB)
        self.sections.tabBar().setTabTextColor(index, URGENT if urgent else QColor())
        self.sections.setTabToolTip(index, deadline_summary(due))

    def _section_opened(self, index: int) -> None:
        """A section is built when first opened; leaving the records writes the draft (the
        editor's hideEvent)."""
        section = self.sections.widget(index)
        if isinstance(section, LazyPage):
            section.ensure()

    def show_queue(self, record: InoperatividadRecord | None = None) -> QueuePage:
        """The queue section, on ``record`` if it is waiting there."""
        self.editor.flush_draft()
        self.sections.setCurrentWidget(self.queue_section)
        page = self.queue
        if record is not None:
            page.select_record(record.id)
        return page

    def update_pending(self) -> int:
        """The start of the workspace says how many records wait for ATC."""
        count = flow.pending_count(self.ctx.store, self.place.point_id)
        text = pending_text(count)
        self.pending_label.setText(f"<a href='queue' style='color: #8f1d17'>{text}</a>"
                                   if count else text)
        self.sections.setTabText(1, f"Por regularizar en ATC ({count})")
        return count

    # -- the outside world (tests replace these) ----------------------------------------------
    def print_file(self, path: Path) -> QDialog:
        from swat_desktop.gui.printing import preview_pdf  # the renderer, when first used

        return preview_pdf(path, self)

    def open_url(self, link: str) -> bool:
        """False when the computer has no program for mailto: links (Qt's answer)."""
        return QDesktopServices.openUrl(QUrl(link))
