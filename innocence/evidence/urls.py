from django.urls import path

from . import views

app_name = "evidence"
urlpatterns = [
    path("cases/<str:reference>/inventory/", views.inventory, name="inventory"),
    path("cases/<str:reference>/items/<int:pk>/", views.item_detail, name="item_detail"),
    path("cases/<str:reference>/<slug:kind>/new/", views.record_form, name="record_add"),
    path("cases/<str:reference>/<slug:kind>/<int:pk>/edit/", views.record_form, name="record_edit"),
    path("cases/<str:reference>/<slug:kind>/<int:pk>/delete/", views.record_delete, name="record_delete"),
    path("cases/<str:reference>/proposals/run/", views.proposals_run, name="proposals_run"),
    path("cases/<str:reference>/proposals/<int:pk>/review/", views.proposal_review, name="proposal_review"),
    path("cases/<str:reference>/import/", views.csv_import, name="csv_import"),
    path("cases/<str:reference>/export.csv", views.csv_export, name="csv_export"),
    path("cases/<str:reference>/dna-worksheet/", views.worksheet_view, name="worksheet"),
    path("cases/<str:reference>/dna-worksheet.docx", views.worksheet_docx, name="worksheet_docx"),
    path("cases/<str:reference>/dna-worksheet.pdf", views.worksheet_pdf, name="worksheet_pdf"),
    path("cases/<str:reference>/summary/", views.summary, name="summary"),
]
