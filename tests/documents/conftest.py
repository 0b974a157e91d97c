"""Fixtures for the documents tests: fictional files generated here (reportlab, Pillow,
zipfile, the e-mail library), never read from ../shared."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = []
    from django.core.files.storage import default_storage

    # default_storage is created lazily from settings: make it point at the new root.
    default_storage._wrapped = None  # type: ignore[attr-defined]
    default_storage._setup()  # type: ignore[attr-defined]


def make_pdf(pages: list[str], *, title: str = "") -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    if title:
        pdf.setTitle(title)
    for text in pages:
        y = 740
        for line in text.split("\n"):
            pdf.drawString(72, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_text_image(text: str, *, size: tuple[int, int] = (1100, 300), fmt: str = "PNG") -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    try:
        font: Any = ImageFont.truetype("DejaVuSans.ttf", 40)
    except OSError:
        font = ImageFont.load_default(size=40)
    draw.multiline_text((40, 60), text, fill=0, font=font, spacing=20)
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, dpi=(300, 300))
    return buffer.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def make_eml(subject: str, body: str, attachments: dict[str, bytes]) -> bytes:
    message = EmailMessage()
    message["From"] = "Fictional Sender <sender@example.org>"
    message["To"] = "clinic@example.org"
    message["Subject"] = subject
    message["Date"] = "Tue, 04 Mar 2025 10:00:00 +0000"
    message.set_content(body)
    for name, data in attachments.items():
        message.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return message.as_bytes()


@pytest.fixture
def add(world: Any) -> Callable[..., Any]:
    """Add a file to the world's case as its on-team attorney; returns the AddResult."""
    from innocence.documents import services

    def add_file(name: str, data: bytes, *, case: Any = None, actor: Any = None, batch: Any = None) -> Any:
        return services.add_file(
            actor=actor or world.on_team,
            organization=world.north,
            case=case if case is not None else world.case,
            name=name,
            stream=io.BytesIO(data),
            batch=batch,
        )

    return add_file


@pytest.fixture
def drain() -> Callable[[], int]:
    from innocence.jobs.queue import run_until_empty

    return run_until_empty


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
