from django.urls import path

from . import views

app_name = "findings"
urlpatterns = [
    path("cases/<str:reference>/", views.case_findings, name="case_findings"),
    path("cases/<str:reference>/<int:pk>/review/", views.finding_review, name="finding_review"),
    path("cases/<str:reference>/add/", views.finding_add, name="finding_add"),
    path("cases/<str:reference>/recompute/", views.findings_recompute, name="findings_recompute"),
]
