"""Matching a report to its unit with the prepared index (a worker matches thousands of reports against
the same units): the same scores, candidates and decision as scoring every unit one by one."""

from __future__ import annotations

from hypothesis import given, settings as hsettings, strategies as st

from gongkai.web.supervision import matching

#: characters of real units' names, and the separators _clean removes
CHARS = "青石河西东南北山湖县镇乡人民政府办公室教育局测试（）() 、·-_2024年度报告"
names = st.text(alphabet=CHARS, max_size=14)


def one_by_one(units, agency_text, title, filename):
    """The reference: every unit scored by matching._score, sorted by (-score, id)."""
    texts = matching._texts(agency_text, title, filename)
    scored = sorted(((matching._score(n, *texts), uid, n) for uid, n in units), key=lambda t: (-t[0], t[1]))
    candidates = [{"id": uid, "name": n, "score": s} for s, uid, n in scored[:matching.CANDIDATES] if s > 0]
    if not scored:
        return None, None, [], "pending"
    best, second = scored[0][0], (scored[1][0] if len(scored) > 1 else 0.0)
    if best >= matching.AUTO_THRESHOLD and best - second >= matching.MARGIN:
        return scored[0][1], best, candidates, "auto"
    return None, best, candidates, "pending"


@hsettings(max_examples=300, deadline=None)
@given(units=st.lists(names, max_size=12), agency=names, title=names, filename=names,
       pick=st.integers(0, 11))
def test_index_matches_as_scoring_each_unit(units, agency, title, filename, pick):
    pairs = [(100 - k, n) for k, n in enumerate(units)]  # ids not in list order: ties go to the smaller id
    if units and pick < len(units):  # often the report names one of the units, as in real imports
        agency = units[pick] if pick % 2 else agency
        title = f"{units[pick]}2024年政府信息公开工作年度报告" if pick % 3 == 0 else title
    index = matching.UnitIndex(pairs)
    assert index.match(agency, title, filename + ".pdf") == one_by_one(pairs, agency, title, filename + ".pdf")
    assert index.scores(*matching._texts(agency, title, filename)) == [
        matching.score(n, agency, title, filename) for _, n in pairs]


def test_index_is_kept_while_the_units_are_the_same_and_rebuilt_when_they_change():
    a = matching.index_for([(1, "青石镇人民政府"), (2, "河西镇人民政府")])
    assert matching.index_for([(1, "青石镇人民政府"), (2, "河西镇人民政府")]) is a
    b = matching.index_for([(1, "青石镇人民政府"), (2, "河东镇人民政府")])  # a unit renamed
    assert b is not a and b.match("河东镇人民政府", "", "")[0] == 2
    assert a.match("河东镇人民政府", "", "")[0] is None


def test_no_units_waits_for_the_supervisor():
    assert matching.UnitIndex([]).match("青石镇人民政府", "", "") == (None, None, [], "pending")
