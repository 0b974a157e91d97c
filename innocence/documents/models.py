"""Case files: immutable originals, the documents made of them, their pages and excerpts.

- :class:`StoredFile` is one original, content-addressed (sha256) and deduplicated within an
  organization. It is never changed once written.
- :class:`Document` is that original filed on a case (or, for an intake letter, on no case yet).
  The same original may be linked by several documents (one per case).
- :class:`Page` holds one page's text: from the text layer, from OCR, or a hand correction.
- :class:`Excerpt` is a verbatim quote a user saved from a page, with its offsets.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from innocence.cases.models import Case
from innocence.core.models import Organization

from .citations import PageRef, quote_query


class StoredFile(models.Model):
    """An original as received. Immutable: its bytes and its address never change."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="stored_files")
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    mime_type = models.CharField(max_length=120, blank=True, help_text="As sniffed from the content.")
    original_name = models.CharField(max_length=500)
    storage_path = models.CharField(max_length=300, help_text="Path in the configured file storage.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "sha256"], name="stored_file_unique_in_org")
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]})"

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if self.pk is not None and StoredFile.objects.filter(pk=self.pk).exists():
            raise PermissionError("An original is immutable once stored.")
        super().save(*args, **kwargs)


class DocType(models.TextChoices):
    TRANSCRIPT = "transcript", "Transcript"
    POLICE_REPORT = "police_report", "Police report"
    LAB_REPORT = "lab_report", "Lab report"
    COURT_OPINION = "court_opinion", "Court opinion"
    MOTION_BRIEF = "motion_brief", "Motion / brief"
    CORRESPONDENCE = "correspondence", "Correspondence"
    PHOTO = "photo", "Photo"
    OTHER = "other", "Other"


class Provenance(models.TextChoices):
    COURT_FILE = "court_file", "Court file"
    PROSECUTOR_FILE = "prosecutor_file", "Prosecutor file"
    POLICE_FILE = "police_file", "Police file"
    DEFENSE_FILE = "defense_file", "Defense file"
    RECORDS_REQUEST = "records_request", "Records request"
    APPLICANT = "applicant", "Applicant"
    OTHER = "other", "Other"


class DateSource(models.TextChoices):
    NOT_RECORDED = "", "Not recorded"
    PAGE = "page", "Read from the page"
    METADATA = "metadata", "From the file's metadata"
    HAND = "hand", "Entered by hand"


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    PROCESSING = "processing", "Processing"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    UNSUPPORTED = "unsupported", "Unsupported type"
    DUPLICATE = "duplicate", "Duplicate"


