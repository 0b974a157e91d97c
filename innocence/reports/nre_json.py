"""The national figures as plain data (CLI ``--json``, REST, CSV)."""

from __future__ import annotations

from typing import Any

from .models import NreVersion
from .nre_stats import CAUTIONS, Figures


def figures_dict(version: NreVersion, f: Figures) -> dict[str, Any]:
    return {
        "version": version.number, "file": version.file_name, "imported_at": version.imported_at.isoformat(),
        "n": f.n, "first": f.first.isoformat() if f.first else None, "last": f.last.isoformat() if f.last else None,
        "factors": {code: {"count": c, "share": s} for code, c, s in f.factors},
        "dna": {"count": f.dna[0], "share": f.dna[1]},
        "at_least_one_factor": {"count": f.any_factor[0], "share": f.any_factor[1]},
        "tags": {t: {"count": c, "share": s} for t, c, s in f.tags},
        "by_year": dict(f.by_year), "by_state": dict(f.by_state), "by_crime": dict(f.by_crime),
        "years_lost_conviction_to_release": {"total": f.custody_years_total, "mean": f.custody_years_mean,
                                             "median": f.custody_years_median, "rows": f.custody_rows},
        "conviction_to_exoneration_median_years": f.conviction_to_exoneration_median,
        "cautions": list(CAUTIONS),
    }


def figures_csv_rows(f: Figures) -> list[list[str]]:
    rows = [["measure", "group", "count", "share_percent"], ["exonerations", "all", str(f.n), "100.0"]]
    rows += [["factor", code, str(c), str(s)] for code, c, s in f.factors]
    rows += [["factor", "DNA", str(f.dna[0]), str(f.dna[1])],
             ["factor", "at least one of six", str(f.any_factor[0]), str(f.any_factor[1])]]
    rows += [["tag", t, str(c), str(s)] for t, c, s in f.tags]
    rows += [["year of exoneration", y, str(c), ""] for y, c in f.by_year]
    rows += [["state", s, str(c), ""] for s, c in f.by_state]
    rows += [["worst crime", s, str(c), ""] for s, c in f.by_crime]
    rows += [["years lost (conviction to release)", "total", str(f.custody_years_total), ""],
             ["years lost (conviction to release)", "mean", str(f.custody_years_mean), ""],
             ["years lost (conviction to release)", "median", str(f.custody_years_median), ""],
             ["conviction to exoneration (years)", "median", str(f.conviction_to_exoneration_median), ""]]
    return rows
