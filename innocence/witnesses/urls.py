from django.urls import URLPattern, URLResolver

app_name = "witnesses"
urlpatterns: list[URLPattern | URLResolver] = []
