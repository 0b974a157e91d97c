"""What the documents app contributes."""

from innocence.core.extensions import ArchiveSection, CaseTab, Extension

EXTENSION = Extension(
    app="documents",
    order=30,
    case_tabs=(
        CaseTab("documents", "Documents", "documents/case_tab.html", "innocence.documents.case_tab:context", 30),
    ),
    demo="innocence.documents.demo:load",
    demo_order=10,
    archive_sections=(
        ArchiveSection(
            "documents",
            "innocence.documents.case_archive",
            models=(
                "documents.Document",
                "documents.Page",
                "documents.PageCorrection",
                "documents.PageTextVersion",
                "documents.Excerpt",
            ),
            order=10,
        ),
    ),
    api_routers=("innocence.documents.api:router",),
    urls=(("documents/", "innocence.documents.urls"),),
    not_archived=(
        ('documents.UploadBatch', "an upload session's progress, not case data"),
    ),
)
