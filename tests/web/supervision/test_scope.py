"""The 上级审查员's scope (services.scope_filter, services.visible) on any tree of agencies: the supervisor of the
platform's only top-level agency takes the short way (no recursive subquery: every agency), every other supervisor
the subtree — and both give exactly what the rule says, for any forest of agencies and any files."""

from __future__ import annotations

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.web.accounts.models import User
from gongkai.web.agencies.models import Agency
from gongkai.web.supervision import services
from gongkai.web.supervision.models import PublishedReport, Rectification


class _Rollback(Exception):
    pass


def _subtree(parents: dict[int, int | None], top: int) -> set[int]:
    out = {top}
    grew = True
    while grew:
        more = {a for a, p in parents.items() if p in out} - out
        grew = bool(more)
        out |= more
    return out


#: a forest: each agency's parent is None (a top-level agency) or one of the agencies before it
forests = st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=30)), min_size=1, max_size=12)
#: files: (office index or None, unit index or None), indexes taken modulo the number of agencies
files = st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 30)), st.one_of(st.none(), st.integers(0, 30))),
                 max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=forests, placed=files, who=st.integers(0, 30))
def test_visible_is_the_rule_for_any_forest(db, shape, placed, who):
    try:
        with transaction.atomic():
            agencies: list[Agency] = []
            for i, p in enumerate(shape):
                parent = agencies[p % i] if (p is not None and i) else None
                agencies.append(Agency.objects.create(name=f"机关{i}", kind="township", parent=parent))
            parents = {a.pk: a.parent_id for a in agencies}
            tops = [a.pk for a in agencies if a.parent_id is None]
            for k, (office, unit) in enumerate(placed):
                PublishedReport.objects.create(
                    sha256=f"{k:064d}", size=1, source_name=f"f{k}.txt",
                    office=agencies[office % len(agencies)] if office is not None else None,
                    agency=agencies[unit % len(agencies)] if unit is not None else None)
            own = agencies[who % len(agencies)]
            user = User.objects.create(username="sup", role="supervisor", agency=own)
            scope = _subtree(parents, own.pk)
            expected = {r.pk for r in PublishedReport.objects.all()
                        if r.office_id in scope or r.agency_id in scope
                        or (r.office_id is None and own.parent_id is None)}
            assert services.sole_top(user) == (tops == [own.pk])
            assert set(services.visible(user).values_list("id", flat=True)) == expected
            assert set(Agency.objects.filter(services.scope_filter(user)).values_list("id", flat=True)) == scope
            assert set(services.units(own).filter(services.scope_filter(user)).values_list("id", flat=True)) \
                == scope
            raise _Rollback
    except _Rollback:
        pass


def test_a_second_top_level_agency_is_seen_at_the_next_request(world, unit, login):
    """The short way is taken only while the office is the only top-level agency: once another is added, its
    files are out of sight at the next request (the answer is kept on the request's user object only)."""
    User.objects.filter(agency=world.other_county).delete()
    Agency.objects.filter(pk=world.other_county.pk).delete()
    c = login(world.supervisor)
    assert services.sole_top(User.objects.get(pk=world.supervisor.pk))
    theirs_office = Agency.objects.create(name="新建的别市人民政府", kind="city")
    theirs = PublishedReport.objects.create(sha256="9" * 64, size=1, source_name="别市.txt", office=theirs_office,
                                            agency=theirs_office, year=2024)
    mine = PublishedReport.objects.create(sha256="8" * 64, size=1, source_name="本县.txt", office=world.county,
                                          agency=unit, year=2024)
    assert c.get(f"/supervision/reports/{mine.pk}/").status_code == 200
    assert c.get(f"/supervision/reports/{theirs.pk}/").status_code == 404
    page = c.get("/supervision/?year=2024").content.decode()
    assert "本县.txt" in page and "别市.txt" not in page
    assert not services.sole_top(User.objects.get(pk=world.supervisor.pk))
    assert not Rectification.objects.filter(services.scope_filter(world.supervisor, "agency_id")).exists()
