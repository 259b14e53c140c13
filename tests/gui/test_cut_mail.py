"""The cut's e-mail from the indicators page, and the recipients dialog, over the hand-checked
month (issue 17)."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from swat_desktop.domain.cut_distribution import NO_RECIPIENTS, RecipientGroup
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.periods import PeriodKind
from swat_desktop.gui.file_notice import WrittenFiles
from swat_desktop.gui.mal_escalados.cut_recipients_dialog import RecipientsDialog
from swat_desktop.gui.mal_escalados.indicators_page import MAIL_WRITTEN, IndicatorsPage
from swat_desktop.gui.signals import Change
from swat_desktop.services import cut_distribution
from swat_desktop.services.store import Database
from tests.fixtures.month import DAY_1, Month, build
from tests.gui.conftest import context


@pytest.fixture
def month(db: Database, agent: UserProfile, tmp_path: Path) -> Month:
    return build(db, agent, tmp_path / "bases")


@pytest.fixture
def page(qtbot: QtBot, db: Database, month: Month, tmp_path: Path) -> IndicatorsPage:
    widget = IndicatorsPage(context(db, month.backoffice, tmp_path / "exports"))
    qtbot.addWidget(widget)
    widget.set_period(PeriodKind.MENSUAL, DAY_1)
    return widget


def test_without_recipients_the_button_says_where_to_configure_them(
        qtbot: QtBot, page: IndicatorsPage, tmp_path: Path) -> None:
    qtbot.mouseClick(page.mail_button, Qt.MouseButton.LeftButton)  # no folder is asked for
    assert page.export_note.text() == NO_RECIPIENTS
    assert not (tmp_path / "exports").exists()


def test_the_button_writes_the_eml_beside_the_cut_and_offers_it(
        qtbot: QtBot, db: Database, page: IndicatorsPage, month: Month, tmp_path: Path) -> None:
    cut_distribution.add_recipient(db, month.backoffice, RecipientGroup.FORMACION_CALIDAD,
                                   "José Peña", "jpena@claro.com.co")
    offered: list[WrittenFiles] = []
    page.ctx.hub.file_written.connect(offered.append)
    folder = tmp_path / "cortes"
    page.mail_corte(folder)
    assert not page.mail_button.isEnabled()  # one export at a time
    qtbot.waitUntil(lambda: page.mail_button.isEnabled(), timeout=30_000)
    eml = folder / "Corte mal escalados mensual 2026-11.eml"
    assert [w.paths for w in offered] == [(eml, eml.with_suffix(".xlsx"), eml.with_suffix(".pdf"))]
    assert offered[0].message == MAIL_WRITTEN
    assert str(folder) in page.export_note.text()
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"].addresses[0].display_name == "José Peña"
    assert len(list(message.iter_attachments())) == 2


def test_the_backoffice_adds_and_removes_recipients(
        qtbot: QtBot, db: Database, month: Month) -> None:
    ctx = context(db, month.backoffice)
    dialog = RecipientsDialog(ctx)
    qtbot.addWidget(dialog)
    announced: list[frozenset[Change]] = []
    ctx.hub.changed.connect(announced.append)
    dialog.group.setCurrentIndex(1)
    dialog.name.setText("Ana Ruiz")
    dialog.address.setText("no-es-un-correo")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "no es una dirección de correo" in dialog.error.text()
    assert dialog.model.rowCount() == 0
    dialog.address.setText("aruiz@claro.com.co")
    qtbot.keyClick(dialog.address, Qt.Key.Key_Return)
    assert dialog.model.rowCount() == 1
    assert dialog.message.text() == ("aruiz@claro.com.co recibirá los cortes (Administración de "
                                     "la operación).")
    assert announced == [frozenset({Change.SETTINGS, Change.AUDIT})]
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 0
    assert cut_distribution.recipients(db) == ()


def test_others_see_the_list_but_cannot_change_it(
        qtbot: QtBot, db: Database, month: Month) -> None:
    cut_distribution.add_recipient(db, month.backoffice, RecipientGroup.ADMINISTRACION,
                                   "Ana Ruiz", "aruiz@claro.com.co")
    dialog = RecipientsDialog(context(db, month.agent))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == 1
    assert not dialog.add_box.isVisible()
    assert not dialog.remove_button.isVisible()
