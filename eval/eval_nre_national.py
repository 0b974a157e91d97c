"""The national figures from the NRE public spreadsheet, beside the published ones.

Reads ../shared/data/real/nre/nre_publicspreadsheet_2024-05.csv (or $INNOCENCE_REAL_DATA) with
the same reader and the same figures the app uses (innocence.reports.nre_import.read,
innocence.reports.nre_stats.figures) — no database is written — and prints each figure beside
the one in ../shared/domain/REFERENCE.md §1.5.

Split: this is counting, not a tuned model, so there is no tuning set. The parser follows
REFERENCE §1.4; before writing the validator I listed the value sets of the real file's State,
factor and Tags columns (never names) to check the flag format and the state list, and changed
nothing after seeing the figures below. Every row is in the report set.

    INNOCENCE_DATA_DIR=$(mktemp -d) .venv/bin/python eval/eval_nre_national.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
django.setup()

from innocence.reports.models import NreRecord  # noqa: E402
from innocence.reports.nre_import import _model_fields, read  # noqa: E402
from innocence.reports.nre_stats import figures  # noqa: E402

REAL = Path(os.environ.get("INNOCENCE_REAL_DATA", Path(__file__).resolve().parents[2] / "shared" / "data" / "real"))
FILE = REAL / "nre" / "nre_publicspreadsheet_2024-05.csv"

# REFERENCE §1.5 "Snapshot totals (derived, n = 3,497)" — the figures the reference computed
# from this very file; and the NRE's own published 2024 annual-report shares (147 exonerations
# of calendar 2024), which this May 2024 file cannot reproduce (it ends 2024-03-18).
SNAPSHOT = {"rows": 3497, "P/FA": 63.9, "OM": 60.0, "ILD": 27.5, "MWID": 27.4, "F/MFE": 25.3, "FC": 12.6,
            "DNA": 17.0, "any": 95.3, "H": 40.0, "NC": 39.8, "IO": 28.6, "P": 24.2, "CIU": 21.5, "JI": 6.9,
            "custody_total": 31935, "custody_mean": 9.1, "custody_median": 5.6, "to_exoneration_median": 9.8}
ANNUAL_2024 = {"P/FA": 72, "OM": 71, "ILD": 33, "F/MFE": 29, "MWID": 26, "FC": 15}


def main() -> int:
    if not FILE.exists():
        print(f"{FILE} not found: nothing to evaluate.")
        return 0
    report, rows = read(FILE.read_bytes(), FILE.name)
    print(f"{FILE.name}: layout {report.layout}, encoding {report.encoding}, {report.rows} rows, "
          f"{len(report.problems)} problems, unknown columns {report.unknown_columns or 'none'}")
    for problem in report.problems[:10]:
        print("  ", problem)
    records = [NreRecord(**_model_fields(r)) for r in rows]
    f = figures(records)
    print(f"\nexonerations dated {f.first} to {f.last}")
    print(f"{'figure':<34}{'app':>10}{'REFERENCE':>12}{'NRE 2024 report':>18}")
    print(f"{'rows':<34}{f.n:>10}{SNAPSHOT['rows']:>12}")
    for code, _count, share in f.factors:
        print(f"{code + ' share %':<34}{share:>10}{SNAPSHOT[code]:>12}{ANNUAL_2024.get(code, ''):>18}")
    print(f"{'DNA share %':<34}{f.dna[1]:>10}{SNAPSHOT['DNA']:>12}")
    print(f"{'at least one of six factors %':<34}{f.any_factor[1]:>10}{SNAPSHOT['any']:>12}")
    tags = {t: s for t, _, s in f.tags}
    for tag in ("H", "NC", "IO", "P", "CIU", "JI"):
        print(f"{tag + ' tag share %':<34}{tags.get(tag, 0.0):>10}{SNAPSHOT[tag]:>12}")
    print(f"{'years lost, conviction→release':<34}{f.custody_years_total:>10,.0f}{SNAPSHOT['custody_total']:>12,}")
    print(f"{'  mean':<34}{f.custody_years_mean:>10}{SNAPSHOT['custody_mean']:>12}")
    print(f"{'  median':<34}{f.custody_years_median:>10}{SNAPSHOT['custody_median']:>12}")
    print(f"{'conviction→exoneration median':<34}{f.conviction_to_exoneration_median:>10}"
          f"{SNAPSHOT['to_exoneration_median']:>12}")
    print("\nThe NRE 2024 annual-report column is for exonerations of calendar 2024 (147), which this file"
          " (ending 2024-03-18) does not hold; it is shown for reference, not expected to match.")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
