"""The funder report: the organization dashboard for a date range as a PDF a board can
read (WeasyPrint, charts as SVG) or as CSV. Making one is audited as an export."""

from __future__ import annotations

import csv
import io
from types import ModuleType
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from innocence.core import audit
from innocence.core.models import AuditAction

from .dashboard import OrganizationReport


def report_charts(report: OrganizationReport, charts: ModuleType) -> list[str]:
    return [
        charts.bar_chart("Cases by stage (now)", [(s, float(n)) for s, n in report.by_stage]),
        charts.bar_chart("Median days in each stage", [(s, d) for s, _, d in report.time_in_stage], unit=" d"),
        charts.bar_chart("Cases by indicated NRE factor", [(s.split(" — ")[0], float(n)) for s, n in report.by_factor]),
    ]


def make(*, actor: Any, report: OrganizationReport, fmt: str) -> tuple[bytes, str]:
    from . import charts

    stem = f"{report.organization.slug}-report-{report.date_from}-{report.date_to}"
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(report.csv_rows())
        content, name = out.getvalue().encode(), f"{stem}.csv"
    elif fmt == "pdf":
        from weasyprint import HTML

        html = render_to_string("reports/funder_report.html", {
            "report": report, "charts": report_charts(report, charts), "made_at": timezone.now()})
        content, name = bytes(HTML(string=html).write_pdf()), f"{stem}.pdf"
    else:
        raise ValueError("The report is written as pdf or csv.")
    audit.record(AuditAction.EXPORT, actor=actor, obj=report.organization, organization=report.organization,
                 changes={"report": fmt, "from": report.date_from.isoformat(), "to": report.date_to.isoformat(),
                          "cases_counted": report.case_count, "scope": report.scope})
    return content, name
