"""The worklist's and the overview's rows are built in Python (issue 16: the template engine's per-value cost was
most of those pages' CPU): every value still escaped, the dates in the language's format, the badges shown."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse


def _row(page: str, href: str) -> str:
    row = page[page.index(f'href="{href}"'):]
    return row[:row.index("</tr>")]


def test_worklist_row_escapes_every_value_and_shows_dates_and_badges(world, client, settings):
    from gongkai.web.cases.models import DisclosureRequest
    settings.GONGKAI_TODAY = dt.date(2025, 3, 20)
    DisclosureRequest.objects.filter(pk=world.case_a.pk).update(
        description="<b>粗体</b>" + "长" * 50, handler="<i>张</i>", requester_name="A&B",
        state="awaiting_clarification", paused=True, due=dt.date(2025, 4, 30), due_provisional=True)
    client.force_login(world.clerk_a)
    page = client.get(reverse("cases:worklist") + "?tab=all").content.decode()
    row = _row(page, reverse("cases:detail", args=[world.case_a.pk]))
    assert "&lt;b&gt;粗体&lt;/b&gt;" in row and "<b>" not in row and "<i>" not in row
    assert "&lt;i&gt;张&lt;/i&gt;" in row and "A&amp;B" in row
    assert "长" * 28 in row and "长" * 29 not in row  # truncated to 40 characters (11 + 28 + the ellipsis)
    assert "<td>2025年4月30日" in row and 'class="badge provisional"' in row and 'class="badge paused">暂停' in row
    DisclosureRequest.objects.filter(pk=world.case_a.pk).update(due=dt.date(2025, 3, 1), due_provisional=False)
    row = _row(client.get(reverse("cases:worklist") + "?tab=all").content.decode(),
               reverse("cases:detail", args=[world.case_a.pk]))
    assert "<td>2025年3月1日" in row and "badge provisional" not in row and "badge paused" not in row
    assert 'class="badge overdue">' in row  # a lapsed 补正 period


def test_overview_row_escapes_the_agency_names(world, client):
    from gongkai.web.agencies.models import Agency
    Agency.objects.filter(pk=world.a.pk).update(name="<script>甲局</script>")
    client.force_login(world.supervisor)
    page = client.get(reverse("reports:overview", args=[2024])).content.decode()
    row = _row(page, reverse("reports:workspace", args=[world.a.pk, 2024]))
    assert "&lt;script&gt;甲局&lt;/script&gt;" in row and "<script>" not in row


def test_url_pattern_gives_what_reverse_gives():
    from gongkai.web.urls_fast import url_pattern
    for pk in (1, 42, 918273645, 10**12):
        assert url_pattern("cases:detail")(pk) == reverse("cases:detail", args=[pk])
        assert url_pattern("reports:workspace", 2024)(pk) == reverse("reports:workspace", args=[pk, 2024])


def test_templates_are_parsed_once_per_process():
    """Issue 16: the production settings load templates through Django's cached loader (the default when no
    loaders are given), so a page does not read and parse its templates on every request."""
    from django.template import engines
    from django.template.loaders.cached import Loader
    loaders = engines["django"].engine.template_loaders
    assert len(loaders) == 1 and isinstance(loaders[0], Loader)


def test_the_kept_filter_form_is_the_form_rendered_for_any_submitted_values():
    """The worklist's filter form HTML kept per process (issue 16) is what the form renders for the same values,
    errors included, whatever is submitted (unknown choices, bad years, markup, repeated keys)."""
    from django.http import QueryDict
    from hypothesis import given, settings as hsettings, strategies as st

    from gongkai.web.cases.forms import FilterForm

    values = st.one_of(st.sampled_from(["", "closed", "online", "natural_person", "2024", "1999", "abc", " "]),
                       st.text(max_size=8))
    names = st.sampled_from(["q", "state", "applicant_type", "channel", "year", "tab", "page"])

    @hsettings(max_examples=150, deadline=None)
    @given(st.lists(st.tuples(names, values), max_size=6))
    def check(pairs):
        data = QueryDict(mutable=True)
        for k, v in pairs:
            data.appendlist(k, v)
        form = FilterForm(data or None)
        assert form.as_p_kept() == FilterForm(data or None).as_p()

    check()


def test_truncate_chars_gives_what_truncator_gives():
    """The worklist's cut of long descriptions and results (issue 16: without Truncator's loop over every
    character) is Truncator's for any text and length: combining characters, non-NFC text, short and empty."""
    from django.utils.text import Truncator
    from hypothesis import given, settings as hsettings, strategies as st

    from gongkai.web.urls_fast import truncate_chars

    chars = st.one_of(st.sampled_from(list("长申请a é…\u0301\u0327\u3099") + ["e\u0301", "か\u3099"]),
                      st.characters())

    @hsettings(max_examples=400, deadline=None)
    @given(st.lists(chars, max_size=60).map("".join), st.integers(-2, 50))
    def check(text, num):
        assert truncate_chars(text, num) == Truncator(text).chars(num)

    check()
