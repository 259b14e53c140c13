"""The Inoperatividad workspace: the point's records on the left, the Formato Manual on the
right — a new record being filled, or a saved one with its papers (PDF, contingency e-mail),
its annulment, its closure and its evaluation — and, in a second section, the records waiting
to be regularized in the Sistema Administrativo ATC.

What is typed is never lost: every change is saved as a draft half a second after the last key
(a tiny transaction, on the GUI thread), and an unsaved form is offered back by a banner that
says exactly what it is. Saving numbers the record and removes its draft in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QDesktopServices, QHideEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.errors import OutputError, ValidationError
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.identity import Role, UserProfile
from swat_desktop.domain.inoperatividad import (
    Catalogue,
    InoperatividadRecord,
    RecordInput,
    RecordStatus,
    ResponsibleRole,
    validate_record,
)
from swat_desktop.domain.inoperatividad_flow import FlowRecord, ReportDeadline, format_duration
from swat_desktop.gui.file_notice import WrittenFiles
from swat_desktop.gui.inoperatividad.closure_dialog import ClosureDialog
from swat_desktop.gui.inoperatividad.evaluation import EvaluationPanel
from swat_desktop.gui.inoperatividad.exchange_page import ExchangePage
from swat_desktop.gui.inoperatividad.form import DRAFT_STATE, RecordForm
from swat_desktop.gui.inoperatividad.qt_dates import now_in
from swat_desktop.gui.inoperatividad.queue import QueuePage, pending_text
from swat_desktop.gui.inoperatividad.recovery import RecoveryBanner
from swat_desktop.gui.inoperatividad.report_page import Due, ReportPage, deadline_summary
from swat_desktop.gui.lazy import LazyPage
from swat_desktop.gui.widgets import (
    error_label,
    hold_widest,
    notice,
    ok_cancel,
    open_at,
    read_only_table,
)
from swat_desktop.paths import resolve_paths
from swat_desktop.services import inoperatividad, inoperatividad_documents
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.inoperatividad import Draft, OpenRecordExists, StaleRecordError
from swat_desktop.services.store import Database

# After the first unsaved change (the timer is not restarted by the next keystrokes), so
# steady typing reaches the store every half second: well inside the one second.
AUTOSAVE_MS = 500
START_CLOCK_MS = 30_000
RETRY_MS = 3000  # a busy store (an import holding the write lock) gets a moment
log = logging.getLogger(__name__)
# Where the keyboard goes first when a save is refused: the order of the paper.
FIELD_ORDER = ("attention_point", "responsible_name", "responsible_role", "started_at",
               "ended_at", "applications", "request_type", "request_code", "scenario", "motivo",
               "detail", "alert_at", "alert_reference", "not_intermittent", "whole_point_down",
               "customers", "critical_attention")
DRAFT_NOTE = ("Se guarda solo mientras escribe: si se corta la luz o se cierra la ventana, se "
              "le ofrecerá recuperarlo.")
HEADERS = ("N.º", "Trámite", "Inicio", "Estado")
ANNULLED = QColor("#9aa5b1")
URGENT = QColor("#b3261e")
REPORT_TAB = "Reporte a Regulatorio"
BACK_TO_FORM = "&Volver al formulario sin guardar"
CONTINGENCY_TIP = ("Avisar a Fallas de Sistemas y Plataformas, con copia a Control e "
                   "Información y Control y Presupuesto, cuando el registro no se puede hacer "
                   "en ATC")


class RecordTableModel(QAbstractTableModel):
    """The point's records, newest first; a few hundred a year, read in one query."""

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.records: list[InoperatividadRecord] = []
        self.one_point = True

    def set_records(self, records: list[InoperatividadRecord], one_point: bool) -> None:
        """``one_point``: the list is one point's, so the correlativo alone names a record (the
        full number, with the point's code, is on the form beside it)."""
        self.beginResetModel()
        self.records = records
        self.one_point = one_point
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        record = self.records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(record)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and record.status is RecordStatus.ANULADO:
            return ANNULLED
        if role == Qt.ItemDataRole.ToolTipRole:
            return record.number + (f" · anulado: {record.annul_reason}"
                                    if record.status is RecordStatus.ANULADO else "")
        return None

    def cells(self, record: InoperatividadRecord) -> tuple[str, str, str, str]:
        data = record.data
        kind = self.catalogue.label(self.catalogue.request_types, data.request_type.value) \
            if data.request_type else ""
        started = format_datetime(data.started_at, LIMA) if data.started_at else ""
        number = f"{record.correlativo:06d}" if self.one_point else record.number
        return number, kind, started, record.status.label

    def row_of(self, record_id: int) -> int | None:
        return next((row for row, r in enumerate(self.records) if r.id == record_id), None)


