from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<str:reference>/memo/", views.memo, name="memo"),
    path("memo-template/", views.memo_template_edit, name="memo_template"),
]
