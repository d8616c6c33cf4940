"""dingji.io.result_text writes a result's JSON text exactly as jsonout.dumps writes its
result_dict, for every built-in standard, whatever the values: the template made from one
organization's result serves the others (vetoes held or not, several surveys)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dingji
from dingji.core.result_json import result_dict
from dingji.io.jsonout import Texts, dumps, write_document
from dingji.io.result_text import result_text
from test_properties import BUILTIN, SETTINGS, org_input


@pytest.fixture(scope="module")
def stds(registry):
    return {key: registry.standard(key) for key in BUILTIN}


@pytest.mark.parametrize("key", BUILTIN)
@SETTINGS
@given(data=st.data())
def test_the_text_is_the_object_dumped(stds, key, data):
    std = stds[key]
    orgs = {f"o{i}": data.draw(org_input(std)) for i in range(3)}
    results = dingji.evaluate(std, orgs)
    for depth in (0, 2, 3):
        for r in results:  # the first builds the template at this depth, the others reuse it
            text = result_text(r, depth)
            assert text == dumps(result_dict(r), depth)


def test_the_demo_results_written_as_json_wrote_them(registry):
    """Every built-in standard's demo grading, a vetoed organization and an unknown satisfaction
    among them, through the document writer: what json.dumps writes of the objects."""
    import io

    from dingji import demo
    from dingji.core.inputs import Organization

    written = 0
    for key in BUILTIN:
        std = registry.standard(key)
        orgs = [Organization(f"x{i}", f"组织{i}", key) for i in range(12)]
        data = {o.id: demo.scores(std, o, 0.45 + i / 20, seed=i) for i, o in enumerate(orgs)}
        results = dingji.evaluate(std, data)
        f = io.StringIO()
        write_document(f, [("schema_version", 1), ("results", Texts(map(result_text, results)))])
        doc = {"schema_version": 1, "results": [result_dict(r) for r in results]}
        assert f.getvalue() == json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        written += len(results)
    assert written == 12 * len(BUILTIN)
