"""One typist's mistake in a published measure of the demo district: the whole lint output.

Each test copies the demo district, makes one mistake in 养老机构设立许可 (QLH-MZ-001) as a clerk
would (a key indented once too often, a sentence broken over two lines, quotes pasted from Word),
and asserts every line `jianguan lint` or `jianguan check` prints: the one finding at the line
where the mistake is, its cause, and nothing else beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_demo

MEASURE = "measures/mz/QLH-MZ-001.yaml"
ONE_ERROR = "\n检查了 1 个文件，发现 1 个错误、0 个警告（涉及 1 个文件）。\n"
ONE_WARNING = "\n检查了 1 个文件，发现 0 个错误、1 个警告（涉及 1 个文件）。\n"
AFTER_DEADLINES = "2017-07-10"


def with_mistake(tmp_path: Path, written: str, mistyped: str) -> Path:
    """The demo district with `written` replaced by `mistyped` in QLH-MZ-001 (it occurs exactly once)."""
    root = copy_demo(tmp_path / "repo")
    measure = root / MEASURE
    text = measure.read_text(encoding="utf-8")
    assert text.count(written) == 1, written
    measure.write_text(text.replace(written, mistyped), encoding="utf-8")
    return root


def lint(run_cli, root: Path) -> tuple[int, str]:
    result = run_cli("lint", MEASURE, cwd=root)
    return result.code, result.out


FOLDED_OBJECT = (
    f"{MEASURE}:20:5: error Y121 这一行看起来是列表项，但缩进比上面的内容深，YAML 把它并入了上一项的文字"
    "（读成“…记运营的养老机构 - 未取得设立许可擅…”）\n"
    "    提示：这一行如果是新的一项，把 “-” 与上面各项的 “-” 对齐（行首 2 个空格）；"
    "如果确实是上一项文字的一部分，把它接到上一行末尾。\n" + ONE_ERROR)

# (what the clerk typed instead, the exit code and the whole output of `jianguan lint`)
MISTAKES = {
    "列表项多缩进两格": (
        "  - 未取得设立许可擅自开展集中养老服务的单位和个人", "    - 未取得设立许可擅自开展集中养老服务的单位和个人",
        1, FOLDED_OBJECT),
    "监管方式一项多缩进两格（不另报监管方式不对）": (
        "  - 实地检查\n", "    - 实地检查\n", 1,
        f"{MEASURE}:30:5: error Y121 这一行看起来是列表项，但缩进比上面的内容深，YAML 把它并入了上一项的文字"
        "（读成“…书面检查 - 实地检查…”）\n"
        "    提示：这一行如果是新的一项，把 “-” 与上面各项的 “-” 对齐（行首 2 个空格）；"
        "如果确实是上一项文字的一部分，把它接到上一行末尾。\n" + ONE_ERROR),
    "第一项少缩进一格，第二项因此并入": (
        "  - 取得养老机构设立许可、在本区登记运营的养老机构", " - 取得养老机构设立许可、在本区登记运营的养老机构", 1,
        f"{MEASURE}:19:2: warning Y114 这一行缩进了 1 个空格：监管办法每层缩进 2 个空格，多一个或少一个空格容易让下一行对不齐\n"
        "    提示：改为缩进 0 或 2 个空格，与上一层的键差 2 个空格；运行 jianguan fmt 会统一缩进。\n"
        f"{MEASURE}:20:3: error Y121 这一行看起来是列表项，但缩进比上面的内容深，YAML 把它并入了上一项的文字"
        "（读成“…记运营的养老机构 - 未取得设立许可擅…”）\n"
        "    提示：第 19 行的 “-” 缩进了 1 个空格，不是 2 的倍数：把它改为缩进 2 个空格，与这一行对齐，"
        "这一行就是新的一项。\n"
        "\n检查了 1 个文件，发现 1 个错误、1 个警告（涉及 1 个文件）。\n"),
    "中文句子写成两行": (
        "      task: 收取并审查养老机构年度工作报告。", "      task: 收取并审查养老机构\n        年度工作报告。", 0,
        f"{MEASURE}:68:9: warning Y122 中文句子在这里换了行，YAML 读取时把换行变成了空格"
        "（读成“取并审查养老机构 年度工作报告。”）\n"
        "    提示：把这一行接到上一行末尾，不留空格；或运行 jianguan fmt --fix 自动接上。\n" + ONE_WARNING),
    "中文句子在 > 块中写成两行": (
        "      task: 收取并审查养老机构年度工作报告。", "      task: >-\n        收取并审查养老机构\n        年度工作报告。", 0,
        f"{MEASURE}:69:9: warning Y122 中文句子在这里换了行，YAML 读取时把换行变成了空格"
        "（读成“取并审查养老机构 年度工作报告。”）\n"
        "    提示：把这一行接到上一行末尾，不留空格；或运行 jianguan fmt --fix 自动接上。\n" + ONE_WARNING),
    "> 块中多缩进的一行保留换行，不算断句": (
        "      task: 收取并审查养老机构年度工作报告。", "      task: >-\n        收取并审查养老机构\n          年度工作报告。", 0,
        "检查了 1 个文件，没有发现问题。\n"),
    "地址中的 # 后面被当作注释": (
        "address: 兰州市七里河区民政局社会福利科", "address: 兰州市七里河区民政局 #3号楼社会福利科", 0,
        f"{MEASURE}:98:23: warning Y123 “#3号楼社会福利科”被当作注释，不是内容：“#”前有空格（或在值的开头）时，"
        "后面的文字都是注释（这一项读成“兰州市七里河区民政局”）\n"
        "    提示：如果“#3号楼社会福利科”是内容，把整项用英文引号括起来，如 \"兰州市七里河区民政局 #3号楼社会福利科\"；"
        "或改用全角“＃”。\n" + ONE_WARNING),
    "整个地址写在 # 后面（不另报没有填写）": (
        "address: 兰州市七里河区民政局社会福利科", "address: #3号楼", 0,
        f"{MEASURE}:98:12: warning Y123 “#3号楼”被当作注释，不是内容：“#”前有空格（或在值的开头）时，"
        "后面的文字都是注释（这一项读成空值，没有填写）\n"
        "    提示：如果“#3号楼”是内容，把整项用英文引号括起来，如 \"#3号楼\"；或改用全角“＃”。\n" + ONE_WARNING),
    "抽查比例写成小数": (
        "random_check_ratio: 30", "random_check_ratio: 0.3", 0,
        f"{MEASURE}:61:23: warning M410 随机抽查比例写成了 0.3，会按 0.3% 公布\n"
        "    提示：比例写百分比数字：如果是 30%，改为 random_check_ratio: 30；确实不到 1% 的可以保留。\n" + ONE_WARNING),
    "抽查比例用了全角数字": (
        "random_check_ratio: 30", "random_check_ratio: ３０", 1,
        f"{MEASURE}:61:23: error S201 「监管计划 › 随机抽查比例」应为数字，现在是文字\n"
        "    提示：写半角数字，不加引号和 %，如：random_check_ratio: 30。每个周期随机抽查的对象占全部监管对象的百分比，"
        "写数字，如 20 表示 20%。 示例：random_check_ratio: 20\n" + ONE_ERROR),
    "从 Word 复制的科室名称带着中文引号": (
        "responsible_unit: 区民政局社会福利科", "responsible_unit: “区民政局社会福利科”", 0,
        f"{MEASURE}:7:19: warning T604 整项内容“区民政局社会福利科”两边加了中文引号“”，引号会原样公布\n"
        "    提示：去掉两边的引号，改为：responsible_unit: 区民政局社会福利科（需要引号时用英文引号 \"…\"，它不会公布）。\n"
        + ONE_WARNING),
    "审核状态带着中文引号": (
        "status: 已公布", "status: “已公布”", 1,
        f"{MEASURE}:101:11: error S204 「审核与公布 › 当前状态」的值““已公布””两边多了中文引号，不是规定的写法\n"
        "    提示：去掉两边的引号，改为：status: 已公布。\n" + ONE_ERROR),
    "监管要点带着中文引号（不另报缺少要点）": (
        "  - topic: 履行法定义务", "  - topic: “履行法定义务”", 1,
        f"{MEASURE}:22:12: error S204 「监管内容 › 第1项 › 监管要点」的值““履行法定义务””两边多了中文引号，不是规定的写法\n"
        "    提示：去掉两边的引号，改为：topic: 履行法定义务。\n" + ONE_ERROR),
    "定期抽查只写了“同上”": (
        "  periodic_check: 每年组织一次养老院服务质量检查，按照《养老院服务质量建设专项行动》的指标逐项评分，"
        "结果作为等级评定和运营补贴发放的依据。", "  periodic_check: 同上", 1,
        f"{MEASURE}:36:19: error M402 “定期抽查”只写了“同上”，没有写出具体的监管措施\n"
        "    提示：写明这类措施具体怎样做（由谁、多久一次、查什么）；确实不适用的，改为“periodic_check:”，"
        "下一行缩进写“not_applicable: 不适用的具体理由”。\n" + ONE_ERROR),
    "电话号码以 0 开头、没加引号": (
        "phone: 0931-2331208", "phone: 09312331234", 1,
        f"{MEASURE}:97:10: error S201 「投诉举报 › 举报电话」应为文字，现在是数字 9312331234（与文件中写的 09312331234 不同）\n"
        "    提示：用英文引号括起来，按文字读取，如：phone: \"09312331234\"。举报电话，含区号。 示例：phone: 0931-2770514\n"
        + ONE_ERROR),
    "公布日期写成 2017年6月28日": (
        "published: 2017-06-28", "published: 2017年6月28日", 1,
        f"{MEASURE}:105:14: error S206 「审核与公布 › 公布日期」不是 年-月-日 格式的日期：“2017年6月28日”\n"
        "    提示：日期写作 年-月-日，改为：published: 2017-06-28。\n" + ONE_ERROR),
    "公布日期写成 20170628": (
        "published: 2017-06-28", "published: 20170628", 1,
        f"{MEASURE}:105:14: error S201 「审核与公布 › 公布日期」应为日期（年-月-日），现在是数字\n"
        "    提示：日期写作 年-月-日，改为：published: 2017-06-28。\n" + ONE_ERROR),
    "施行日期写成 2017.7.1": (
        "effective_date: 2017-07-01", "effective_date: 2017.7.1", 1,
        f"{MEASURE}:109:17: error S206 「施行日期」不是 年-月-日 格式的日期：“2017.7.1”\n"
        "    提示：日期写作 年-月-日，改为：effective_date: 2017-07-01。\n" + ONE_ERROR),
}


@pytest.mark.parametrize(("written", "mistyped", "code", "output"), MISTAKES.values(), ids=MISTAKES)
def test_one_mistake_one_finding_at_its_line(tmp_path, run_cli, written, mistyped, code, output):
    assert lint(run_cli, with_mistake(tmp_path, written, mistyped)) == (code, output)


# mistakes that used to bring findings of `check` beside them: lateness, dates out of order
CHECK_MISTAKES = {
    "审核状态写成“已发布”，不另报逾期": (
        "status: 已公布", "status: 已发布",
        f"{MEASURE}:101:11: error S204 「审核与公布 › 当前状态」的值“已发布”不在允许范围内\n"
        "    提示：可选值：起草、已报送、编办审核通过、法制审查通过、已公布。是否想写 已公布？\n"),
    "公布日期写成 2017/6/28，不另报逾期或顺序不对": (
        "published: 2017-06-28", "published: 2017/6/28",
        f"{MEASURE}:105:14: error S206 「审核与公布 › 公布日期」不是 年-月-日 格式的日期：“2017/6/28”\n"
        "    提示：日期写作 年-月-日，改为：published: 2017-06-28。\n"),
}


@pytest.mark.parametrize(("written", "mistyped", "finding"), CHECK_MISTAKES.values(), ids=CHECK_MISTAKES)
def test_check_after_the_deadlines_reports_only_the_mistake(tmp_path, run_cli, written, mistyped, finding):
    result = run_cli("check", "--today", AFTER_DEADLINES, cwd=with_mistake(tmp_path, written, mistyped))
    assert (result.code, result.out) == (1, finding + (
        "\n检查了 44 个文件，发现 1 个错误、0 个警告（涉及 1 个文件）。\n"
        "覆盖：44/44 个事项有监管办法文件，其中已写完 43 份、待填写 1 份（完成 97.7%）\n"))


def test_random_check_written_as_nothing_is_only_m402(tmp_path, run_cli):
    root = with_mistake(tmp_path, "  - 双随机一公开抽查\n", "")
    measure = root / MEASURE
    text = measure.read_text(encoding="utf-8")
    start = text.index("  random_check: ")
    measure.write_text(text[:start] + "  random_check: 无" + text[text.index("\n", start):], encoding="utf-8")
    assert lint(run_cli, root) == (1, (
        f"{MEASURE}:36:17: error M402 “随机抽查”只写了“无”，没有写出具体的监管措施\n"
        "    提示：写明这类措施具体怎样做（由谁、多久一次、查什么）；确实不适用的，改为“random_check:”，"
        "下一行缩进写“not_applicable: 不适用的具体理由”。\n" + ONE_ERROR))


def test_fmt_never_makes_a_folded_item_permanent(tmp_path, run_cli):
    root = with_mistake(tmp_path, *MISTAKES["列表项多缩进两格"][:2])
    before = (root / MEASURE).read_bytes()
    for args in (("fmt", MEASURE), ("fmt", "--fix", MEASURE)):
        result = run_cli(*args, cwd=root)
        assert result.code == 1
        assert f"{MEASURE}:20:5: 无法整理：这一行看起来是列表项" in result.err + result.out
    assert (root / MEASURE).read_bytes() == before
    assert lint(run_cli, root) == (1, FOLDED_OBJECT)


def test_fmt_fix_joins_a_chinese_sentence_without_a_space(tmp_path, run_cli):
    root = with_mistake(tmp_path, "      task: 收取并审查养老机构年度工作报告。",
                        "      task: 收取并审查\n        养老机构\n        年度工作报告。")
    before = (root / MEASURE).read_bytes()
    refused = run_cli("fmt", MEASURE, cwd=root)
    assert refused.code == 1
    assert "中文句子在这里换了行" in refused.err + refused.out and "可用 jianguan fmt --fix 修复" in refused.err + refused.out
    assert (root / MEASURE).read_bytes() == before
    assert run_cli("fmt", "--fix", MEASURE, cwd=root).code == 0
    assert (root / MEASURE).read_text(encoding="utf-8") == (copy_demo(tmp_path / "demo") / MEASURE).read_text(encoding="utf-8")
    assert lint(run_cli, root) == (0, "检查了 1 个文件，没有发现问题。\n")


def test_with_y123_off_a_value_a_comment_took_is_reported_as_empty(tmp_path, run_cli):
    root = with_mistake(tmp_path, "address: 兰州市七里河区民政局社会福利科", "address: #3号楼")
    (root / "jianguan.toml").write_text(
        (root / "jianguan.toml").read_text(encoding="utf-8").replace("[rules]", '[rules]\nY123 = "off"'),
        encoding="utf-8")
    assert lint(run_cli, root) == (1, f"{MEASURE}:98:11: error S201 「投诉举报 › 通信地址」没有填写\n"
                                      "    提示：信件投诉的地址。 示例：address: 某某区民政局社会事务科\n" + ONE_ERROR)
