from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("", views.graph, name="graph"),
    path("export/", views.export, name="export"),
    path("case/<str:reference>/", views.case_graph, name="case_graph"),
    path("case/<str:reference>/export/", views.case_export, name="case_export"),
    path("edge/<int:person_id>/case/<str:reference>/", views.appearance, name="appearance"),
    path("edge/<int:a>/<int:b>/", views.pair, name="pair"),
]
