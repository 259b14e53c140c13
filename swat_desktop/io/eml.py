"""E-mail drafts saved as .eml: any mail client opens them ready to send. Written whole or
not at all (io.atomic)."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from swat_desktop.domain.inoperatividad import EmailDraft
from swat_desktop.io.atomic import atomic_output


def write_eml(path: Path, draft: EmailDraft) -> Path:
    message = EmailMessage()
    message["To"] = ", ".join(draft.to)
    message["Cc"] = ", ".join(draft.cc)
    message["Subject"] = draft.subject
    message["X-Unsent"] = "1"  # Outlook opens it as a draft to send, not as a received mail
    message.set_content(draft.body)
    content = message.as_bytes(policy=SMTP)
    with atomic_output(path) as out:
        out.write(content)
    return path
