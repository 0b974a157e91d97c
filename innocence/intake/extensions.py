"""What the intake app contributes."""

from innocence.core.extensions import ArchiveSection, Extension

EXTENSION = Extension(
    app="intake",
    order=50,
    demo="innocence.intake.demo:load",
    demo_order=40,
    api_routers=("innocence.intake.api:router",),
    urls=(("intake/", "innocence.intake.urls"),),
    archive_sections=(
        ArchiveSection(
            "intake",
            "innocence.intake.case_archive",
            models=(
                "intake.Application",
                "intake.ApplicationFile",
                "intake.ConflictDecision",
                "intake.Correspondence",
                "intake.FacilityStay",
                "intake.MatchReview",
                "intake.Referral",
                "intake.ScreeningAnswer",
                "intake.StageTransition",
            ),
            order=30,
        ),
    ),
)
