"""What the findings app contributes."""

from innocence.core.extensions import Extension

EXTENSION = Extension(
    app="findings",
    order=60,
    api_routers=("innocence.findings.api:router",),
    urls=(("findings/", "innocence.findings.urls"),),
    archive_pending=(
        'findings.Finding',
        'findings.RecordCitation',
    ),
)
