"""What the findings app contributes."""

from innocence.core.extensions import ArchiveSection, Extension

EXTENSION = Extension(
    app="findings",
    order=60,
    api_routers=("innocence.findings.api:router",),
    urls=(("findings/", "innocence.findings.urls"),),
    # Last: findings cite documents, pages and the records of every lens.
    archive_sections=(
        ArchiveSection(
            "findings",
            "innocence.findings.case_archive",
            models=("findings.Finding", "findings.RecordCitation"),
            order=900,
        ),
    ),
)
