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


#: few characters, so that many units resemble the report and each other (the pruning has work to do)
SMALL = st.text(alphabet="青石河西镇人民政府局（）2024年", max_size=10)


@hsettings(max_examples=300, deadline=None)
@given(units=st.lists(SMALL, min_size=5, max_size=60), agency=SMALL, title=SMALL, filename=SMALL,
       pick=st.integers(0, 59))
def test_pruned_match_among_many_similar_units_is_exact(units, agency, title, filename, pick):
    pairs = [(1000 - 7 * k % 997, n) for k, n in enumerate(units)]
    if pick < len(units):
        agency = units[pick] if pick % 2 else agency
        title = f"{units[pick]}年度报告" if pick % 3 == 0 else title
    index = matching.UnitIndex(pairs)
    assert index.match(agency, title, filename) == one_by_one(pairs, agency, title, filename)


def test_among_a_thousand_units_the_one_named_is_taken_and_few_are_scored_in_full():
    pool = "青石河西东南北山湖林安平和兴华新丰永宁康泰源溪桥塘岭坪庄集埠口湾洲岗田坝阳明光福寿春秋云龙凤"
    pairs = [(k, f"{pool[k // len(pool) % len(pool)]}{pool[k % len(pool)]}镇人民政府") for k in range(1, 1200)]
    index = matching.UnitIndex(pairs)
    uid, score, candidates, state = index.match("青石镇人民政府", "青石镇人民政府2024年政府信息公开工作年度报告",
                                                "0001-青石镇.txt")
    assert (uid, score, state) == (dict((n, k) for k, n in pairs)["青石镇人民政府"], 100.0, "auto")
    assert (uid, score, candidates, state) == one_by_one(pairs, "青石镇人民政府",
                                                         "青石镇人民政府2024年政府信息公开工作年度报告", "0001-青石镇.txt")
    texts = matching._texts("青石镇人民政府", "青石镇人民政府2024年政府信息公开工作年度报告", "0001-青石镇.txt")
    assert len(index.contenders(*texts)) < len(pairs) // 4


def test_no_units_waits_for_the_supervisor():
    assert matching.UnitIndex([]).match("青石镇人民政府", "", "") == (None, None, [], "pending")


@hsettings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=CHARS + "街道市区乡镇人民政府", max_size=20))
def test_cleaning_a_cleaned_name_changes_nothing(text):
    """UnitIndex scores its names cleaned once (matching._score_cleaned), as _score cleaning them again would."""
    once = matching._clean(text)
    assert matching._clean(once) == once


#: names of different lengths, often inside one another, so that the names inside a text (partial_ratio) decide
PIECES = st.sampled_from(["青石", "河西", "东山", "镇", "乡", "人民政府", "教育局", "办公室", "测试县", "北湖街道", "年度报告",
                          "2024", "（", "）", "财政所", "青", "石河"])
PIECED = st.lists(PIECES, max_size=6).map("".join)


@hsettings(max_examples=300, deadline=None)
@given(units=st.lists(PIECED, min_size=1, max_size=40), agency=PIECED, title=PIECED, filename=PIECED,
       pick=st.integers(0, 39), wrap=st.sampled_from(["", "关于", "附件："]))
def test_names_inside_texts_of_other_lengths_are_scored_exactly(units, agency, title, filename, pick, wrap):
    """The names inside a title or a file name are looked for only among those whose ratio to the text leaves
    them a chance (UnitIndex._inside, per length): the candidates and the decision stay those of scoring every
    unit, with names shorter and longer than the texts and texts that contain several of them."""
    pairs = [(500 - 3 * k % 499, n) for k, n in enumerate(units)]
    if pick < len(units):
        title = f"{wrap}{units[pick]}{title}"
        filename = f"{filename}{units[pick]}" if pick % 2 else filename
    index = matching.UnitIndex(pairs)
    assert index.match(agency, title, filename + ".pdf") == one_by_one(pairs, agency, title, filename + ".pdf")


@hsettings(max_examples=500, deadline=None)
@given(name=PIECED, text=PIECED, cut=st.floats(0.01, 100))
def test_a_name_inside_a_text_reaching_the_cut_is_never_passed_over(name, text, cut):
    """UnitIndex._inside's bound: a name whose score inside the text reaches the cut is always among those it
    gives, with that score."""
    name, text = matching._clean(name), matching._clean(text)
    if len(name) < 2 or len(text) < 2:
        return
    index = matching.UnitIndex([(1, name)])
    got = dict(index._inside(text, cut))
    s = matching.fuzz.partial_ratio(name, text) * min(1.0, len(text) / len(name)) * matching.PARTIAL_WEIGHT
    if s >= cut:
        assert got == {0: s}


def test_a_ratio_on_the_edge_of_the_cut_is_kept():
    """rapidfuzz's score_cutoff is not exact to the last digits (a cutoff of 46.153845 drops a ratio of
    46.1538461…): the least ratio a name inside a text needs is taken with a margin (found by hypothesis)."""
    pairs = [(1000, "0000000"), (993, "00"), (986, "00"), (979, "00"), (972, "000222")]
    index = matching.UnitIndex(pairs)
    assert index.match("", "0000000年度报告", "") == one_by_one(pairs, "", "0000000年度报告", "")
    assert index.match("", "0000000年度报告", "")[2][-1] == {"id": 972, "name": "000222", "score": 58.7}
