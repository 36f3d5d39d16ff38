"""The seams of the code (issue 14): layers without cycles, one rule contract, a thin command line."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from jianguan_cli.rules import RULES

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "jianguan_cli"
DETECTORS = ("rules", "loading", "schema")  # the only places that may name a rule by its ID
RULE_ID = re.compile(r"^[A-Z]\d{3}$")
MAX_FUNCTION_LINES = 60
MAX_CLI_LINES = 450


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ["jianguan_cli", *path.relative_to(PACKAGE).with_suffix("").parts]
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules `path` imports anywhere: at the top, inside functions or for typing."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], *([base] if base else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {module for module in found if module in known and module != name}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                groups.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return groups


def test_the_package_has_no_import_cycle():
    known = modules()
    graph = {name: imported(name, path, set(known)) for name, path in known.items()}
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_rule_builds_a_finding_or_chooses_a_severity_at_run_time():
    for path in (PACKAGE / "rules").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {node.func.id for node in ast.walk(tree)
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
        assert "Finding" not in calls, path.name
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem":
                assert not any(keyword.arg == "rule" for keyword in node.keywords), f"{path.name}: the engine stamps IDs"
                assert not (node.args and isinstance(node.args[0], ast.Constant) and RULE_ID.match(str(node.args[0].value))), \
                    f"{path.name}:{node.lineno} names its own rule"


def test_rule_ids_are_written_only_where_problems_are_detected():
    for path in PACKAGE.rglob("*.py"):
        if path.relative_to(PACKAGE).parts[0] in DETECTORS:
            continue
        literals = [node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in RULES]
        assert literals == [], f"{path.relative_to(PACKAGE)} names {literals}: use a trait of Rule in the registry"


def test_guesses_and_review_statuses_have_one_home():
    """One cut-off table for "是否想写 …？" (suggest.py) and the review stages written once (domain.py)."""
    from jianguan_cli.domain import STATUSES

    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(PACKAGE).as_posix()
        if where != "suggest.py":
            assert "get_close_matches" not in text, f"{where}: use suggest.closest"
        if where != "domain.py":
            literals = [node.value for node in ast.walk(ast.parse(text))
                        if isinstance(node, ast.Constant) and node.value in STATUSES]
            assert literals == [], f"{where} writes {literals}: use jianguan_cli.domain"


def test_no_function_is_longer_than_a_screen():
    long = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []


def test_the_command_line_module_is_thin():
    assert len((PACKAGE / "cli.py").read_text(encoding="utf-8").splitlines()) <= MAX_CLI_LINES
    for path in (PACKAGE / "commands").glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_CLI_LINES, path.name


def test_rule_names_are_unique_as_sarif_needs():
    names = [rule.name for rule in RULES.values()]
    assert len(names) == len(set(names))


def test_groups_of_rules_are_traits_in_the_registry():
    traps = {rule_id for rule_id, rule in RULES.items() if rule.keyboard_trap}
    assert traps and all(RULES[rule_id].blocks_fmt for rule_id in traps)
    assert all(rule.quick_fix in {"", "retype", "tab", "key", "quote", "required", "topics", "collaboration"}
               for rule in RULES.values())


def test_no_test_imports_a_private_helper():
    private = []
    for path in PACKAGE.parent.parent.joinpath("tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("jianguan_cli"):
                private += [f"{path.name}: {alias.name}" for alias in node.names if alias.name.startswith("_")]
    assert private == []
