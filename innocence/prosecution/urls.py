from django.urls import URLPattern, URLResolver

app_name = "prosecution"
urlpatterns: list[URLPattern | URLResolver] = []
