from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("lookup/", views.person_lookup, name="person_lookup"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
]
