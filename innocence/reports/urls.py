from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<str:reference>/memo/", views.memo, name="memo"),
    path("memo-template/", views.memo_template_edit, name="memo_template"),
    path("cases/<str:reference>/like-this/", views.like_this, name="like_this"),
    path("nre/", views.national, name="national"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
