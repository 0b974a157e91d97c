from django.urls import URLPattern, URLResolver

app_name = "timeline"
urlpatterns: list[URLPattern | URLResolver] = []
