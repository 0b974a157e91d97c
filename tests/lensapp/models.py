from django.db import models


class Sighting(models.Model):
    """A fictional lens record: someone reported seeing a thing, on a page of the record."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    what = models.CharField(max_length=200)
    document = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    page_number = models.PositiveIntegerField(null=True, blank=True)
    quote = models.TextField(blank=True)
    corroborated = models.BooleanField(null=True)

    def __str__(self) -> str:
        return f"Sighting of {self.what}"
