"""Benchmark jianguan against check-jsonschema and yamllint on the same generated measures.

    python bench/run.py                    # 10,000 measures, 3 runs each, scaling 1k/10k/50k
    python bench/run.py --count 2000 --runs 1 --scaling 1000

Each tool is installed into its own virtual environment under the work folder (not into
jianguan's): check-jsonschema once as pip installs it and once with ruamel.yaml.clib, the C
extension it can use. Wall time is the median of the runs; peak RSS is that of the command's
whole process tree (PSS, sampled every 10 ms). Results are printed as a table and written as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from generate import PROJECT, generate

TARGETS = {"cold_ratio": 10.0, "rss_mb": 200.0, "warm_s": 1.0}


@dataclass
class Timing:
    """One command's measurement."""

    name: str
    seconds: float
    rss_mb: float
    files: int
    exit_code: int

    @property
    def ms_per_file(self) -> float:
        return 1000 * self.seconds / self.files if self.files else 0.0


def venv(folder: Path, packages: list[str]) -> Path:
    """A virtual environment with `packages`, reused if it exists; returns its bin folder."""
    bin_dir = folder / "bin"
    if not (bin_dir / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        subprocess.run([bin_dir / "python", "-m", "pip", "install", "-q", "uv"], check=True)
        # Bytecode is compiled at install, as a normal pip install does.
        subprocess.run([bin_dir / "python", "-m", "uv", "pip", "install", "-q", "--compile-bytecode",
                        "--python", str(bin_dir / "python"), *packages], check=True)
    return bin_dir


def _tree(pid: int) -> list[int]:
    """`pid` and all its descendants (Linux /proc)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                pending.extend(int(child) for child in task.read_text().split())
            except OSError:
                pass
    return found


def _memory_kb(pid: int) -> int:
    """Proportional set size (shared pages split between the processes sharing them), else RSS."""
    for source, field in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            for line in Path(source).read_text().splitlines():
                if line.startswith(field):
                    return int(line.split()[1])
        except OSError:
            continue
    return 0


def _sample_tree_memory(process: subprocess.Popen, peak: list[int]) -> None:
    """Keep the peak of the summed memory of the process and its workers until it ends.

    PSS, not RSS: forked workers share the parent's pages, and summing RSS would count
    them once per process. (A child's ru_maxrss is no use either: after fork it includes
    the benchmark's own memory from before exec.)
    """
    while process.poll() is None:
        peak[0] = max(peak[0], sum(_memory_kb(pid) for pid in _tree(process.pid)))
        time.sleep(0.01)


def measure(name: str, command: list, cwd: Path, files: int, runs: int, env: dict) -> Timing:
    """Median wall time and the largest peak memory (PSS of the process tree) over `runs` runs."""
    seconds, rss = [], []
    code = 0
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen([str(c) for c in command], cwd=cwd, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = [0]
        sampler = threading.Thread(target=_sample_tree_memory, args=(process, peak))
        sampler.start()
        code = process.wait()
        seconds.append(time.perf_counter() - start)
        sampler.join()
        rss.append(peak[0] / 1024)
    return Timing(name, statistics.median(seconds), max(rss), files, code)


def environment(work: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["JIANGUAN_CACHE_DIR"] = str(work / "cache")
    return env


def touch_one_measure(repo: Path) -> None:
    """Change one measure's content without changing its findings."""
    path = next(iter(sorted(repo.glob("measures/*/*.yaml"))))
    path.write_text(path.read_text(encoding="utf-8") + f"# 修改 {time.time()}\n", encoding="utf-8")


def main_comparison(args, work: Path, env: dict) -> list[Timing]:
    jg = venv(work / "venv-jianguan", [str(PROJECT)])
    peers_pip = venv(work / "venv-peers", ["check-jsonschema", "yamllint"])
    peers_clib = venv(work / "venv-peers-clib", ["check-jsonschema", "ruamel.yaml.clib"])
    repo = work / f"repo-{args.count}"
    generate(repo, args.count)
    files = sorted(str(p.relative_to(repo)) for p in repo.glob("measures/*/*.yaml"))
    schema = PROJECT / "schemas" / "measure.schema.json"
    n, runs = len(files), args.runs
    shutil.rmtree(work / "cache", ignore_errors=True)
    results = [
        measure("jianguan check（冷启动，无缓存）", [jg / "jianguan", "check", "--no-cache"], repo, n, runs, env),
        measure("jianguan lint（无缓存）", [jg / "jianguan", "lint", "--no-cache"], repo, n, runs, env),
    ]
    measure("(fill cache)", [jg / "jianguan", "check"], repo, n, 1, env)
    results.append(measure("jianguan check（未修改，有缓存）", [jg / "jianguan", "check"], repo, n, runs, env))
    one_changed = []
    for _ in range(runs):
        touch_one_measure(repo)
        one_changed.append(measure("", [jg / "jianguan", "check"], repo, n, 1, env))
    results.append(Timing("jianguan check（改动 1 个文件）", statistics.median(t.seconds for t in one_changed),
                          max(t.rss_mb for t in one_changed), n, one_changed[-1].exit_code))
    if subprocess.run([jg / "jianguan", "render", "--help"], capture_output=True).returncode == 0:
        results.append(measure("jianguan render --format html", [jg / "jianguan", "render", "--format", "html",
                                                                  "--force"], repo, n, runs, env))
    if not args.skip_peers:
        results += [
            measure("check-jsonschema（pip 默认安装）", [peers_pip / "check-jsonschema", "--schemafile", schema, *files],
                    repo, n, runs, env),
            measure("check-jsonschema（含 ruamel.yaml.clib）",
                    [peers_clib / "check-jsonschema", "--schemafile", schema, *files], repo, n, runs, env),
            measure("yamllint -d relaxed", [peers_pip / "yamllint", "-d", "relaxed", *files], repo, n, runs, env),
        ]
    return results


def scaling(args, work: Path, env: dict) -> list[Timing]:
    jg = work / "venv-jianguan" / "bin"
    found = []
    for count in args.scaling:
        repo = work / f"repo-{count}"
        generate(repo, count)
        found.append(measure(f"N={count}", [jg / "jianguan", "check", "--no-cache"], repo, count, args.runs, env))
    return found


def _pad(text: str, width: int, right: bool = False) -> str:
    """`text` padded to `width` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return " " * (width - used) + text if right else text + " " * (width - used)


def _row(cells: list[str], widths: list[int]) -> str:
    pairs = enumerate(zip(cells, widths, strict=True))
    return " ".join(_pad(cell, width, right=index > 0) for index, (cell, width) in pairs)


def print_table(results: list[Timing], scale: list[Timing]) -> dict:
    """Print the comparison and scaling tables; returns the verdicts on each target."""
    reference = next((t for t in results if t.name.startswith("check-jsonschema（pip")), None)
    widths = [42, 10, 12, 14, 22]
    print("\n" + _row(["命令", "耗时(s)", "每文件(ms)", "峰值内存(MB)", "比 check-jsonschema"], widths))
    for timing in results:
        ratio = f"{reference.seconds / timing.seconds:.1f}× 快" if reference else "-"
        print(_row([timing.name, f"{timing.seconds:.2f}", f"{timing.ms_per_file:.3f}", f"{timing.rss_mb:.0f}", ratio],
                   widths))
    if scale:
        print("\n" + _row(["规模", "jianguan check 耗时(s)", "每文件(ms)"], [12, 24, 12]))
        for timing in scale:
            print(_row([timing.name, f"{timing.seconds:.2f}", f"{timing.ms_per_file:.3f}"], [12, 24, 12]))
    by_name = {t.name: t for t in results}
    cold = by_name["jianguan check（冷启动，无缓存）"]
    verdicts = {
        "cold check >= 10x faster than check-jsonschema": reference and reference.seconds / cold.seconds >= 10,
        "peak RSS of check <= 200 MB": cold.rss_mb <= TARGETS["rss_mb"],
        "unchanged re-check <= 1 s": by_name["jianguan check（未修改，有缓存）"].seconds <= TARGETS["warm_s"],
        "one changed file re-check <= 1 s + that file":
            by_name["jianguan check（改动 1 个文件）"].seconds <= TARGETS["warm_s"] + cold.ms_per_file / 1000,
    }
    render = by_name.get("jianguan render --format html")
    if render and reference:
        verdicts["render html faster than check-jsonschema"] = render.seconds < reference.seconds
    print()
    for target, met in verdicts.items():
        print(f"{'达到' if met else ('未达到' if met is not None else '未测')}：{target}")
    return verdicts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=10_000, help="measures for the comparison (default 10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per command, the median is reported")
    parser.add_argument("--scaling", type=lambda s: [int(x) for x in s.split(",") if x], default=[1000, 10000, 50000],
                        help="comma-separated sizes for the scaling table (empty to skip)")
    parser.add_argument("--skip-peers", action="store_true", help="do not run check-jsonschema and yamllint")
    parser.add_argument("--work", type=Path, default=Path("/tmp/jianguan-bench"), help="work folder")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    env = environment(args.work)
    results = main_comparison(args, args.work, env)
    scale = scaling(args, args.work, env)
    verdicts = print_table(results, scale)
    report = {
        "date": time.strftime("%Y-%m-%d"), "machine": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(), "python": platform.python_version(), "count": args.count, "runs": args.runs,
        "results": [{**asdict(t), "ms_per_file": t.ms_per_file} for t in results],
        "scaling": [{**asdict(t), "ms_per_file": t.ms_per_file} for t in scale],
        "targets": {k: bool(v) for k, v in verdicts.items()},
    }
    target = args.json or args.work / "results.json"
    target.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nJSON：{target}")


if __name__ == "__main__":
    main()
