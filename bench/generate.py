"""Generate a data repository of N realistic, lint-clean measures for benchmarks.

Each generated measure is one of the demo district's measures (all categories present)
with its own item code, so files are real-sized Chinese YAML with a matching catalogue.

    python bench/generate.py /tmp/bench-repo --count 10000
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from ruamel.yaml import YAML

PROJECT = Path(__file__).resolve().parents[1]


def generate(target: Path, count: int) -> None:
    """Write jianguan.toml, catalog.yaml and `count` measures under `target`."""
    yaml = YAML(typ="safe")
    catalog = yaml.load((PROJECT / "catalog.yaml").read_text(encoding="utf-8"))
    by_code = {item["code"]: item for item in catalog["items"]}
    templates = sorted((PROJECT / "measures").rglob("*.yaml"))
    if target.exists():
        shutil.rmtree(target)
    (target / "measures").mkdir(parents=True)
    items = []
    for number in range(count):
        source = templates[number % len(templates)]
        item = dict(by_code[source.stem])
        code = f"{item['code']}-{number:06d}"
        text = source.read_text(encoding="utf-8").replace(f"code: {item['code']}", f"code: {code}", 1)
        folder = target / "measures" / item["department"]
        folder.mkdir(exist_ok=True)
        (folder / f"{code}.yaml").write_text(text, encoding="utf-8")
        items.append({**item, "code": code})
    catalog["items"] = items
    (target / "jianguan.toml").write_text('district = "兰州市七里河区"\n', encoding="utf-8")
    with (target / "catalog.yaml").open("w", encoding="utf-8") as stream:
        YAML().dump(catalog, stream)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("target", type=Path, help="folder to create (replaced if it exists)")
    parser.add_argument("--count", type=int, default=10_000, help="number of measures (default 10000)")
    args = parser.parse_args()
    generate(args.target, args.count)


if __name__ == "__main__":
    main()
