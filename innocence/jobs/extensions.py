"""What the job queue contributes: its state in the configuration report."""

from innocence.core.extensions import Extension

EXTENSION = Extension(app="jobs", order=5, diagnostics=("innocence.jobs.diagnostics:check_worker",))
