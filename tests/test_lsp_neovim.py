"""A real editor: Neovim's built-in LSP client, headless, against `jianguan lsp`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TESTS, copy_demo
from lsp_support import saved, variant

NVIM = shutil.which("nvim")
JIANGUAN = Path(sys.executable).with_name("jianguan")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(NVIM is None, reason="需要 Neovim（Debian 软件包 neovim）才能用真实编辑器测试 jianguan lsp")]


def test_neovim_shows_the_findings_hover_and_applies_the_colon_fix(tmp_path):
    repo = copy_demo(tmp_path / "demo")
    case = variant("全角冒号和缺少要点")
    path = saved(repo, case)
    lines = case.text().split("\n")
    daily = next(n for n, line in enumerate(lines) if "daily：" in line)
    content = lines.index("content:")
    out = tmp_path / "neovim.json"
    command = [str(JIANGUAN), "lsp"] if JIANGUAN.exists() else [sys.executable, "-m", "jianguan_cli", "lsp"]
    env = {**os.environ, "JIANGUAN_LSP": "\t".join(command), "JIANGUAN_MEASURE": str(path),
           "JIANGUAN_ROOT": str(repo), "JIANGUAN_OUT": str(out), "JIANGUAN_HOVER_LINE": str(daily),
           "JIANGUAN_CACHE_DIR": str(tmp_path / "cache")}
    script = TESTS / "editors" / "neovim_session.lua"
    subprocess.run([NVIM, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", f"luafile {script}"],
                   env=env, cwd=tmp_path, timeout=180, check=True, capture_output=True)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["opened"], result
    before = {d["code"]: d for d in result["before"]}
    assert set(before) == {"Y103", "M401"}
    # Neovim counts columns in bytes: "  daily" is 7 bytes before the full-width colon
    assert (before["Y103"]["lnum"], before["Y103"]["col"], before["Y103"]["end_col"]) == (daily, 7, 10)
    assert before["M401"]["lnum"] == content and before["M401"]["source"] == "jianguan"
    assert "提示：" in before["M401"]["message"]
    assert result["hover"].startswith("**日常监管**")
    assert "全角冒号" in result["fix"] and result["fixed"]
    assert [d["code"] for d in result["after"]] == ["M401"]
    assert result["text"].startswith("  daily: 审查")
