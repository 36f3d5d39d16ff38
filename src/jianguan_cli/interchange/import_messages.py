"""What `jianguan import` tells the clerk: per measure where it went, what was not imported and why."""

from __future__ import annotations

from jianguan_cli.interchange.docx_import import ImportedMeasure, ImportReport

INFO, PROBLEM, DIFF = "info", "problem", "diff"


def report_messages(report: ImportReport) -> list[tuple[str, str]]:
    """(kind, text) in the order to show them: INFO and PROBLEM lines, DIFF blocks of unified diff."""
    lines: list[tuple[str, str]] = [(PROBLEM, f"错误：{error}") for error in report.failures]
    for measure in report.measures:
        lines.extend(_measure_lines(measure))
    lines.append((INFO, _summary(report)))
    return lines


def _measure_lines(measure: ImportedMeasure) -> list[tuple[str, str]]:
    lines = [(INFO, f"{measure.source}：{measure.name}（{measure.code or '事项编码未知'}）")]
    lines += [(INFO, f"    提示：{note}") for note in measure.notes]
    for unmapped in measure.unmapped:
        paragraph = unmapped.paragraph
        where = f"{paragraph.where(measure.pages_estimated)}“{paragraph.start()}”：" if paragraph else ""
        lines.append((PROBLEM, f"    {where}{unmapped.reason}"))
    if measure.filled:
        lines.append((PROBLEM, f"    已写作“待填写”（jianguan lint 会提示）：{'、'.join(measure.filled)}"))
    if measure.diff:
        lines.append((DIFF, measure.diff))
    lines.append((PROBLEM if measure.refusal else INFO, "    " + _outcome(measure)))
    return lines


def _outcome(measure: ImportedMeasure) -> str:
    if measure.refusal:
        return f"未写入：{measure.refusal}"
    if measure.target is None:
        return "已输出到标准输出。"
    if not measure.written:
        return f"{measure.display} 的内容已与文件相同，未改动。"
    verb = "已覆盖" if measure.before is not None else "已写入"
    return f"{verb} {measure.display}" + ("（改动见上面的对比）" if measure.before is not None else "")


def _summary(report: ImportReport) -> str:
    total = len(report.measures)
    written = sum(m.written for m in report.measures)
    refused = sum(bool(m.refusal) for m in report.measures)
    partial = sum(bool(m.unmapped or m.filled) for m in report.measures)
    doubtful = sum(m.doubtful for m in report.measures)
    text = f"读取了 {total} 份监管办法：写入 {written} 份"
    text += f"，未写入 {refused} 份" if refused else ""
    if partial:
        text += (f"；{partial} 份没有全部导入：认不出的段落已在上面列出（原文记在文件开头的注释中），"
                 "没有内容的项写作“待填写”，请核对后运行 jianguan lint")
    if doubtful:
        text += f"；{doubtful} 份的事项不是按标题中的名称在事项目录中找到的（见各自的提示），请核对"
    if report.failures:
        text += f"；{len(report.failures)} 个文件无法读取"
    return text + "。"
