"""What the alignment precomputes from the format (issue 16) reads as what it computed per document: the
two-rows-in-one-label lookup, the bounds of the row scores, the label-score bound used to skip difflib."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.format import FORMATS
from gongkai.readers import mapping
from gongkai.readers.mapping import _bigrams, _contexts, _keys, _matcher, _TextScorer, label_score
from gongkai.textutil import norm

_TABLES = [t for f in FORMATS.values() for t in f.tables]
_ALL_KEYS = sorted({k for t in _TABLES for r in t.rows if r.label for k in _keys(r)})


def _joined_by_search(t: str, table):
    """_two_rows_in_one_label's test as it was written: every adjacent pair of printed rows, every label."""
    rows = [r for r in table.rows if r.label and r.printed]
    for a, b in zip(rows, rows[1:]):
        if any(t.startswith(ka) and t[len(ka):] in _keys(b) for ka in _keys(a) if len(ka) < len(t)):
            return (a.label, b.label)
    return None


_LABELISH = st.one_of(
    st.tuples(st.sampled_from(_ALL_KEYS), st.sampled_from(_ALL_KEYS)).map("".join),
    st.sampled_from(_ALL_KEYS),
    st.tuples(st.sampled_from(_ALL_KEYS), st.text(alphabet="其他公开总计(一)1.", max_size=4)).map("".join),
)


@given(st.sampled_from(range(len(_TABLES))), _LABELISH)
@settings(max_examples=600)
def test_joined_labels_is_the_search(k, text):
    table = _TABLES[k]
    assert mapping._joined_labels(table).get(text) == _joined_by_search(text, table)


def test_joined_labels_finds_every_adjacent_pair():
    for table in _TABLES:
        rows = [r for r in table.rows if r.label and r.printed]
        for a, b in zip(rows, rows[1:]):
            for ka in _keys(a):
                for kb in _keys(b):
                    assert mapping._joined_labels(table).get(ka + kb) == _joined_by_search(ka + kb, table)


_TEXT = st.text(alphabet="一二三四五六七公开政府信息申请本年新收总计其他不予处理()1.", max_size=24)


@given(st.sampled_from(range(len(_TABLES))), _TEXT, _TEXT, _TEXT)
@settings(max_examples=400)
def test_reach_is_the_best_matcher_bound(k, own, prev, nxt):
    """Each format row's reach is the best bound of its labels over all contexts' pairs, times its group
    penalty (2.0 for a row with a one-character label, always scored)."""
    table = _TABLES[k]
    rows = [r for r in table.rows if r.label]
    prepared = mapping._aligned_rows(table, rows)
    contexts = _contexts((own, prev, nxt))
    union = frozenset().union(*(g for _, _, g in contexts))
    reach = prepared.bounds.reach(contexts)
    for j, (row, ms) in enumerate(zip(rows, prepared.matchers)):
        if any(0 < len(m.key) < 2 for m in ms):
            assert reach[j] == 2.0
            continue
        best = max([m.bound(union) * (1.0 if row.printed else 0.9) for m in ms if m.key] + [0.0])
        assert reach[j] == best


@given(st.lists(st.sampled_from(_ALL_KEYS + ["", "公", "计", "x"]), min_size=1, max_size=4), _TEXT,
       st.sampled_from([0.6, 0.95]))
@settings(max_examples=600)
def test_text_scorer_is_label_score(keys, text, limit):
    """One text's scorer gives label_score for each label in turn (difflib's index of the text made once);
    under a limit, the score where it could reach it, elsewhere a value under the limit and not under the
    score: every comparison with the limit comes out as the score's."""
    text = norm(text)
    scorer = _TextScorer(text)
    for key in keys:
        score = label_score(key, text)
        assert scorer.score(key) == score
        got = scorer.under(key, limit)
        assert (got < limit) == (score < limit)
        assert got >= score
        if got >= limit:
            assert got == score
        if len(key) >= 2:
            assert _matcher(key).bound(_bigrams(text)) >= score


@given(st.sampled_from(_ALL_KEYS + ["公", "计"]), st.lists(_TEXT, max_size=6))
@settings(max_examples=300)
def test_closest_fragment_is_the_best_scored(key, texts):
    """The fragment nearest a label, with fragments that cannot beat the best so far left unscored, is the
    first best by label_score."""
    from gongkai.readers.mapping import _closest_fragment
    from gongkai.textutil import clean
    best, best_s = "", 0.0
    for t in texts:
        s = label_score(key, norm(t))
        if s > best_s:
            best, best_s = clean(t), s
    assert _closest_fragment(texts, key) == best


@given(st.sampled_from(range(len(_TABLES))), st.one_of(_LABELISH, _TEXT))
@settings(max_examples=400)
def test_rows_named_is_every_row_scored(k, text):
    """The rows a text names, with the rows that cannot reach the score left unscored, are those of scoring
    every row."""
    table = _TABLES[k]
    t = norm(text)
    rows = [r for r in table.rows if r.label]
    everyone = [r for r in rows if t and mapping._score(("", t, ""), [_matcher(key) for key in _keys(r)],
                                                        group_penalty=not r.printed, threshold=0.9) >= 0.9]
    assert mapping._rows_named(text, table) == everyone
