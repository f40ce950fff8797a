"""The regression benchmark's bookkeeping (benchmarks/like_for_like.py), without a sandbox."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import like_for_like  # noqa: E402

from seccheck.checklist import load_checklist  # noqa: E402


def test_check_ids_of_reads_every_check_the_checklist_declares() -> None:
    ids = like_for_like.check_ids_of(ROOT / "checklist.yaml")
    assert sorted(ids) == sorted(c.id for c in load_checklist().checks)


def test_check_ids_of_ignores_other_ids_and_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "checklist.yaml"
    path.write_text(
        "wa_questions:\n  - id: SEC01\n"
        "sections:\n  - id: S1\n    items:\n"
        "      - id: IAM-01\n        checks:\n"
        "          - id: IAM-01-C01\n          - id: IAM-01-C02\n"
        "      - id: IAM-02\n        checks:\n          - id: IAM-01-C01\n"
    )
    assert like_for_like.check_ids_of(path) == ["IAM-01-C01", "IAM-01-C02"]


def test_base_runs_its_own_code_and_main_runs_the_same_checks(tmp_path: Path) -> None:
    runs = like_for_like.variants(tmp_path, "http://127.0.0.1:1", "us-east-1")
    env, command = runs["base"]
    assert env["PYTHONPATH"] == str(tmp_path / "src")
    assert command[1] == str(tmp_path / "benchmarks" / "scan_once.py")
    _, same = runs["main, same checks"]
    assert same[-2:] == ["--checks-of", str(tmp_path / "checklist.yaml")]
    assert "--checks-of" not in runs["main, all"][1]


def test_summary_gives_median_and_spread_per_latency_and_variant() -> None:
    rows = [
        {"latency_ms": 0.0, "variant": "base", "checks": 93, "api_requests": r, "wall_s": w,
         "peak_mib": m}
        for r, w, m in ((655, 5.2, 227), (656, 5.8, 230), (655, 5.1, 225))
    ]
    header, line = like_for_like.summary(rows)
    assert "median" in header
    assert "655/656" in line and "5.20 (5.10-5.80)" in line and line.rstrip().endswith("227")
