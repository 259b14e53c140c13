"""E-mail drafts saved as .eml: any mail client opens them ready to send. Written whole or
not at all (io.atomic).

Attachments make it a MIME multipart message; each file goes in base64 under its own name,
which the ``email`` package writes as RFC 2231 (UTF-8) when it is not plain ASCII, so «Corte
mal escalados … Peña.xlsx» arrives with its ñ. The bytes are read once, when the draft is
written: the .eml carries the files as they were then, whatever happens to them afterwards.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from swat_desktop.domain.inoperatividad import EmailDraft
from swat_desktop.io.atomic import atomic_output

# The office formats by name: mimetypes depends on the machine's registry for them.
_KNOWN_TYPES = {
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pdf": ("application", "pdf"),
}


def _content_type(path: Path) -> tuple[str, str]:
    known = _KNOWN_TYPES.get(path.suffix.lower())
    if known is not None:
        return known
    guessed, _encoding = mimetypes.guess_type(path.name)
    if guessed is None:
        return "application", "octet-stream"
    main, _slash, sub = guessed.partition("/")
    return main, sub


def write_eml(path: Path, draft: EmailDraft, attachments: Sequence[Path] = ()) -> Path:
    message = EmailMessage()
    message["To"] = ", ".join(draft.to)
    if draft.cc:
        message["Cc"] = ", ".join(draft.cc)
    message["Subject"] = draft.subject
    message["X-Unsent"] = "1"  # Outlook opens it as a draft to send, not as a received mail
    message.set_content(draft.body)
    for attached in attachments:
        main, sub = _content_type(attached)
        message.add_attachment(attached.read_bytes(), maintype=main, subtype=sub,
                               filename=attached.name)
    content = message.as_bytes(policy=SMTP)
    with atomic_output(path) as out:
        out.write(content)
    return path
