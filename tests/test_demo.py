"""The bundled demo district is complete: every item of the district's list has its own measure."""

from __future__ import annotations

import itertools
import re

import pytest
from ruamel.yaml import YAML

from conftest import PROJECT, flatten

CATALOG = YAML(typ="safe").load((PROJECT / "catalog.yaml").read_text(encoding="utf-8"))
MEASURES = {path.stem: YAML(typ="safe").load(path.read_text(encoding="utf-8"))
            for path in sorted((PROJECT / "measures").rglob("*.yaml"))}


def test_the_catalogue_holds_all_44_items_and_every_one_has_a_measure():
    codes = [item["code"] for item in CATALOG["items"]]
    assert len(codes) == 44 == len(set(codes))
    assert set(MEASURES) == set(codes)
    assert {dept["id"] for dept in CATALOG["departments"]} >= {"scjg", "ga"}, "the partner departments"


@pytest.mark.parametrize("item", CATALOG["items"], ids=lambda item: item["code"])
def test_each_measure_cites_the_laws_its_catalogue_item_is_based_on(item):
    cited = {entry["title"] for entry in MEASURES[item["code"]]["basis"]}
    for title in re.findall(r"《[^《》]+》", item.get("basis", "")):
        assert title in cited, f"{item['code']} does not cite {title}"


def _texts(measure) -> set[str]:
    """The item-specific prose: content, actions and handling, sentence by sentence."""
    parts = [measure["content"], measure["actions"], measure["handling"]]
    return {sentence for text in flatten(parts) if isinstance(text, str)
            for sentence in re.split(r"[。；]", text) if len(sentence) >= 20}


def test_no_two_measures_share_their_supervision_text():
    """A stock phrase of enforcement (移送公安机关……) may recur; the supervision itself may not."""
    texts = {code: _texts(measure) for code, measure in MEASURES.items()}
    assert all(len(sentences) >= 10 for sentences in texts.values())
    for first, second in itertools.combinations(texts, 2):
        shared = texts[first] & texts[second]
        assert len(shared) <= 1, f"{first} and {second} share: {sorted(shared)}"
