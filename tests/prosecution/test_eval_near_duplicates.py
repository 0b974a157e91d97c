"""eval/eval_near_duplicates.py runs on real material the repository does not hold: without it,
it says so and exits 0. Its gold and split name pages and files by keyed hash only."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HASH = re.compile(r"[0-9a-f]{16}")


def test_eval_near_duplicates_skips_cleanly_without_the_real_material(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "eval" / "eval_near_duplicates.py"), "--real", str(tmp_path / "absent")],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert completed.returncode == 0, completed.stderr
    assert "nothing to evaluate (skipped)" in completed.stdout
    assert "Traceback" not in completed.stderr


def test_the_gold_and_split_hold_hashes_and_judgements_only() -> None:
    gold = json.loads((ROOT / "eval" / "near_duplicates_gold.json").read_text())
    assert gold["pairs"]
    for pair in gold["pairs"]:
        assert set(pair) == {"a", "b", "label", "note"}
        assert pair["label"] in {"same", "near", "different"}
        for page in (pair["a"], pair["b"]):
            file_hash, number = page.split(":")
            assert HASH.fullmatch(file_hash) and number.isdigit()
    split = json.loads((ROOT / "eval" / "near_duplicates_split.json").read_text())
    for hashes in split["files"].values():
        assert all(HASH.fullmatch(h) for h in hashes)
