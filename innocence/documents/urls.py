from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "documents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("case/<str:reference>/upload/", views.upload, name="upload"),
    path("case/<str:reference>/bulk/", views.bulk, name="bulk"),
    path("case/<str:reference>/status/", views.case_documents_status, name="case_status"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/status/", views.document_status, name="status"),
    path("<int:pk>/reprocess/", views.document_reprocess, name="reprocess"),
    path("<int:pk>/reocr/", views.document_reocr, name="reocr"),
    path("<int:pk>/delete/", views.document_delete, name="delete"),
    path("<int:pk>/original/", views.document_original, name="original"),
    path("<int:pk>/searchable.pdf", views.document_searchable_pdf, name="searchable_pdf"),
    path("<int:pk>/view/", views.viewer, name="viewer"),
    path("<int:pk>/pages/<int:number>/image.png", views.page_image, name="page_image"),
    path("<int:pk>/pages/<int:number>/correct/", views.page_correct, name="page_correct"),
    path("<int:pk>/pages/<int:number>/excerpts/", views.excerpt_add, name="excerpt_add"),
    path("excerpts/<int:pk>/delete/", views.excerpt_delete, name="excerpt_delete"),
]