class UploadBatch(models.Model):
    """Files added together (one drop, one CLI run, one API call)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="upload_batches"
    )
    channel = models.CharField(max_length=10, blank=True, help_text="web, api or cli")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Batch {self.pk} ({self.created_at:%Y-%m-%d %H:%M})"


class Document(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="documents")
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
        help_text="Empty for an intake letter that arrived before its case was opened.",
    )
    stored_file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="documents")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        help_text="The e-mail or archive this document came out of.",
    )
    batch = models.ForeignKey(
        UploadBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    title = models.CharField(max_length=500)
    file_name = models.CharField(
        max_length=500,
        blank=True,
        help_text="The name it was uploaded under: the same bytes shared with another case keep "
        "each upload's own name (never the other's).",
    )
    doc_type = models.CharField(max_length=20, choices=DocType.choices, default=DocType.OTHER)
    doc_type_suggested = models.CharField(max_length=20, choices=DocType.choices, blank=True)
    doc_date = models.DateField(null=True, blank=True)
    doc_date_source = models.CharField(
        max_length=10, choices=DateSource.choices, blank=True,
        help_text="Where the date came from. Read from the page: doc_date_page and doc_date_quote "
        "say where; a date entered by hand is never replaced by one read.",
    )
    doc_date_page = models.PositiveIntegerField(null=True, blank=True)
    doc_date_quote = models.CharField(max_length=300, blank=True, help_text="Verbatim, from that page.")
    provenance = models.CharField(max_length=20, choices=Provenance.choices, blank=True)
    bates_start = models.CharField(max_length=60, blank=True)
    bates_end = models.CharField(max_length=60, blank=True)
    privileged = models.BooleanField(default=False)
    tags = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED, db_index=True
    )
    error = models.TextField(blank=True, help_text="Why processing failed, in plain words.")
    notice = models.TextField(
        blank=True, help_text="What the user should know (e.g. a misleading extension)."
    )
    consumer_errors = models.JSONField(
        default=dict, blank=True, help_text="Page-text consumers (search, extraction) that failed."
    )
    ingestor = models.CharField(max_length=40, blank=True, help_text="Which ingestor read the file.")
    page_count = models.IntegerField(default=0)
    pages_done = models.IntegerField(default=0, help_text="Progress while processing.")
    force_ocr = models.BooleanField(default=False)
    searchable_pdf_path = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def uploaded_name(self) -> str:
        """The file name to show and download under (older documents: the stored one)."""
        return self.file_name or self.stored_file.original_name


class TextSource(models.TextChoices):
    NONE = "none", "No text"
    LAYER = "layer", "Text layer"
    OCR = "ocr", "OCR"
    CORRECTED = "corrected", "Corrected by hand"


class Page(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField(help_text="1-based.")
    text = models.TextField(blank=True)
    text_source = models.CharField(max_length=10, choices=TextSource.choices, default=TextSource.NONE)
    ocr_confidence = models.FloatField(null=True, blank=True, help_text="Mean word confidence, 0–100.")
    text_version = models.PositiveIntegerField(default=1)
    image_path = models.CharField(max_length=300, blank=True, help_text="Rendered page image in storage.")
    ocr_pending = models.BooleanField(default=False, help_text="Waiting for OCR.")
    width = models.IntegerField(null=True, blank=True)
    height = models.IntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="page_number_unique")]
        ordering = ["document_id", "number"]
        indexes = [
            # Search counts the low-confidence OCR pages of its scope on every query: without
            # this, a scan of every page row, text and all (tens of ms per 10,000 pages).
            models.Index(
                fields=["document", "ocr_confidence"],
                name="page_ocr_confidence",
                condition=models.Q(text_source="ocr"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} p. {self.number}"


class PageCorrection(models.Model):
    """One hand correction of a page's text. The newest wins; all are kept."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="corrections")
    version = models.PositiveIntegerField()
    text = models.TextField()
    previous_text = models.TextField(blank=True)
    previous_source = models.CharField(max_length=10, choices=TextSource.choices, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "version"], name="page_correction_version")]
        ordering = ["page_id", "version"]

    def __str__(self) -> str:
        return f"{self.page} v{self.version}"


class PageTextVersion(models.Model):
    """A page's machine text (text layer or OCR) as it was before a re-OCR replaced it. Hand
    corrections keep their own history (PageCorrection); together nothing read is lost."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="earlier_texts")
    text = models.TextField(blank=True)
    text_source = models.CharField(max_length=10, choices=TextSource.choices)
    ocr_confidence = models.FloatField(null=True, blank=True)
    replaced_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=200, blank=True, help_text="e.g. 're-OCR (hybrid)'")

    class Meta:
        ordering = ["page_id", "replaced_at", "id"]

    def __str__(self) -> str:
        return f"{self.page} text before {self.replaced_at:%Y-%m-%d}"


class Excerpt(models.Model):
    """A verbatim passage a user saved: it keeps its document, page, quote and offsets."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="excerpts")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="excerpts")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="excerpts")
    quote = models.TextField()
    start_offset = models.IntegerField(null=True, blank=True)
    end_offset = models.IntegerField(null=True, blank=True)
    text_version = models.PositiveIntegerField(default=1, help_text="Page text version the offsets refer to.")
    ocr_text = models.TextField(
        blank=True,
        help_text="When the quote was read off the page image and differs from the OCR text: "
        "the OCR text it was matched to (at the offsets).",
    )
    similarity = models.FloatField(
        null=True, blank=True, help_text="How closely the quote matches ocr_text, 0–1 (see quote_alignment)."
    )
    note = models.TextField(blank=True)
    tags = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"“{self.quote[:60]}” ({self.document}, p. {self.page.number})"

    @property
    def page_ref(self) -> PageRef:
        """The passage as a citation, with the link that opens the viewer at it."""
        # A quote read off the image is found in the viewer by the OCR text it matched.
        query = quote_query(self.ocr_text) if self.ocr_text else ""
        return PageRef(
            self.document_id, self.page.number, self.quote, document_title=self.document.title, query=query
        )
