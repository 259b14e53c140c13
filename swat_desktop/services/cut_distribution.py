"""Sending the cuts (step 8): the recipients kept in the store's shared settings, and the
cut written as xlsx, PDF and an .eml addressed to them with both files attached.

The recipients live in ``settings`` (one row, ``corte_destinatarios``) rather than in
``config/local.json``: formación y calidad and administración are the same people whoever
emits the cut, on whichever computer of a shared PostgreSQL store. Only the backoffice edits
them, and every change is audited with the list before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from swat_desktop.domain.cut_distribution import (
    NO_RECIPIENTS,
    SETTING_KEY,
    Recipient,
    RecipientGroup,
    clean_recipient,
    corte_email,
    recipients_from_setting,
    setting_value,
)
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.periods import Period
from swat_desktop.domain.permissions import Action, require
from swat_desktop.io.atomic import ensure_folder
from swat_desktop.io.eml import write_eml
from swat_desktop.services import audit, reports
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.services.indicators import EVERYONE, Scope
from swat_desktop.storage.models import Setting


def _recipients(session: Session) -> tuple[Recipient, ...]:
    row = session.get(Setting, SETTING_KEY)
    return recipients_from_setting(row.value if row is not None else None)


def recipients(db: Store) -> tuple[Recipient, ...]:
    """Formación y calidad first, then administración, each in the order they were added."""
    with session_scope(db) as session:
        return _recipients(session)


def add_recipient(db: Store, actor: UserProfile, group: RecipientGroup, name: str,
                  address: str) -> tuple[Recipient, ...]:
    """Returns the list as it stands after the change."""
    require(actor, Action.MANAGE_CUT_RECIPIENTS)
    # write=True: two people adding at once must not each write the list without the other's.
    with session_scope(db, write=True) as session:
        before = _recipients(session)
        added = clean_recipient(group, name, address, before)
        return _keep(session, db, actor, (*before, added), "agregar_destinatario", None, added)


def remove_recipient(db: Store, actor: UserProfile, group: RecipientGroup,
                     address: str) -> tuple[Recipient, ...]:
    require(actor, Action.MANAGE_CUT_RECIPIENTS)
    with session_scope(db, write=True) as session:
        before = _recipients(session)
        gone = next((r for r in before if r.group is group
                     and r.address.casefold() == address.strip().casefold()), None)
        if gone is None:
            raise ValidationError({"correo": (
                f"{address.strip()} no está entre los destinatarios de {group.label}.")})
        return _keep(session, db, actor, tuple(r for r in before if r is not gone),
                     "quitar_destinatario", gone, None)


def _audited(recipient: Recipient | None) -> dict[str, str] | None:
    return None if recipient is None else {
        "grupo": recipient.group.label, "nombre": recipient.name, "correo": recipient.address}


def _keep(session: Session, db: Store, actor: UserProfile, after: tuple[Recipient, ...],
          action: str, removed: Recipient | None, added: Recipient | None
          ) -> tuple[Recipient, ...]:
    """Write the whole list back; the audit names the one recipient that changed."""
    now = db.clock.now()
    value = setting_value(after)
    row = session.get(Setting, SETTING_KEY)
    if row is None:
        session.add(Setting(key=SETTING_KEY, value=value, updated_at=now,
                            updated_by=actor.login))
    else:
        row.value, row.updated_at, row.updated_by = value, now, actor.login
    audit.record(session, actor, "setting", SETTING_KEY, action, _audited(removed),
                 _audited(added), at=now)
    return after


@dataclass(frozen=True)
class CorteMail:
    files: reports.CorteFiles
    eml: Path
    recipients: tuple[Recipient, ...]


def mail_corte(db: Store, actor: UserProfile, period: Period, folder: Path,
               scope: Scope = EVERYONE) -> CorteMail:
    """The cut's xlsx and PDF, and beside them the .eml carrying both. Without recipients it
    refuses before anything is written, saying where to configure them."""
    with session_scope(db, snapshot=True) as session:  # the list and the cut: one read
        found = _recipients(session)
        if not found:
            raise ValidationError({"destinatarios": NO_RECIPIENTS})
        ensure_folder(folder)  # before a month is read: a --salida that is a file is said now
        report = reports.corte_in(session, db, actor, period, scope)
    files = reports.write_corte_files(report, folder, scope)
    draft = corte_email(report, found, [files.xlsx.name, files.pdf.name])
    eml = write_eml(files.xlsx.with_suffix(".eml"), draft, [files.xlsx, files.pdf])
    return CorteMail(files=files, eml=eml, recipients=found)
