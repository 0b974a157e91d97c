"""Pick the ingestor for a file by what its content is, scored like paperless' parsers:
every ingestor scores the sniffed file, the best score wins, 0 means nobody can read it."""

from __future__ import annotations

from .archive import ZipIngestor
from .base import IngestError, Ingestor, Sniffed
from .docx import DocxIngestor
from .email import EmlIngestor, MsgIngestor
from .image import ImageIngestor
from .pdf import PdfIngestor
from .sniff import UNIFORM, describe
from .text import HtmlIngestor, TextIngestor

INGESTORS: tuple[Ingestor, ...] = (
    PdfIngestor(),
    ImageIngestor(),
    DocxIngestor(),
    EmlIngestor(),
    MsgIngestor(),
    HtmlIngestor(),
    TextIngestor(),
    ZipIngestor(),
)
BY_NAME = {ingestor.name: ingestor for ingestor in INGESTORS}


def choose(sniffed: Sniffed) -> Ingestor:
    if sniffed.size == 0:
        raise IngestError("The file is empty (0 bytes).")
    if sniffed.mime == UNIFORM:
        raise IngestError(
            f"This file is the byte 0x{sniffed.head[0]:02X} repeated {sniffed.size:,} times and nothing else: "
            "it holds no text, image or document (it may come from a wiped or blank disk, or be a "
            "placeholder), so there is nothing to read. The original is kept."
        )
    best = max(INGESTORS, key=lambda ingestor: ingestor.score(sniffed))
    if best.score(sniffed) <= 0:
        raise IngestError(
            f"This file is {describe(sniffed.mime)}, a type that cannot be read here "
            "(readable: PDF, images, Word .docx, text, HTML, e-mail .eml/.msg, zip).",
            status="unsupported",
        )
    return best
