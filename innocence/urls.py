from django.contrib import admin
from django.urls import include, path

from .api import api

urlpatterns = [
    path("", include("innocence.core.urls")),
    path("", include("innocence.cases.urls")),
    path("people/", include("innocence.people.urls")),
    path("documents/", include("innocence.documents.urls")),
    path("search/", include("innocence.search.urls")),
    path("intake/", include("innocence.intake.urls")),
    path("findings/", include("innocence.findings.urls")),
    path("witnesses/", include("innocence.witnesses.urls")),
    path("evidence/", include("innocence.evidence.urls")),
    path("prosecution/", include("innocence.prosecution.urls")),
    path("timeline/", include("innocence.timeline.urls")),
    path("api/", api.urls),
    path("staff-admin/", admin.site.urls),
]

handler404 = "innocence.core.views.not_found"
handler500 = "innocence.core.views.server_error"
handler403 = "innocence.core.views.forbidden"
