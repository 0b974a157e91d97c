"""eval/eval_ocr_search.py runs on real material that the repository does not hold: without it,
it must say so and exit 0 (the suite and a fresh checkout have no ../shared). Its names file
holds keyed hashes only, never a name."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_eval_ocr_search_skips_cleanly_without_the_real_material(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "eval" / "eval_ocr_search.py"), "--real", str(tmp_path / "absent")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert completed.returncode == 0, completed.stderr
    assert "nothing to evaluate (skipped)" in completed.stdout
    assert "Traceback" not in completed.stderr


def test_the_names_file_holds_keyed_hashes_only() -> None:
    data = json.loads((ROOT / "eval" / "ocr_search_names.json").read_text())
    assert data["names"]
    for entry in data["names"]:
        assert set(entry) == {"role", "hmac"}
        assert re.fullmatch(r"[0-9a-f]{64}", entry["hmac"])
