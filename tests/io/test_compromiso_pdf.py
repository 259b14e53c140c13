"""The printed compromiso de mejoramiento, read back with pypdf."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader

from swat_desktop.domain.feedback import FeedbackState
from swat_desktop.io.compromiso_pdf import write_compromiso
from tests.io.report_samples import FIRST_ADVISOR, sample_compromiso


def _pages(path: Path) -> list[str]:
    """Each page's text with runs of whitespace as one space: wrapped lines read as one."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def test_the_compromiso_shows_the_session_the_errors_and_the_signatures(tmp_path: Path) -> None:
    path = write_compromiso(tmp_path / "compromiso.pdf", sample_compromiso())

    pages = _pages(path)
    assert len(pages) == 1
    page = pages[0]
    for expected in (
        "Formato compromiso de mejoramiento",
        "CLARO SWAT – Backoffice casos mal escalados",
        f"Asesor {FIRST_ADVISOR}", "Id asesor 1032456789", "Supervisor Carolina Beltrán",
        "Fecha de la sesión 24/11/2026", "Periodo revisado 16/11/2026 al 22/11/2026",
        "Elaborado por María Fernanda Rojas",
        "C04 Opción errada 3 Confirmar con el usuario",
        "C11 Sin incidencia de T&D 2",  # the ampersand is text, not markup
        "Total de cuentas mal escaladas 5",
        "El asesor reconoce los errores de opción y de notas.",
        "1. Validar la tipología", "30/11/2026", "3. Registrar notas completas", "Sin fecha",
        "Fecha de seguimiento: 08/12/2026", "Estado: Realizada",
        "Generado el 23/11/2026 08:00 (hora de Bogotá)", "Página 1 de 1",
    ):
        assert expected in page, expected
    # The sum of the rows (6) differs from the total (5): the document says why.
    assert "una cuenta con varias causales aparece en cada una" in page.lower()
    signatures = page[page.index("Firmas"):]
    assert f"{FIRST_ADVISOR} (1032456789) Carolina Beltrán María Fernanda Rojas" in signatures
    assert "Asesor Supervisor Backoffice" in signatures


def test_the_file_says_what_it_is(tmp_path: Path) -> None:
    path = write_compromiso(tmp_path / "compromiso.pdf", sample_compromiso())

    metadata = PdfReader(path).metadata
    assert metadata is not None
    assert metadata.title == f"Formato compromiso de mejoramiento — {FIRST_ADVISOR}"
    assert metadata.author == "María Fernanda Rojas"


def test_long_texts_flow_onto_more_pages_and_the_signatures_stay_together(
    tmp_path: Path,
) -> None:
    path = write_compromiso(tmp_path / "largo.pdf", sample_compromiso(long=True))

    pages = _pages(path)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Página {number} de {len(pages)}" in page
    text = " ".join(pages)
    assert all(f"Compromiso número {n}:" in text for n in range(1, 21))
    assert "21/12/2026" in text  # the last commitment's due date
    # The commitments table runs onto another page and its header comes with it.
    continued = [p for p in pages if "Compromiso número 20:" in p]
    assert continued
    assert "N.º Compromiso Fecha límite" in continued[0]
    assert "Compromiso número 1:" not in continued[0]
    # Follow-up and the three signatures are on the last page, together.
    last = pages[-1]
    assert "5. Seguimiento" in last
    assert "Firmas" in last
    assert "Asesor Supervisor Backoffice" in last
    assert f"{FIRST_ADVISOR} (1032456789)" in last
    assert all("Firmas" not in page for page in pages[:-1])


def test_an_empty_session_says_so_instead_of_leaving_blanks(tmp_path: Path) -> None:
    doc = sample_compromiso()
    session = replace(doc.session, commitments=(), discussion=" ", plan="", follow_up=None,
                      attendees="", state=FeedbackState.PENDIENTE)
    path = write_compromiso(tmp_path / "vacio.pdf",
                            replace(doc, session=session, errors=(), total_errors=0))

    pages = _pages(path)
    assert len(pages) == 1
    for expected in (
        "Sin errores registrados en el periodo revisado.",
        "Total de cuentas mal escaladas: 0",
        "Sin temas registrados.", "Sin plan de mejora registrado.",
        "Sin compromisos registrados.",
        "Fecha de seguimiento: sin fecha definida", "Estado: Pendiente",
        "Asistentes —", "Asesor Supervisor Backoffice",
    ):
        assert expected in pages[0], expected
    assert "una cuenta con varias causales" not in pages[0].lower()


def test_typed_text_is_printed_literally(tmp_path: Path) -> None:
    doc = sample_compromiso()
    typed = "Usa <b>negrita</b> & 5 > 3\n\nSegundo párrafo ¿sí? ¡ya!"
    session = replace(doc.session, discussion=typed)
    path = write_compromiso(tmp_path / "marcas.pdf", replace(doc, session=session))

    page = _pages(path)[0]
    assert "Usa <b>negrita</b> & 5 > 3" in page
    assert "Segundo párrafo ¿sí? ¡ya!" in page
