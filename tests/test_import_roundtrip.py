"""The Word round trip over the whole demo district: every measure rendered, one visible paragraph edited
with python-docx, the hidden data removed, imported back: equal to the source with that edit in every printed
field; the same after LibreOffice re-saves the files (docx → odt → docx); every department's document back to
its measures. The imported files lint clean."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DEMO_ITEMS, PROJECT, copy_demo
from docx_editing import EDITS, edit_for, edit_one_paragraph, load_yaml, printed, render_docx, strip_hidden

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_docx(tmp_path_factory) -> Path:
    """The whole demo district rendered to .docx once."""
    repo = copy_demo(tmp_path_factory.mktemp("demo") / "demo")
    return render_docx(repo, repo / "docx")


@pytest.fixture(scope="module")
def edited(demo_docx, tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    """Each measure's document with one paragraph edited (the kinds of edit in turn) and no hidden data."""
    folder = tmp_path_factory.mktemp("edited")
    result = {}
    for number, source in enumerate(sorted(PROJECT.glob("measures/*/*.yaml"))):
        data = load_yaml(source)
        target = folder / f"{source.stem}.docx"
        shutil.copy(demo_docx / "measures" / target.name, target)
        result[source.stem] = (target, edit_one_paragraph(target, data, edit_for(number, data)))
        strip_hidden(target)
    return result


def emptied_demo(tmp_path: Path) -> Path:
    """The demo district without its measure files, to import into."""
    district = copy_demo(tmp_path / "district")
    for path in district.glob("measures/*/*.yaml"):
        path.unlink()
    return district


def assert_imported(district: Path, expected: dict[str, dict], run_cli) -> None:
    for code, data in expected.items():
        assert printed(load_yaml(next(district.glob(f"measures/*/{code}.yaml")))) == printed(data), code
    lint = run_cli("lint", cwd=district)
    assert lint.code == 0, lint.out
    assert run_cli("fmt", "--check", "measures", cwd=district).code == 0


def test_every_kind_of_edit_is_used(edited):
    used = {kind for number, (code, (_, data)) in enumerate(sorted(edited.items())) for kind in [edit_for(number, data)]}
    assert len(edited) == DEMO_ITEMS and used == set(EDITS)


def test_every_demo_measure_edited_in_word_imports_exactly(edited, tmp_path, run_cli):
    district = emptied_demo(tmp_path)
    result = run_cli("import", *(str(path) for path, _ in edited.values()), cwd=district)
    assert result.code == 0, result.err
    assert f"读取了 {DEMO_ITEMS} 份监管办法：写入 {DEMO_ITEMS} 份。" in result.out
    assert_imported(district, {code: data for code, (_, data) in edited.items()}, run_cli)


def test_every_department_document_gives_back_its_measures(demo_docx, tmp_path, run_cli):
    district = emptied_demo(tmp_path)
    result = run_cli("import", *map(str, sorted((demo_docx / "departments").glob("*.docx"))), cwd=district)
    assert result.code == 0, result.err
    for source in PROJECT.glob("measures/*/*.yaml"):
        assert load_yaml(district / source.relative_to(PROJECT)) == load_yaml(source), source.stem


def _soffice(args: list[str], profile: Path) -> None:
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation=file://{profile}", "--headless", *args],
                   check=True, capture_output=True, timeout=600, env={**os.environ, "HOME": str(profile)})


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice missing (.ci/run installs it)")
def test_documents_resaved_by_libreoffice_import_the_same(edited, tmp_path, run_cli):
    sources = [str(path) for path, _ in edited.values()]
    _soffice(["--convert-to", "odt", "--outdir", str(tmp_path / "odt"), *sources], tmp_path / "profile")
    odt = sorted(map(str, (tmp_path / "odt").glob("*.odt")))
    _soffice(["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "back"), *odt], tmp_path / "profile")
    resaved = sorted((tmp_path / "back").glob("*.docx"))
    assert len(resaved) == DEMO_ITEMS
    district = emptied_demo(tmp_path)
    result = run_cli("import", *map(str, resaved), cwd=district)
    assert result.code == 0, result.err
    assert_imported(district, {code: data for code, (_, data) in edited.items()}, run_cli)
