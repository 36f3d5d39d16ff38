"""Settings: found by walking up, every key optional, broken files are exit code 3."""

from __future__ import annotations

import datetime as dt

import pytest

from jianguan_cli.findings import JianguanError, Severity
from jianguan_cli.rules import RULES
from jianguan_cli.settings import load_settings


def write(folder, text: str):
    (folder / "jianguan.toml").write_text(text, encoding="utf-8")


def test_defaults_without_a_settings_file(tmp_path):
    settings = load_settings(tmp_path)
    assert settings.root == tmp_path.resolve()
    assert (settings.catalog, settings.measures, settings.output) == ("catalog.yaml", "measures", "build")
    # no other district's deadlines or name: deadline rules stay silent until the district sets them
    assert settings.deadlines.submit is None and settings.deadlines.publish is None
    assert settings.district == ""


def test_found_by_walking_up(tmp_path):
    write(tmp_path, 'district = "测试区"\nmeasures = "办法"\n')
    deep = tmp_path / "办法" / "mz"
    deep.mkdir(parents=True)
    settings = load_settings(deep)
    assert settings.root == tmp_path.resolve()
    assert settings.district == "测试区" and settings.measures_path == tmp_path.resolve() / "办法"


def test_deadlines_and_rule_severities(tmp_path):
    write(tmp_path, '[deadlines]\nsubmit = 2018-05-30\npublish = "2018-06-30"\n[rules]\nM409 = "off"\nt601 = "x"\n'
          .replace('t601 = "x"\n', 'T601 = "warning"\n'))
    settings = load_settings(tmp_path)
    assert settings.deadlines.submit == dt.date(2018, 5, 30)
    assert settings.deadlines.publish == dt.date(2018, 6, 30)
    assert settings.rule_severity == {"M409": Severity.OFF, "T601": Severity.WARNING}


def test_department_deadlines_override_the_district(tmp_path):
    write(tmp_path, '[deadlines]\nsubmit = 2017-05-30\n[deadlines.mz]\npublish = 2017-07-15\n')
    settings = load_settings(tmp_path)
    assert settings.deadlines_for("mz").publish == dt.date(2017, 7, 15)
    assert settings.deadlines_for("mz").submit == dt.date(2017, 5, 30)
    assert settings.deadlines_for("wj") == settings.deadlines
    assert settings.deadlines_for(None) == settings.deadlines


@pytest.mark.parametrize(("text", "says"), [
    ("[deadlines.mz]\npublsh = 2017-07-01\n", "deadlines.mz.publsh"),
    ("district = \n", "格式错误"),
    ("distrct = \"x\"\n", "是否想写 district"),
    ("[deadlines]\nsubmit = \"五月\"\n", "deadlines.submit"),
    ("[rules]\nM999 = \"off\"\n", "M999"),
    ("[rules]\nM401 = \"fatal\"\n", "error、warning 或 off"),
    ("catalog = 3\n", "catalog"),
    ("rules = 1\n", "[rules]"),
    ("[publication]\nissuing_ofice = \"x\"\n", "是否想写 publication.issuing_office"),
    ("[publication]\ngoverning_document = 1\n", "publication.governing_document 应为文字"),
    ("[publication]\ncopy_to = [\"区编办\"]\n", "publication.copy_to 应为文字"),
    ("[publication]\nnotice_numbers = \"七水发〔2017〕44号\"\n", "[publication.notice_numbers] 应为一个表"),
    ("[publication.notice_numbers]\nsw = 44\n", "publication.notice_numbers.sw 应为文字"),
    ("[publication]\nrecipient = \"各有关单位\"\n", "是否想写 publication.recipients"),
])
def test_broken_settings_say_why(tmp_path, text, says):
    write(tmp_path, text)
    with pytest.raises(JianguanError) as error:
        load_settings(tmp_path, RULES)
    assert error.value.exit_code == 3
    assert says in str(error.value) and "jianguan.toml" in str(error.value)


def test_settings_in_gbk_are_refused(tmp_path):
    (tmp_path / "jianguan.toml").write_bytes('district = "七里河区"\n'.encode("gbk"))
    with pytest.raises(JianguanError, match="UTF-8"):
        load_settings(tmp_path)


def test_limits_default_and_configured(tmp_path):
    from jianguan_cli.loading import Limits

    assert load_settings(tmp_path).limits == Limits()
    write(tmp_path, "[limits]\nfile_size_mb = 5\nnesting_depth = 50\nalias_nodes = 1000\n")
    assert load_settings(tmp_path).limits == Limits(file_size_mb=5, nesting_depth=50, alias_nodes=1000)


@pytest.mark.parametrize("text, says", [
    ("[limits]\nfile_size_mb = 0\n", "limits.file_size_mb 应为正整数"),
    ("[limits]\nnesting_depth = \"深\"\n", "limits.nesting_depth 应为正整数"),
    ("[limits]\nalias_nodes = true\n", "limits.alias_nodes 应为正整数"),
    ("[limits]\nfile_size = 5\n", "是否想写 limits.file_size_mb"),
])
def test_bad_limits_say_why(tmp_path, text, says):
    write(tmp_path, text)
    with pytest.raises(JianguanError, match=says) as error:
        load_settings(tmp_path)
    assert error.value.exit_code == 3


@pytest.mark.parametrize("limits, content", [
    ("file_size_mb = 1", "objects:\n" + "  - 很长的监管对象\n" * 100_000),
    ("nesting_depth = 3", "plan:\n  schedule:\n    - - - - - x\n"),
    ("alias_nodes = 100", "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                          "c: [*b, *b, *b, *b, *b]\n"),
])
def test_configured_limits_are_applied_by_lint(tmp_path, run_cli, limits, content):
    write(tmp_path, f"[limits]\n{limits}\n")
    (tmp_path / "measures" / "mz").mkdir(parents=True)
    (tmp_path / "measures" / "mz" / "big.yaml").write_text(content, encoding="utf-8")
    result = run_cli("lint", "--format", "json", "--no-cache", cwd=tmp_path)
    assert result.code == 1 and '"rule": "Y109"' in result.out


def test_publication_names_the_districts_own_documents(tmp_path):
    assert load_settings(tmp_path).publication.governing_document == "", "no other district's document by default"
    write(tmp_path, '[publication]\ngoverning_document = " 某某区关于加强事中事后监管的意见 "\n'
                    'issuing_office = "某某区人民政府办公室"\n')
    publication = load_settings(tmp_path).publication
    assert publication.governing_document == "某某区关于加强事中事后监管的意见"
    assert publication.issuing_office == "某某区人民政府办公室"


def test_publication_names_recipients_copies_printer_and_notice_numbers(tmp_path):
    publication = load_settings(tmp_path).publication
    assert (publication.recipients, publication.copy_to, publication.notice_numbers) == ("", "", {})
    assert publication.printer("七里河区水务局") == "七里河区水务局", "by default the department prints its own"
    write(tmp_path, '[publication]\nrecipients = "各有关单位"\ncopy_to = " 区编办 "\nprinting_office = "{部门}办公室"\n'
                    '[publication.notice_numbers]\nsw = "七水发〔2017〕44号"\nmz = " "\n')
    publication = load_settings(tmp_path).publication
    assert (publication.recipients, publication.copy_to) == ("各有关单位", "区编办")
    assert publication.printer("七里河区水务局") == "七里河区水务局办公室"
    assert publication.notice_numbers == {"sw": "七水发〔2017〕44号"}, "an empty number is no number"
