"""The files a record yields: its filled Formato Manual as PDF, the blank form to keep printed
at the point, and the contingency e-mail (in the mail client, or as an .eml to send from
elsewhere). Each is written in the exports folder and shown in the window's file notice.

What reaches the outside world (the print preview, the mail client) is handed in, so the
workspace that owns it, and the tests that replace it, decide.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from swat_desktop.domain.errors import OutputError
from swat_desktop.domain.inoperatividad import InoperatividadRecord
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.file_notice import WrittenFiles
from swat_desktop.services import inoperatividad_documents as documents

TOO_LONG_FOR_A_LINK = ("El mensaje es demasiado largo para abrirlo directamente en el programa "
                       "de correo (se cortaría). Quedó guardado como .eml: ábralo con «Abrir» "
                       "y envíelo, o copie el texto.")
NO_MAIL_CLIENT = ("No se abrió ningún programa de correo en este equipo. El correo quedó "
                  "guardado como .eml; también puede copiar el texto y enviarlo desde el "
                  "correo web u otro equipo.")


def failure_text(what: str, error: OSError) -> str:
    if isinstance(error, OutputError):  # already says what to do
        return str(error)
    reason = ("el archivo está abierto en otro programa o la carpeta no admite escribir"
              if isinstance(error, PermissionError) else str(error))
    return f"No se pudo {what}: {reason}."


class RecordPapers:
    def __init__(self, ctx: AppContext, print_file: Callable[[Path], object],
                 open_url: Callable[[str], bool], failed: Callable[[str], None]) -> None:
        self.ctx = ctx
        self.exports_dir = ctx.exports_dir or Path.home()  # follows where an .eml was saved
        self.print_file = print_file
        self.open_url = open_url
        self.failed = failed  # the sentence to show where the person is looking

    def _write(self, what: str, path: Path, write: Callable[[Path], object]) -> bool:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write(path)
        except OSError as exc:
            self.failed(failure_text(what, exc))
            self.ctx.hub.say(f"No se pudo {what}.")
            return False
        return True

    def _written(self, status: str, notice: WrittenFiles) -> None:
        self.ctx.hub.say(status)
        self.ctx.hub.file_written.emit(notice)

    def filled_form(self, record: InoperatividadRecord) -> Path | None:
        """The filled form as PDF in the exports folder, shown in the print preview."""
        path = self.exports_dir / f"Inoperatividad {record.number}.pdf"
        if not self._write("generar el PDF", path, lambda target: documents.write_filled_forms(
                self.ctx.store, [record.id], target)):
            return None
        self.print_file(path)
        self._written(f"Formato {record.number} guardado en {path}",
                      WrittenFiles(f"Formato {record.number} guardado.", (path,)))
        return path

    def blank_form(self) -> Path | None:
        path = self.exports_dir / "Formato manual de inoperatividad (en blanco).pdf"
        if not self._write("generar el formato en blanco", path,
                           lambda target: documents.write_blank_form(self.ctx.store, target)):
            return None
        self.print_file(path)
        self._written(f"Formato en blanco guardado en {path}",
                      WrittenFiles("Formato manual en blanco guardado.", (path,)))
        return path

    def email(self, record: InoperatividadRecord) -> str | None:
        """The contingency message in the mail client (the link, returned); when the computer
        has none, or the message is too long for a link, the .eml in the exports folder and
        its text on screen, to send from elsewhere."""
        link = documents.email_link(self.ctx.store, record.id)
        if link is not None and self.open_url(link):
            self.ctx.hub.say("Se abrió el correo de contingencia en su programa de correo.")
            return link
        path = self.eml(record, self.exports_dir / f"Contingencia {record.number}.eml",
                        NO_MAIL_CLIENT if link is not None else TOO_LONG_FOR_A_LINK)
        return link if path is not None else None

    def eml(self, record: InoperatividadRecord, path: Path,
            why: str = "Correo de contingencia guardado.") -> Path | None:
        if not self._write("guardar el correo", path, lambda target: documents.write_email(
                self.ctx.store, record.id, target)):
            return None
        self._written(f"Correo de contingencia guardado en {path}", WrittenFiles(
            why, (path,), documents.email_text(self.ctx.store, record.id)))
        return path
