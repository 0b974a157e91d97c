"""A fictional hostile-file corpus, generated here (never read from ../shared): one file per
class of hostile or odd input the ingest pipeline must answer with the right status and a
reason in words, plus good files that must be read whatever else is in the batch.

Every file is made by code below from fictional words. Each entry says what the pipeline
must do with it: the document's status, words its error or notice must hold, and, for a
file with good content, a phrase that must be on one of its (or its children's) pages.

Run it on its own to write the corpus to a folder (to try it by hand with ``innocence
ingest``):

    .venv/bin/python -m tests.documents.hostile_corpus /tmp/hostile
"""

from __future__ import annotations

import io
import os
import stat
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

GOOD_WORDS = "A fictional witness statement: I saw the car at the corner of Elm and Third at nine."


@dataclass(frozen=True)
class HostileFile:
    name: str
    data: bytes
    status: str  # the Document's status once the queue is empty: done / failed / unsupported
    words: str = ""  # must appear (case-insensitive) in the document's error + notice
    good: str = ""  # a phrase that must be on a page of the document or of one of its children
    absent: str = ""  # a phrase that must be on no page of the document or its children
    children: int | None = None  # how many child documents it must have, when that matters
    what: str = ""  # the class of hostility, in words
    tags: tuple[str, ...] = field(default_factory=tuple)


# --- small builders -------------------------------------------------------------------------


