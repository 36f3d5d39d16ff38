"""R501's hints name each review stage as an act: "如果已经报送", never "如果已经已报送"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

MEASURE = Path("measures") / "mz" / "T-BL-001.yaml"
STAGES = [("起草", None), ("已报送", "submitted"), ("编办审核通过", "bianban_approved"),
          ("法制审查通过", "legal_approved"), ("已公布", "published")]
DATES = {"submitted": "2017-05-20", "bianban_approved": "2017-05-25", "legal_approved": "2017-06-01",
         "published": "2017-06-20"}
EARLY_HINTS = {
    "已报送": "如果已经报送，把 status 改为 已报送；否则删除 submitted。",
    "编办审核通过": "如果已经通过编办审核，把 status 改为 编办审核通过；否则删除 bianban_approved。",
    "法制审查通过": "如果已经通过法制审查，把 status 改为 法制审查通过；否则删除 legal_approved。",
    "已公布": "如果已经公布，把 status 改为 已公布；否则删除 published。",
}


def r501(repo: Path, run_cli, status: str, keys: list[str]) -> list[dict]:
    """R501 findings of the fixture measure with `status` and the dates of `keys`."""
    path = repo / MEASURE
    review = "".join(f"\n  {key}: {DATES[key]}" for key in keys)
    text = path.read_text(encoding="utf-8").replace("review:\n  status: 起草", f"review:\n  status: {status}{review}")
    path.write_text(text, encoding="utf-8")
    run = run_cli("lint", "--format", "json", str(MEASURE), cwd=repo)
    return [f for f in json.loads(run.out)["findings"] if f["rule"] == "R501"]


@pytest.mark.parametrize("reached", range(len(STAGES) - 1))
def test_a_date_of_the_next_stage_says_what_to_do_in_words(repo, run_cli, reached):
    status, (later, _) = STAGES[reached][0], STAGES[reached + 1]
    keys = [k for _, k in STAGES[1:reached + 2]]
    findings = r501(repo, run_cli, status, keys)
    assert [(f["message"], f["hint"]) for f in findings] == [
        (f"状态还是“{status}”，却填写了“{later}”的日期", EARLY_HINTS[later])]


@pytest.mark.parametrize("status", [name for name, _ in STAGES])
def test_no_hint_doubles_the_word_for_any_status(repo, run_cli, status):
    findings = r501(repo, run_cli, status, list(DATES))
    later = [name for name, _ in STAGES[[n for n, _ in STAGES].index(status) + 1:]]
    assert [f["hint"] for f in findings] == [EARLY_HINTS[name] for name in later]
    assert all("已经已" not in f["hint"] + f["message"] for f in findings)
