"""The identities of findings with the remembered place keys and row/column ids (audit.identity's memos, for a
worker placing the findings of thousands of reports): the same as computed afresh, place by place."""

from __future__ import annotations

import json

from hypothesis import given, settings as hsettings, strategies as st

from gongkai.audit import audit, identity
from gongkai.readers import read_report
from gongkai.cli import sample_path

VALUES = st.one_of(st.text(max_size=4), st.integers(-3, 3), st.none(), st.booleans(), st.floats(-3, 3),
                   st.lists(st.integers(0, 2), max_size=2))


@hsettings(max_examples=300, deadline=None)
@given(places=st.lists(st.lists(VALUES, max_size=5), max_size=12))
def test_a_remembered_key_is_the_json_text_of_that_very_place(places):
    """1, True and 1.0 are one dict key but three JSON texts: each place's key is its own text however
    often similar places came before."""
    for p in places + places[::-1]:
        assert identity._order(p) == json.dumps(p, default=str)


def _reference(findings, format_id):
    """identities() as it was before the memos."""
    seen, out = {}, []
    for f in findings:
        places = sorted((identity.place(e, format_id) for e in f.evidence), key=lambda p: json.dumps(p, default=str))
        base = identity._digest([identity.identity_code(f.code), places])
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append((identity._digest([identity.identity_code(f.code), places, n]) if n else base, places))
    return out


def test_identities_with_the_memos_are_those_computed_afresh():
    report = read_report(sample_path())
    findings = audit(report)
    assert findings
    for _ in range(2):  # the second time from the memos
        assert identity.identities(findings, report.format_id) == _reference(findings, report.format_id)
    identity._ids_memo.clear()
    identity._order_memo.clear()
    assert identity.identities(findings, "2019") == _reference(findings, "2019")