def make_pdf(pages: list[str], *, title: str = "") -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    if title:
        pdf.setTitle(title)
    for text in pages:
        pdf.drawString(72, 740, text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def pdf_from_objects(objects: list[bytes], trailer: bytes) -> bytes:
    """A PDF whose objects are given as raw bodies (object n is objects[n-1]), with a correct
    cross-reference table, for structures no PDF library will write (certificate security)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d " % (len(objects) + 1) + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    )
    return out.getvalue()


def certificate_encrypted_pdf() -> bytes:
    """A PDF under the public-key (certificate) security handler, /Adobe.PubSec: only the
    holder of a recipient's private key can open it. The recipient blob and the content are
    random bytes, as they would look to anyone without the key."""
    secret = os.urandom(64)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(secret) + secret + b"\nendstream",
        b"<< /Filter /Adobe.PubSec /SubFilter /adbe.pkcs7.s5 /V 4 /R 4 /Length 128 "
        b"/CF << /DefaultCryptFilter << /CFM /AESV2 /Recipients [<"
        + os.urandom(200).hex().encode()
        + b">] >> >> "
        b"/StmF /DefaultCryptFilter /StrF /DefaultCryptFilter >>",
    ]
    ident = os.urandom(16).hex().encode()
    return pdf_from_objects(objects, b"/Root 1 0 R /Encrypt 5 0 R /ID [<" + ident + b"><" + ident + b">]")


def password_pdf(*, user: str) -> bytes:
    import pikepdf

    source = pikepdf.open(io.BytesIO(make_pdf([GOOD_WORDS])))
    out = io.BytesIO()
    source.save(out, encryption=pikepdf.Encryption(owner="owner-secret", user=user, R=6))
    return out.getvalue()


def _zipcrypto(data: bytes, password: bytes, check_byte: int) -> bytes:
    """Traditional PKWARE encryption (what ``zip -e`` writes), for a real encrypted member."""
    table = [0] * 256
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0xEDB88320 if c & 1 else c >> 1
        table[i] = c

    def crc(value: int, byte: int) -> int:
        return (value >> 8) ^ table[(value ^ byte) & 0xFF]

    keys = [305419896, 591751049, 878082192]

    def update(byte: int) -> None:
        keys[0] = crc(keys[0], byte)
        keys[1] = ((keys[1] + (keys[0] & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        keys[2] = crc(keys[2], keys[1] >> 24)

    for byte in password:
        update(byte)
    out = bytearray()
    for plain in os.urandom(11) + bytes([check_byte]) + data:
        temp = keys[2] | 2
        out.append(plain ^ (((temp * (temp ^ 1)) >> 8) & 0xFF))
        update(plain)
    return bytes(out)


def encrypted_zip(members: dict[str, bytes], password: bytes = b"fictional-secret") -> bytes:
    """A zip whose every member is encrypted (stored, ZipCrypto): zipfile cannot write one."""
    out = io.BytesIO()
    central = io.BytesIO()
    for name, data in members.items():
        crc = zlib.crc32(data)
        payload = _zipcrypto(data, password, crc >> 24)
        encoded = name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH", 0x04034B50, 20, 0x1, 0, 0, 0x21, crc, len(payload), len(data), len(encoded), 0
            )
        )
        out.write(encoded + payload)
        central.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0x1,
                0,
                0,
                0x21,
                crc,
                len(payload),
                len(data),
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    directory = central.getvalue()
    out.write(directory)
    out.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), start, 0)
    )
    return out.getvalue()


def zip_with_symlinks(members: dict[str, bytes], links: dict[str, str]) -> bytes:
    """A zip made on Unix whose ``links`` members are symbolic links (the member's data is
    the link target, as ``zip --symlinks`` stores it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for name, target in links.items():
            info = zipfile.ZipInfo(name)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buffer.getvalue()


def docx_billion_laughs() -> bytes:
    """A .docx whose document.xml declares nested entities (the "billion laughs"): ten
    levels of ten references, 10^9 copies of a word if anything expanded them."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        "<!DOCTYPE w:document [" + "".join(entities) + "]>"
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    return _replace_member(make_docx(["placeholder"]), "word/document.xml", xml)


def docx_external_entity() -> bytes:
    """A .docx whose document.xml asks for a file of the server (XXE)."""
    xml = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _replace_member(make_docx(["placeholder"]), "word/document.xml", xml)


def docx_broken_xml() -> bytes:
    xml = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
    return _replace_member(make_docx(["placeholder"]), "word/document.xml", xml)


def _replace_member(archive_bytes: bytes, member: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(archive_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, data if info.filename == member else source.read(info.filename))
    return out.getvalue()


def nested_email(depth: int) -> bytes:
    """An e-mail whose MIME parts are nested ``depth`` multiparts deep."""
    head = b"From: sender@example.org\r\nTo: clinic@example.org\r\nSubject: nested (fictional)\r\nMIME-Version: 1.0\r\n"
    body = b"Content-Type: text/plain\r\n\r\n" + GOOD_WORDS.encode() + b"\r\n"
    for level in range(depth):
        boundary = b"b%d" % level
        body = (
            b'Content-Type: multipart/mixed; boundary="'
            + boundary
            + b'"\r\n\r\n--'
            + boundary
            + b"\r\n"
            + body
            + b"\r\n--"
            + boundary
            + b"--\r\n"
        )
    return head + body


# --- the corpus -----------------------------------------------------------------------------


def corpus() -> list[HostileFile]:
    text = GOOD_WORDS + "\nSecond line of the fictional statement, signed and dated.\n"
    files = [
        # Text in encodings without a byte-order mark, and text with NUL bytes: good content.
        HostileFile(
            "statement-utf16le.txt",
            text.encode("utf-16-le"),
            "done",
            "UTF-16",
            good=GOOD_WORDS,
            what="UTF-16 (little-endian) text without a byte-order mark",
        ),
        HostileFile(
            "statement-utf16be.txt",
            text.encode("utf-16-be"),
            "done",
            "UTF-16",
            good=GOOD_WORDS,
            what="UTF-16 (big-endian) text without a byte-order mark",
        ),
        HostileFile(
            "statement-utf32le.txt",
            text.encode("utf-32-le"),
            "done",
            "UTF-32",
            good=GOOD_WORDS,
            what="UTF-32 text without a byte-order mark",
        ),
        HostileFile(
            "statement-utf16-bom.txt",
            text.encode("utf-16"),
            "done",
            good=GOOD_WORDS,
            what="UTF-16 with a byte-order mark (already read before)",
        ),
        HostileFile(
            "log-with-nuls.txt",
            text.replace(" ", " \x00").encode() + b"\x00" * 300,
            "done",
            "NUL",
            good="I saw the car",
            what="text with NUL bytes in it",
        ),
        HostileFile(
            "statement-cp1252.txt",
            "Caf\u00e9 statement: ".encode("cp1252") + text.encode("cp1252"),
            "done",
            good=GOOD_WORDS,
            what="Windows-1252 text",
        ),
        # Bytes that are not text.
        HostileFile(
            "wiped.txt",
            b"\xff" * 65536,
            "failed",
            "0xFF",
            absent="\u00ff\u00ff",
            what="a file of nothing but 0xFF bytes (a wiped or blank medium)",
        ),
        HostileFile("zeros.txt", b"\x00" * 65536, "failed", "0x00", what="a file of nothing but NUL bytes"),
        HostileFile(
            "noise.txt", os.urandom(40_000), "unsupported", "cannot be read here", what="random bytes"
        ),
        # Word documents that are not what they say.
        HostileFile(
            "records.docx",
            make_zip({"note.txt": text.encode(), "more/other.txt": b"Another fictional note."}),
            "done",
            "not a Word document",
            good=GOOD_WORDS,
            children=2,
            what="a .docx that is a plain zip archive",
        ),
        HostileFile(
            "laughs.docx",
            docx_billion_laughs(),
            "failed",
            "entity",
            absent="lollol",
            what="a DOCX billion-laughs (nested XML entities)",
        ),
        HostileFile(
            "xxe.docx",
            docx_external_entity(),
            "failed",
            "entity",
            absent="root:",
            what="a DOCX that asks for a server file through an external entity",
        ),
        HostileFile("broken.docx", docx_broken_xml(), "failed", "damaged", what="a DOCX with truncated XML"),
        # Archives.
        HostileFile(
            "locked.zip",
            encrypted_zip({"a.txt": text.encode(), "b.txt": b"More fictional words."}),
            "failed",
            "password-protected archive",
            children=0,
            what="an encrypted zip",
        ),
        HostileFile(
            "links.zip",
            zip_with_symlinks(
                {"real.txt": text.encode()}, {"passwd": "/etc/passwd", "up": "../../../../etc/shadow"}
            ),
            "done",
            "symbolic link",
            good=GOOD_WORDS,
            absent="/etc/passwd",
            children=1,
            what="a zip whose members are symbolic links",
        ),
        HostileFile(
            "bomb.zip",
            make_zip({"zeros.bin": b"\0" * (40 * 1024 * 1024)}),
            "failed",
            "zip bomb",
            children=0,
            what="a zip bomb (high expansion ratio)",
        ),
        HostileFile("empty.zip", make_zip({}), "done", "empty", children=0, what="an empty zip archive"),
        HostileFile(
            "truncated.zip",
            make_zip({"a.txt": text.encode() * 50})[:-30],
            "failed",
            "damaged",
            what="a zip cut short",
        ),
        # PDFs.
        HostileFile(
            "certificate.pdf",
            certificate_encrypted_pdf(),
            "failed",
            "certificate",
            what="a certificate-encrypted PDF (public-key security)",
        ),
        HostileFile(
            "password.pdf",
            password_pdf(user="user-secret"),
            "failed",
            "password",
            what="a password-protected PDF",
        ),
        HostileFile(
            "owner-only.pdf",
            password_pdf(user=""),
            "done",
            good="I saw the car",
            what="a PDF encrypted with an owner password only (opens without one)",
        ),
        HostileFile(
            "truncated.pdf", make_pdf([GOOD_WORDS] * 3)[:300], "failed", "damaged", what="a PDF cut short"
        ),
        # E-mail.
        HostileFile(
            "nested.eml", nested_email(3000), "failed", "nested", what="an e-mail nested 3,000 parts deep"
        ),
        # Good files, for the batch.
        HostileFile(
            "good.pdf", make_pdf([GOOD_WORDS, "Page two of the fictional report."]), "done", good=GOOD_WORDS
        ),
        HostileFile("good.docx", make_docx([GOOD_WORDS]), "done", good=GOOD_WORDS),
        HostileFile("good.txt", text.encode(), "done", good=GOOD_WORDS),
        HostileFile(
            "good.html",
            b"<html><body><p>" + GOOD_WORDS.encode() + b"</p></body></html>",
            "done",
            good=GOOD_WORDS,
        ),
        HostileFile("good.zip", make_zip({"inside.txt": text.encode()}), "done", good=GOOD_WORDS, children=1),
        HostileFile("good.eml", nested_email(2), "done", good=GOOD_WORDS),
    ]
    names = [f.name for f in files]
    assert len(names) == len(set(names)), "corpus names must be unique"
    return files


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for entry in corpus():
        path = directory / entry.name
        path.write_bytes(entry.data)
        paths.append(path)
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for written in write(target):
        print(written)
