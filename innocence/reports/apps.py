from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "innocence.reports"
    label = "reports"
    verbose_name = "Reports: the case memo, the NRE data set, dashboards"