class AnnulDialog(QDialog):
    """A record is never deleted: it is annulled with a reason and its number stays used."""

    def __init__(self, db: Database, user: UserProfile, record: InoperatividadRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.user = user
        self.record = record
        self.annulled: InoperatividadRecord | None = None
        self.setWindowTitle(f"Anular el registro {record.number}")
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Motivo de la anulación")
        self.reason.setPlaceholderText("Por qué se anula: registrado por error, duplicado…")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(90)
        self.error = error_label()
        self.buttons = ok_cancel(self, "Anular registro")
        label = QLabel("&Motivo de la anulación")
        label.setBuddy(self.reason)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.addWidget(notice("El registro no se borra: queda anulado con este motivo, en la "
                                "auditoría, y su correlativo no se vuelve a usar."))
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.reason.setFocus()
        open_at(self, 480)

    def accept(self) -> None:
        try:
            self.annulled = inoperatividad.annul(self.db, self.user, self.record.id,
                                                 self.record.version,
                                                 self.reason.toPlainText())
        except ValidationError as exc:
            self.error.setText("\n".join(exc.errors.values()))
            self.error.show()
            return
        except StaleRecordError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    widget.setAutoFillBackground(False)
    area.viewport().setAutoFillBackground(False)
    return area


class InoperatividadWorkspace(QWidget):
    changed = Signal()  # a record was saved, annulled, regularized, closed or evaluated
    status_message = Signal(str)
    file_written = Signal(object)  # a WrittenFiles for the window's notice

    def __init__(self, db: Database, user: UserProfile, exports_dir: Path | None = None,
                 parent: QWidget | None = None, keys_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspace_inoperatividad")
        self.db = db
        self.user = user
        self.exports_dir = exports_dir or Path.home()
        # The point's signing keys on this computer (the per-user configuration folder).
        self.keys_dir = keys_dir or resolve_paths().package_keys_dir
        self.catalogue = inoperatividad.catalogue(db)
        self.points = inoperatividad.attention_points(db)
        self.point = inoperatividad.user_point(db, user)
        # A role that may not save a Formato Manual is never handed a blank one to fill in.
        self.refusal = inoperatividad.form_refusal(user)
        self.draft_id: int | None = None
        self.pending = False  # changes on screen not yet in the draft
        self.attempted = False  # a save was tried: every message shows, not only touched ones
        self.record: InoperatividadRecord | None = None  # the one on the viewer page
        self.flow_item: FlowRecord | None = None  # its regularization, closure, evaluation
        self.annul_dialog: AnnulDialog | None = None
        self.closure_dialog: ClosureDialog | None = None
        self.confirm: QMessageBox | None = None

        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.flush_draft)
        self.start_clock = QTimer(self)  # a new form's proposed start follows the time
        self.start_clock.setInterval(START_CLOCK_MS)
        self.start_clock.timeout.connect(self.follow_clock)
        self.start_clock.start()

        self.banner = RecoveryBanner(LIMA)
        self.banner.recover_requested.connect(self.recover)
        self.banner.discard_confirmed.connect(self._discard_offered)

        title = QLabel("Inoperatividad")
        title.setObjectName("workspaceTitle")
        self.point_label = QLabel()
        self.point_label.setObjectName("workspaceSubtitle")
        self.new_button = self._button("&Nuevo registro", self.new_record, "Ctrl+N",
                                       "Llenar el Formato Manual de un evento nuevo")
        hold_widest(self.new_button, (BACK_TO_FORM,))  # its text changes: the header does not
        self.blank_button = self._button("Imprimir formato en &blanco…", self.print_blank, None,
                                         "El Formato Manual vacío, para tenerlo impreso en el "
                                         "punto por si el sistema no está disponible")
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
        header.addWidget(self.blank_button, 0, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.model = RecordTableModel(self.catalogue, self)
        self.table = read_only_table(QTableView(), "inoperatividadTable")
        self.table.setModel(self.model)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.records_title = QLabel()
        self.records_title.setObjectName("cardTitle")
        self.no_records = notice("Todavía no hay registros de inoperatividad aquí. Los que "
                                 "guarde aparecerán en esta lista con su correlativo.")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        left_layout.addWidget(self.records_title)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.no_records, 1, Qt.AlignmentFlag.AlignTop)

        self.form = RecordForm(self.catalogue, self.points, db.clock)
        self.form.edited.connect(self._edited)
        self.editor_title = QLabel("Nuevo registro de inoperatividad")
        self.editor_title.setObjectName("cardTitle")
        self.draft_state = notice(DRAFT_NOTE)
        self.discard_button = self._button("Descartar formulario…", self.ask_discard, None,
                                           "Borrar lo escrito y empezar de nuevo")
        self.save_error = error_label()
        self.save_button = self._button("&Guardar registro", self.save, "Ctrl+S",
                                        "Validar el formulario, asignar el correlativo y "
                                        "guardarlo")
        self.save_button.setDefault(True)
        editor_bar = QHBoxLayout()
        editor_bar.addWidget(self.discard_button)
        editor_bar.addWidget(self.save_error, 10)
        editor_bar.addStretch(1)
        editor_bar.addWidget(self.save_button)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.editor_title)
        editor_layout.addWidget(self.draft_state)
        self.form_scroll = _scroll(self.form)
        editor_layout.addWidget(self.form_scroll, 1)
        editor_layout.addLayout(editor_bar)

        self.viewer = RecordForm(self.catalogue, self.points, db.clock, read_only=True)
        self.viewer_message = QLabel()
        self.viewer_message.setObjectName("workspaceSubtitle")
        self.viewer_message.setWordWrap(True)
        self.viewer_message.setTextFormat(Qt.TextFormat.PlainText)
        self.viewer_warning = QLabel()  # the existing record shown instead of a new one
        self.viewer_warning.setObjectName("alertBanner")
        self.viewer_warning.setWordWrap(True)
        self.viewer_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.viewer_error = error_label()
        self.print_button = self._button("&Imprimir…", self.open_pdf, "Ctrl+P",
                                         "Vista previa e impresión del formato lleno; el "
                                         "PDF queda guardado en la carpeta de exportaciones")
        self.email_button = self._button("Correo de &contingencia", self.send_email, None,
                                         CONTINGENCY_TIP)
        self.eml_button = self._button("Guardar .&eml…", self.choose_eml, None,
                                       "El mismo correo como archivo, para abrirlo en Outlook "
                                       "o enviarlo desde otro equipo")
        self.annul_button = self._button("An&ular…", self.open_annul, None,
                                         "Anular el registro con un motivo; no se borra")
        self.close_button = self._button("Cerrar even&to…", self.open_closure, None,
                                         "Fin, motivo de cierre y sustento, cuando los "
                                         "aplicativos se restablezcan")
        viewer_bar = QHBoxLayout()
        viewer_bar.addWidget(self.annul_button)
        viewer_bar.addWidget(self.close_button)
        viewer_bar.addStretch(1)
        for button in (self.eml_button, self.email_button, self.print_button):
            viewer_bar.addWidget(button)
        viewer_page = QWidget()
        viewer_layout = QVBoxLayout(viewer_page)
        viewer_layout.setContentsMargins(0, 0, 0, 0)
        viewer_layout.addWidget(self.viewer_warning)
        viewer_layout.addWidget(self.viewer_message)
        viewer_layout.addWidget(self.viewer_error)
        self.evaluation = EvaluationPanel(db, user, self.catalogue)
        self.evaluation.written.connect(self._flow_written)
        self.evaluation.reloaded.connect(self._flow_reloaded)
        self.evaluation.open_queue.connect(lambda: self.show_queue(self.record))
        self.viewer_tabs = QTabWidget()
        self.viewer_tabs.setDocumentMode(True)
        self.viewer_tabs.addTab(_scroll(self.viewer), "Formato manual")
        self.viewer_tabs.addTab(_scroll(self.evaluation), "Seguimiento y evaluación")
        viewer_layout.addWidget(self.viewer_tabs, 1)
        viewer_layout.addLayout(viewer_bar)

        self.no_form = notice()  # instead of the form, for a role that cannot save one
        no_form_page = QWidget()
        no_form_layout = QVBoxLayout(no_form_page)
        no_form_layout.setContentsMargins(0, 0, 0, 0)
        no_form_title = QLabel("Formato Manual de Registro de Inoperatividad")
        no_form_title.setObjectName("cardTitle")
        no_form_layout.addWidget(no_form_title)
        no_form_layout.addWidget(self.no_form)
        no_form_layout.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(editor)
        self.pages.addWidget(viewer_page)
        self.pages.addWidget(no_form_page)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([400, 1000])  # the form first: it is what the counter needs
        splitter.setChildrenCollapsible(False)
        left.setMinimumWidth(260)
        self.pages.setMinimumWidth(560)

        self.queue_section = LazyPage(self._build_queue)
        self.report_section = LazyPage(self._build_report)
        self.exchange_section = LazyPage(self._build_exchange)
        self.sections = QTabWidget()
        self.sections.setDocumentMode(True)
        self.sections.addTab(splitter, "Registros")
        self.sections.addTab(self.queue_section, "Por regularizar en ATC")
        self.sections.addTab(self.report_section, REPORT_TAB)
        self.sections.addTab(self.exchange_section, "Paquetes")
        self.sections.currentChanged.connect(self._section_opened)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.sections, 1)

        self.form.rows_changed.connect(self._fix_tab_order)
        self._fix_tab_order()
        self._show_point()
        self.reset_editor()
        self.reload_records()
        self.refresh_offers()
        self.changed.connect(self.update_pending)
        self.update_pending()

    def _button(self, text: str, slot: Callable[[], object], key: str | None,
                tip: str) -> QPushButton:
        """A button whose shortcut works while the keyboard is anywhere in this workspace."""
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: slot())
        if key is not None:
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda: button.isVisible() and button.click())
            self.addAction(action)
            tip = f"{tip} ({QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)})"
        button.setToolTip(tip)
        return button

    def _fix_tab_order(self) -> None:
        self.form.fix_tab_order([self.discard_button, self.save_button])

    # -- who and where --------------------------------------------------------------------
    def _show_point(self) -> None:
        self.point_label.setText(
            f"{self.point.name} · {self.point.kind_label} · canal "
            f"{self.point.channel_label.lower()}" if self.point else
            "Sin punto de atención propio: se muestran los registros de todos los puntos")
        self.records_title.setText(f"Registros de {self.point.name}" if self.point
                                   else "Registros de todos los puntos")
        # A CAC supervisor answers for their own point only (the service refuses others too).
        own = self.user.role is Role.SUPERVISOR_CAC and self.point is not None
        self.form.point.setEnabled(not own)
        self.form.point.setToolTip("Su punto de atención" if own else "")
        self.new_button.setVisible(self.refusal is None)
        if self.refusal is not None:
            self.pages.setCurrentIndex(2)
        self.no_form.setText(
            f"{self.refusal} Con el perfil {self.user.role.label} puede consultar los "
            "registros de la lista e imprimir el formato en blanco; para registrar un evento, "
            "cambie de usuario (Archivo → Cambiar de usuario)." if self.refusal else "")

    def set_user(self, user: UserProfile) -> None:
        """What is on screen was typed by the previous user: it stays as their draft."""
        if user == self.user:
            return
        self.flush_draft()
        self.user = user
        self.point = inoperatividad.user_point(self.db, user)
        self.refusal = inoperatividad.form_refusal(user)
        self.draft_id = None
        self._show_point()
        self.reset_editor()
        self.reload_records()
        self.show_editor()
        self.refresh_offers()
        self.evaluation.set_user(user)
        if self.queue_section.page is not None:
            self.queue.set_user(user, self.point)
        if self.report_section.page is not None:
            self.report.set_user(user)
        if self.exchange_section.page is not None:
            self.exchange.set_user(user, self.point)
        self.update_pending()

    def defaults(self) -> RecordInput:
        """A new form: this person, their point, now."""
        return RecordInput(
            attention_point_id=self.point.id if self.point else None,
            responsible_name=self.user.full_name,
            responsible_role=ResponsibleRole.SUPERVISOR
            if self.user.role is Role.SUPERVISOR_CAC else None,
            started_at=now_in(self.db.clock, LIMA),
        )

    # -- the list -------------------------------------------------------------------------
    def reload_records(self, select: int | None = None) -> None:
        self.model.set_records(inoperatividad.list_records(
            self.db, self.point.id if self.point else None), one_point=self.point is not None)
        self.table.setVisible(bool(self.model.records))
        self.no_records.setVisible(not self.model.records)
        row = self.model.row_of(select) if select is not None else None
        model = self.table.selectionModel()
        model.blockSignals(True)
        if row is None:
            model.clearSelection()
            model.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
        else:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        model.blockSignals(False)

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_record(self.model.records[current.row()])

    def select_record(self, record_id: int) -> None:
        row = self.model.row_of(record_id)
        if row is not None:
            self.table.selectRow(row)

    # -- the new form ---------------------------------------------------------------------
    def reset_editor(self) -> None:
        self.autosave.stop()
        self.pending = False
        self.form.load(self.defaults())
        self.form.set_number(None, DRAFT_STATE)
        self.attempted = False
        self.save_error.hide()
        self.draft_state.setText("Formulario nuevo. " + DRAFT_NOTE)
        self._update_new_button()

    def show_editor(self) -> None:
        self.record = None
        self.flow_item = None
        self.reload_records()
        self.sections.setCurrentIndex(0)
        if self.refusal is not None:
            self.pages.setCurrentIndex(2)
            return
        self.pages.setCurrentIndex(0)
        self._update_new_button()
        self.form.point.setFocus()

    def follow_clock(self) -> None:
        """While nothing has been written in the new form, its start time is now."""
        if not self.begun():
            self.form.follow_clock(now_in(self.db.clock, LIMA))

    def begun(self) -> bool:
        """The new form on screen has been written in."""
        return self.draft_id is not None or self.pending

    def new_record(self) -> None:
        """From a saved record: back to the form being filled. From a begun form: a blank one,
        the begun one staying a draft that the banner offers back."""
        if self.pages.currentIndex() == 0 and self.begun():
            self.flush_draft()
            self.draft_id = None
            self.reset_editor()
            self.refresh_offers()
            self.status_message.emit("El formulario anterior quedó sin guardar: el aviso de "
                                     "arriba permite recuperarlo.")
        self.show_editor()

    def _update_new_button(self) -> None:
        back = self.pages.currentIndex() == 1 and self.begun()
        self.new_button.setText(BACK_TO_FORM if back else "&Nuevo registro")

    def _edited(self) -> None:
        self.pending = True
        if not self.autosave.isActive():  # not restarted: steady typing is saved too
            self.autosave.start()
        self.validate()
        self._update_new_button()

    def validate(self) -> dict[str, str]:
        """Live messages: a field speaks once touched, every field after a save attempt."""
        errors = validate_record(self.form.value(), self.catalogue, self.user.role,
                                 self.db.clock.now())
        shown = errors if self.attempted else {k: v for k, v in errors.items()
                                              if k in self.form.touched}
        self.form.show_errors(shown)
        self._summary(errors if self.attempted else {})
        return errors

    def _summary(self, errors: dict[str, str]) -> None:
        count = len(errors)
        self.save_error.setText(
            "" if not count else
            f"Falta completar o corregir {count} dato{'s' if count > 1 else ''}: vea los "
            "mensajes en rojo junto a cada campo.")
        self.save_error.setVisible(bool(count))

    def flush_draft(self) -> None:
        """Write the pending change now (the timer's work, or before anything that moves on)."""
        self.autosave.stop()
        if not self.pending:
            return  # nothing typed since the last write
        try:
            self.draft_id = inoperatividad.save_draft(self.db, self.user, self.form.value(),
                                                      self.draft_id)
        except Exception:  # the store is busy or gone: keep the change and try again
            log.warning("Draft autosave failed; retrying", exc_info=True)
            self.draft_state.setText("No se pudo guardar el borrador (la base de datos está "
                                     "ocupada): se reintenta en unos segundos.")
            self.autosave.start(RETRY_MS)
            return
        self.pending = False
        self.autosave.setInterval(AUTOSAVE_MS)
        self.draft_state.setText(f"Borrador guardado a las {now_in(self.db.clock, LIMA):%H:%M}. "
                                 + DRAFT_NOTE)
        self._update_new_button()

    def save(self) -> InoperatividadRecord | None:
        if self.pages.currentIndex() != 0:
            return None
        self.attempted = True
        data = self.form.value()
        errors = self.validate()
        if errors:
            self.flush_draft()
            self._focus_first(errors)
            self.status_message.emit("No se guardó: revise los mensajes en rojo.")
            return None
        try:
            record = inoperatividad.save_record(self.db, self.user, data, self.draft_id)
        except ValidationError as exc:
            self.flush_draft()
            self.form.show_errors(exc.errors)
            self._summary(exc.errors)
            self._focus_first(exc.errors)
            return None
        except OpenRecordExists as exc:
            self.flush_draft()
            self._open_existing(exc.record)
            return None
        self.draft_id = None
        self.reset_editor()
        self.reload_records(select=record.id)
        self.show_record(record, f"Registro {record.number} guardado. Si el Sistema "
                                 "Administrativo ATC no está disponible, envíe el correo de "
                                 "contingencia e imprima el formato; regularícelo en ATC "
                                 "cuando vuelva.")
        self.changed.emit()
        self.status_message.emit(f"Registro {record.number} guardado.")
        return record

    def _focus_first(self, errors: dict[str, str]) -> None:
        key = next((k for k in FIELD_ORDER if k in errors), None)
        widget = self.form.field_widget(key) if key else None
        if widget is not None:
            widget.setFocus()
            self.form_scroll.ensureWidgetVisible(widget, 50, 80)

    def _open_existing(self, existing: InoperatividadRecord) -> None:
        """One open record per request type and point: the existing one is shown instead."""
        data = existing.data
        kind = self.catalogue.label(self.catalogue.request_types, data.request_type.value) \
            if data.request_type else ""
        started = format_datetime(data.started_at, LIMA) if data.started_at else ""
        self.reload_records(select=existing.id)
        self.show_record(existing, (
            f"Ya hay un registro abierto de {kind} en {existing.point.name}: el "
            f"{existing.number}, iniciado el {started}. Solo se admite un registro abierto por "
            "tipo de trámite en cada punto, así que se muestra ese. Su formulario no se guardó "
            "como registro nuevo: sigue como borrador en «Volver al formulario sin guardar»."),
            warning=True)
        self.status_message.emit(f"Ya existe el registro abierto {existing.number}; se muestra.")

    def ask_discard(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, "Descartar formulario",
                          "¿Borrar lo escrito en este formulario y empezar uno nuevo?\n\nNo se "
                          "podrá recuperar.", QMessageBox.StandardButton.NoButton, self)
        discard = box.addButton("Descartar", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Conservar", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        discard.clicked.connect(self.discard_form)
        box.finished.connect(lambda _r: setattr(self, "confirm", None))
        self.confirm = box
        box.open()
        return box

    def discard_form(self) -> None:
        if self.draft_id is not None:
            inoperatividad.discard_draft(self.db, self.user, self.draft_id)
        self.draft_id = None
        self.reset_editor()
        self.status_message.emit("Formulario descartado.")

    # -- drafts left from before ------------------------------------------------------------
    def offers(self) -> list[Draft]:
        """Unsaved forms of this person, except the one on screen."""
        return [d for d in inoperatividad.pending_drafts(self.db, self.user, self.catalogue)
                if d.id != self.draft_id]

    def refresh_offers(self) -> None:
        self.banner.offer(self.offers())

    @property
    def recovery_pending(self) -> bool:
        return self.banner.draft is not None

    def recover(self, draft: Draft) -> None:
        """The form comes back exactly as it was; the one on screen, if begun, stays a draft."""
        self.flush_draft()
        self.draft_id = draft.id
        self.form.load(draft.data)
        self.form.set_number(None, DRAFT_STATE)
        self.attempted = False
        self.save_error.hide()
        self.draft_state.setText(f"Recuperado: {draft.title}. " + DRAFT_NOTE)
        self.show_editor()
        self.refresh_offers()
        self.status_message.emit(f"Formulario recuperado: {draft.title}.")

    def _discard_offered(self, draft: Draft) -> None:
        inoperatividad.discard_draft(self.db, self.user, draft.id)
        self.refresh_offers()
        self.status_message.emit(f"Formulario sin guardar descartado: {draft.title}.")

    def hideEvent(self, event: QHideEvent) -> None:
        """Closing the window or changing tab writes the last keystrokes right away."""
        self.flush_draft()
        super().hideEvent(event)

    # -- a saved record ---------------------------------------------------------------------
    def show_record(self, record: InoperatividadRecord, message: str = "",
                    warning: bool = False, item: FlowRecord | None = None) -> None:
        """``item``: the record's flow when the caller has just read it (after a write)."""
        self.flush_draft()
        self.flow_item = item if item is not None else flow.flow_record(self.db, record.id)
        record = self.flow_item.record
        self.record = record
        self.viewer.load(record.data)
        state = (f"{record.status.label} · registrado por {record.created_by or '—'} el "
                 f"{format_datetime(record.created_at, LIMA)}")
        if record.status is RecordStatus.ANULADO:
            state += f" · anulado: {record.annul_reason}"
        else:
            state += f" · {self._regularization_text(self.flow_item)}"
        self.viewer.set_number(record.number, state)
        self.evaluation.set_item(self.flow_item)
        self.viewer_warning.setText(message if warning else "")
        self.viewer_warning.setVisible(bool(message) and warning)
        self.viewer_message.setText("" if warning else message)
        self.viewer_message.setVisible(bool(message) and not warning)
        self.viewer_error.hide()
        self.annul_button.setEnabled(record.status is not RecordStatus.ANULADO)
        self._follow_state(record)
        self.sections.setCurrentIndex(0)
        self.pages.setCurrentIndex(1)
        self._update_new_button()

    def _follow_state(self, record: InoperatividadRecord) -> None:
        """The contingency e-mail asks Fallas to act on a failure going on now: it is offered
        while the event is open, like «Cerrar evento…», and not once it is closed or annulled."""
        is_open = record.status is RecordStatus.ABIERTO
        for button in (self.email_button, self.eml_button, self.close_button):
            button.setEnabled(is_open)
        why = "" if is_open else f" (el evento está {record.status.label.lower()})"
        self.email_button.setToolTip(CONTINGENCY_TIP + why)

    @staticmethod
    def _regularization_text(item: FlowRecord) -> str:
        if item.flow.atc_number:
            return f"regularizado en ATC (N.º {item.flow.atc_number})"
        return "por regularizar en ATC"

    def _failed(self, what: str, error: OSError) -> None:
        reason = ("el archivo está abierto en otro programa o la carpeta no admite escribir"
                  if isinstance(error, PermissionError) else str(error))
        self.viewer_error.setText(str(error) if isinstance(error, OutputError)
                                  else f"No se pudo {what}: {reason}.")
        self.viewer_error.show()
        self.status_message.emit(f"No se pudo {what}.")

    def open_pdf(self) -> Path | None:
        """The filled form as PDF in the exports folder, shown in the print preview."""
        if self.record is None:
            return None
        path = self.exports_dir / f"Inoperatividad {self.record.number}.pdf"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            inoperatividad_documents.write_filled_forms(self.db, [self.record.id], path)
        except OSError as exc:
            self._failed("generar el PDF", exc)
            return None
        self.print_file(path)
        self.status_message.emit(f"Formato {self.record.number} guardado en {path}")
        self.file_written.emit(WrittenFiles(f"Formato {self.record.number} guardado.", (path,)))
        return path

    def print_blank(self) -> Path | None:
        path = self.exports_dir / "Formato manual de inoperatividad (en blanco).pdf"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            inoperatividad_documents.write_blank_form(self.db, path)
        except OSError as exc:
            self._failed("generar el formato en blanco", exc)
            return None
        self.print_file(path)
        self.status_message.emit(f"Formato en blanco guardado en {path}")
        self.file_written.emit(WrittenFiles("Formato manual en blanco guardado.", (path,)))
        return path

    def send_email(self) -> str | None:
        """The contingency message in the mail client; when the computer has none, the .eml
        in the exports folder and its text on screen, to send from elsewhere."""
        if self.record is None:
            return None
        link = inoperatividad_documents.email_link(self.db, self.record.id)
        if self.open_url(link):
            self.status_message.emit("Se abrió el correo de contingencia en su programa de "
                                     "correo.")
            return link
        path = self.save_eml(self.exports_dir / f"Contingencia {self.record.number}.eml",
                             "No se abrió ningún programa de correo en este equipo. El correo "
                             "quedó guardado como .eml; también puede copiar el texto y "
                             "enviarlo desde el correo web u otro equipo.")
        return link if path is not None else None

    def choose_eml(self) -> None:
        if self.record is None:
            return
        target, _ = QFileDialog.getSaveFileName(
            self, "Guardar correo de contingencia",
            str(self.exports_dir / f"Contingencia {self.record.number}.eml"),
            "Correo (*.eml)")
        if target:
            path = Path(target) if target.lower().endswith(".eml") else Path(f"{target}.eml")
            self.exports_dir = path.parent
            self.save_eml(path)

    def save_eml(self, path: Path, why: str = "Correo de contingencia guardado.") -> Path | None:
        if self.record is None:
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            inoperatividad_documents.write_email(self.db, self.record.id, path)
        except OSError as exc:
            self._failed("guardar el correo", exc)
            return None
        self.status_message.emit(f"Correo de contingencia guardado en {path}")
        self.file_written.emit(WrittenFiles(why, (path,), inoperatividad_documents.email_text(
            self.db, self.record.id)))
        return path

    def open_annul(self) -> AnnulDialog | None:
        if self.record is None or self.record.status is RecordStatus.ANULADO:
            return None
        dialog = AnnulDialog(self.db, self.user, self.record, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._annulled(dialog.annulled))
        dialog.finished.connect(lambda _r: setattr(self, "annul_dialog", None))
        self.annul_dialog = dialog
        dialog.open()
        return dialog

    def _annulled(self, record: InoperatividadRecord | None) -> None:
        if record is None:
            return
        self.reload_records(select=record.id)
        self.show_record(record, f"Registro {record.number} anulado. Su correlativo no se "
                                 "vuelve a usar.")
        self.changed.emit()
        self.status_message.emit(f"Registro {record.number} anulado.")

    # -- after the form: the ATC queue, closure, evaluation ---------------------------------
    def _build_queue(self) -> QueuePage:
        page = QueuePage(self.db, self.user, self.catalogue, self.point, self.exports_dir)
        page.status_message.connect(self.status_message)
        page.file_written.connect(self.file_written)
        page.regularized.connect(self._regularized_in_queue)
        return page

    @property
    def queue(self) -> QueuePage:
        page = self.queue_section.ensure()
        assert isinstance(page, QueuePage)
        return page

    def _build_report(self) -> ReportPage:
        page = ReportPage(self.db, self.user, self.catalogue, self.exports_dir)
        page.counted.connect(self._show_deadlines)
        page.status_message.connect(self.status_message)
        page.file_written.connect(self.file_written)
        page.reported.connect(self.changed)
        self._show_deadlines(page.model.due)  # read before the signal was connected
        return page

    @property
    def report(self) -> ReportPage:
        page = self.report_section.ensure()
        assert isinstance(page, ReportPage)
        return page

    def _show_deadlines(self, due: list[Due]) -> None:
        """The tab says how many events are overdue or due soon, in red when any is."""
        urgent = sum(1 for _, _, state in due if state is not ReportDeadline.EN_PLAZO)
        index = self.sections.indexOf(self.report_section)
        self.sections.setTabText(index, f"{REPORT_TAB} ({urgent} por atender)" if urgent
                                 else REPORT_TAB)
        self.sections.tabBar().setTabTextColor(index, URGENT if urgent else QColor())
        self.sections.setTabToolTip(index, deadline_summary(due))

    def _build_exchange(self) -> ExchangePage:
        page = ExchangePage(self.db, self.user, self.point, self.exports_dir, self.keys_dir)
        page.status_message.connect(self.status_message)
        page.file_written.connect(self.file_written)
        page.imported.connect(self._packages_imported)
        return page

    @property
    def exchange(self) -> ExchangePage:
        page = self.exchange_section.ensure()
        assert isinstance(page, ExchangePage)
        return page

    def _packages_imported(self) -> None:
        self.reload_records(select=self.record.id if self.record else None)
        self._refresh_built(skip=self.exchange_section)
        self.changed.emit()

    def _readers(self) -> dict[LazyPage, Callable[[], object]]:
        """The sections that show what is in the store, each with how it reads it again."""
        return {self.queue_section: lambda: self.queue.refresh(),
                self.report_section: lambda: self.report.refresh()}

    def _refresh_built(self, skip: LazyPage | None = None) -> None:
        """Sections already built show the store as it is now; unbuilt ones read it when
        opened."""
        for section, refresh in self._readers().items():
            if section.page is not None and section is not skip:
                refresh()

    def _section_opened(self, index: int) -> None:
        section = self.sections.widget(index)
        if isinstance(section, LazyPage):
            built = section.page is not None
            section.ensure()
            refresh = self._readers().get(section)
            if built and refresh is not None:  # a page built just now already read it
                refresh()
        if section is not self.sections.widget(0):
            self.flush_draft()

    def show_queue(self, record: InoperatividadRecord | None = None) -> QueuePage:
        """The queue section, on ``record`` if it is waiting there."""
        self.flush_draft()
        self.sections.setCurrentWidget(self.queue_section)
        page = self.queue
        if record is not None:
            page.select_record(record.id)
        return page

    def update_pending(self) -> int:
        """The start of the workspace says how many records wait for ATC."""
        count = flow.pending_count(self.db, self.point.id if self.point else None)
        text = pending_text(count)
        self.pending_label.setText(f"<a href='queue' style='color: #8f1d17'>{text}</a>"
                                   if count else text)
        self.sections.setTabText(1, f"Por regularizar en ATC ({count})")
        return count

    def _regularized_in_queue(self, item: FlowRecord) -> None:
        self.reload_records(select=self.record.id if self.record else None)
        if self.record is not None and self.record.id == item.record.id:
            self.show_record(item.record, item=item)
            self.sections.setCurrentWidget(self.queue_section)
        self.changed.emit()

    def _flow_written(self, item: FlowRecord, message: str) -> None:
        """A write from the evaluation panel or a dialog: the list, the viewer and the queue
        show it, and the main window hears that audit rows were written."""
        self.reload_records(select=item.record.id)
        self.show_record(item.record, message, item=item)
        self._refresh_built()
        self.changed.emit()
        self.status_message.emit(message)

    def _flow_reloaded(self, item: FlowRecord) -> None:
        """Somebody else changed the record: keep the viewer's version in step with it."""
        self.record = item.record
        self.flow_item = item
        self.reload_records(select=item.record.id)
        self.viewer.load(item.record.data)
        self._follow_state(item.record)
        self.update_pending()

    def open_closure(self) -> ClosureDialog | None:
        item = self.flow_item
        if item is None or item.record.status is not RecordStatus.ABIERTO:
            return None
        dialog = ClosureDialog(self.db, self.user, item, self.catalogue, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._closed(dialog.closed))
        dialog.rejected.connect(lambda: self._refresh_record())
        dialog.finished.connect(lambda _r: setattr(self, "closure_dialog", None))
        self.closure_dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, item: FlowRecord | None) -> None:
        if item is None:
            return
        lasted = item.evaluation.duration
        message = (f"Evento {item.record.number} cerrado"
                   + (f" tras {format_duration(lasted)}" if lasted else "") + "."
                   + (" Duró más de 1 hora: se informa en la evaluación."
                      if item.evaluation.over_one_hour else ""))
        self._flow_written(item, message)
        self.viewer_tabs.setCurrentIndex(1)  # what comes next: the evaluation

    def _refresh_record(self) -> None:
        """After a dialog was cancelled, perhaps because somebody else changed the record."""
        if self.record is None:
            return
        fresh = flow.flow_record(self.db, self.record.id)
        if fresh.record.version != self.record.version:
            self._flow_reloaded(fresh)
            self.evaluation.set_item(fresh)

    # -- the outside world (tests replace these) ----------------------------------------------
    def print_file(self, path: Path) -> QDialog:
        from swat_desktop.gui.printing import preview_pdf  # the renderer, when first used

        return preview_pdf(path, self)

    def open_url(self, link: str) -> bool:
        """False when the computer has no program for mailto: links (Qt's answer)."""
        return QDesktopServices.openUrl(QUrl(link))
