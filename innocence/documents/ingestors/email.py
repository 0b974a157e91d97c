"""E-mail: .eml through the standard library, .msg (Outlook) through extract-msg.
The message's headers and body are its pages; attachments become child documents."""

from __future__ import annotations

import contextlib
import email
import email.policy
import tempfile
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from . import sniff
from .base import ChildFile, Extraction, IngestError, Ingestor, Sniffed, split_text_pages
from .text import decode, html_to_text

MAX_ATTACHMENTS = 500


def _child(name: str, data: bytes, index: int) -> ChildFile:
    safe = Path(name or f"attachment-{index}").name or f"attachment-{index}"
    with tempfile.NamedTemporaryFile(prefix="innocence-att-", delete=False) as tmp:
        tmp.write(data)
    return ChildFile(name=safe[:250], path=Path(tmp.name))


def _header_block(fields: list[tuple[str, Any]]) -> str:
    return "\n".join(f"{label}: {value}" for label, value in fields if value)


class EmlIngestor(Ingestor):
    name = "eml"
    label = "E-mail"
    mimes = (sniff.EML,)
    extensions = ("eml",)

    def extract(self, path: Path, sniffed: Sniffed, *, depth: int = 0) -> Extraction:
        try:
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        except RecursionError as exc:
            raise IngestError(
                "The e-mail's parts are nested inside each other too deeply to be read (thousands of levels, "
                "which no mail program writes); it was not read and will not be retried."
            ) from exc
        except Exception as exc:
            raise IngestError("The e-mail is damaged and cannot be read.") from exc
        assert isinstance(message, EmailMessage)
        subject = str(message.get("Subject", "") or "")
        header = _header_block(
            [
                ("From", message.get("From")),
                ("To", message.get("To")),
                ("Cc", message.get("Cc")),
                ("Date", message.get("Date")),
                ("Subject", subject),
            ]
        )
        body_text = ""
        try:
            body = message.get_body(preferencelist=("plain", "html"))
        except Exception:
            body = None
        if body is not None:
            content = body.get_content()
            if isinstance(content, bytes):
                content = decode(content)
            body_text = html_to_text(content)[0] if body.get_content_type() == "text/html" else content
        children: list[ChildFile] = []
        for index, part in enumerate(message.iter_attachments(), start=1):
            if len(children) >= MAX_ATTACHMENTS:
                break
            payload = part.get_payload(decode=True)
            if payload is None and part.get_content_type() == "message/rfc822":
                inner = part.get_payload()
                payload = inner[0].as_bytes() if isinstance(inner, list) and inner else b""  # type: ignore[union-attr]
                name = part.get_filename() or f"forwarded-message-{index}.eml"
            else:
                name = part.get_filename() or f"attachment-{index}"
            if isinstance(payload, bytes):
                children.append(_child(name, payload, index))
        extraction = Extraction(pages=split_text_pages(header + "\n\n" + body_text), children=children)
        extraction.title = subject[:300]
        try:
            date = message.get("Date")
            if date is not None and getattr(date, "datetime", None):
                extraction.date_text = date.datetime.date().isoformat()
        except Exception:  # noqa: S110 - a malformed date is just not a hint
            pass
        return extraction


class MsgIngestor(Ingestor):
    name = "msg"
    label = "Outlook message"
    mimes = (sniff.MSG,)
    extensions = ("msg",)

    def extract(self, path: Path, sniffed: Sniffed, *, depth: int = 0) -> Extraction:
        import extract_msg

        try:
            message: Any = extract_msg.openMsg(str(path), delayAttachments=False)
        except Exception as exc:
            raise IngestError("The Outlook message is damaged or not a message; it cannot be read.") from exc
        try:
            body = message.body or ""
            if not body.strip() and getattr(message, "htmlBody", None):
                raw = message.htmlBody
                body = html_to_text(decode(raw) if isinstance(raw, bytes) else str(raw))[0]
            header = _header_block(
                [
                    ("From", message.sender),
                    ("To", message.to),
                    ("Cc", message.cc),
                    ("Date", message.date),
                    ("Subject", message.subject),
                ]
            )
            children: list[ChildFile] = []
            for index, attachment in enumerate(message.attachments, start=1):
                if len(children) >= MAX_ATTACHMENTS:
                    break
                data = getattr(attachment, "data", None)
                name = getattr(attachment, "longFilename", None) or getattr(attachment, "shortFilename", None)
                if isinstance(data, bytes):
                    children.append(_child(name or "", data, index))
            extraction = Extraction(pages=split_text_pages(header + "\n\n" + body), children=children)
            extraction.title = (message.subject or "")[:300]
            if message.date:
                with contextlib.suppress(AttributeError):
                    extraction.date_text = message.date.date().isoformat()
            return extraction
        finally:
            message.close()
