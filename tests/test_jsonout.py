"""dingji.io.jsonout writes the very text json.dumps(..., ensure_ascii=False, indent=2) writes,
one list item at a time."""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from dingji.io.jsonout import Texts, dumps, write_document

LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.sampled_from(["党支部", 'a "quote"\n\tand \\ \u2028', "\x00\x1f", ""])
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        | st.dictionaries(st.integers(), inner, max_size=2)
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(VALUES, st.integers(0, 3))
def test_dumps_writes_what_json_writes_at_any_depth(value, depth):
    assert dumps(value, depth) == json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


@settings(max_examples=100, deadline=None)
@given(st.lists(VALUES, max_size=6), VALUES, st.integers(1, 3))
def test_a_document_streamed_is_the_document_dumped(items, other, batch):
    f = io.StringIO()
    write_document(f, [("schema_version", 1), ("results", iter(items)), ("other", other)], batch=batch)
    doc = {"schema_version": 1, "results": items, "other": other}
    assert f.getvalue() == json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


@settings(max_examples=50, deadline=None)
@given(st.lists(VALUES, max_size=6), st.integers(1, 3))
def test_texts_written_already_are_written_as_they_are(items, batch):
    f = io.StringIO()
    texts = Texts(dumps(item, 2) for item in items)
    write_document(f, [("results", texts), ("n", len(items))], batch=batch)
    assert f.getvalue() == json.dumps({"results": items, "n": len(items)}, ensure_ascii=False, indent=2) + "\n"


def test_what_json_cannot_write_fails_as_json_fails():
    import decimal

    import pytest

    with pytest.raises(TypeError):
        dumps({"score": decimal.Decimal("1.5")})
