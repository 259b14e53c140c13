"""The two steps on a record that cannot be taken back silently, and so ask why: annulling it
(it is never deleted, its number stays used) and undoing its regularization in ATC (it goes
back to the queue). Both are the shared ReasonDialog; the reason stays in the audit, and the
write is announced on the hub."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.inoperatividad import InoperatividadRecord
from swat_desktop.domain.inoperatividad_flow import FlowRecord
from swat_desktop.domain.inoperatividad_texts import MAX_REASON
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.reason_dialog import ReasonDialog, ReasonRequest, Refused
from swat_desktop.gui.signals import Change
from swat_desktop.services import inoperatividad
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.inoperatividad import StaleRecordError
from swat_desktop.services.inoperatividad_flow import StaleFlowError

STALE_UNDO = ("Otra persona cambió este registro mientras tanto. Cierre esta ventana: el "
              "registro se vuelve a cargar con sus datos actuales.")


def annul_dialog(ctx: AppContext, record: InoperatividadRecord,
                 parent: QWidget | None = None) -> ReasonDialog:
    """``result_value`` is the annulled record once accepted."""
    def annul(reason: str, _choice: object) -> InoperatividadRecord:
        try:
            annulled = inoperatividad.annul(ctx.store, ctx.user, record.id, record.version,
                                            reason)
        except StaleRecordError as exc:
            raise Refused(str(exc)) from exc
        ctx.hub.announce(Change.RECORDS, Change.FLOW)  # it leaves the ATC queue too
        return annulled

    return ReasonDialog(ReasonRequest(
        title=f"Anular el registro {record.number}",
        explanation="El registro no se borra: queda anulado con este motivo, en la auditoría, "
                    "y su correlativo no se vuelve a usar.",
        ok_text="Anular registro", label="&Motivo de la anulación",
        placeholder="Por qué se anula: registrado por error, duplicado…", limit=MAX_REASON),
        annul, parent)


def undo_regularization_dialog(ctx: AppContext, item: FlowRecord,
                               parent: QWidget | None = None) -> ReasonDialog:
    """``result_value`` is the record's flow back in the queue once accepted."""
    record, state = item.record, item.flow

    def undo(reason: str, _choice: object) -> FlowRecord:
        try:
            undone = flow.undo_regularization(ctx.store, ctx.user, record.id, record.version,
                                              reason)
        except StaleFlowError as exc:
            raise Refused(STALE_UNDO, final=True) from exc
        ctx.hub.announce(Change.FLOW)
        return undone

    at = format_datetime(state.regularized_at, LIMA) if state.regularized_at else ""
    return ReasonDialog(ReasonRequest(
        title=f"Deshacer la regularización de {record.number}",
        explanation=f"Se regularizó con el N.º de ATC {state.atc_number}"
                    + (f" ({state.regularized_by}, {at})" if at else "") + ". Al deshacerlo, "
                    "el registro vuelve a la cola «Por regularizar en ATC» y el número queda "
                    "libre; el motivo queda en la auditoría.",
        ok_text="Deshacer regularización", label="&Motivo",
        placeholder="Por qué: número de ATC mal copiado, registro grabado en otro punto…",
        limit=MAX_REASON, width=500), undo, parent)
