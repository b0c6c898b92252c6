"""A count of 1 takes the singular on every walk page (issue 11, item 11): never "the 1 rows",
"1 per-example gradients" or "the 1 units". Counts in prose use content's {{m|example}}."""

from __future__ import annotations

import re

import pytest
from support import no_exception, page_text, run_step

from ui import content, nav

WALK = ("forward", "cost", "sigmoid", "dZ2", "dW2", "transpose", "dZ1", "dW1", "check", "deeper")
PLURAL_OF_ONE = re.compile(r"(?<![\d.,])1 (units|rows|examples|points|per-example gradients"
                           r"|columns|entries|terms|outputs|inputs|layers|hidden layers)\b")


@pytest.mark.parametrize("quiz", ["0", "1"])
@pytest.mark.parametrize("page_id", WALK)
def test_a_count_of_one_is_singular(page_id, quiz):
    at = run_step(nav.page(page_id).script, {"n_h": "1", "m": "1", "quiz": quiz})
    no_exception(at)
    text = page_text(at) + "\n".join(str(e.label) for e in at.get("radio"))
    assert not PLURAL_OF_ONE.findall(text), PLURAL_OF_ONE.findall(text)


def test_one_uploaded_point_is_singular():
    text = content.text("own_data", "error_too_few", count=1, min_rows=10)
    assert "only 1 point;" in text


def test_counted_placeholder():
    fill = content.fill
    assert fill("the {{m|row}}", {"m": 1}) == "the 1 row"
    assert fill("the {{m|row}}", {"m": 4}) == "the 4 rows"
    assert fill("{{n|entry|entries}}, {{n:,|iteration}}", {"n": 2000}) == (
        "2000 entries, 2,000 iterations")
    with pytest.raises(content.MissingValue):
        fill("{{q|row}}", {})


def test_network_diagram_hover_counts_one_unit():
    from ui.charts import plots
    hovers = [t.hovertemplate or "" for t in plots.network_diagram([2, 1, 1]).data]
    assert any("layer 1, 1 unit<" in h for h in hovers)
    assert not any(PLURAL_OF_ONE.search(h) for h in hovers)
