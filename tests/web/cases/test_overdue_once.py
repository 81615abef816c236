"""The worklist's 已超期 tab and count, its row badge and the 待办 list the cases that
gongkai.casework.deadlines.is_overdue calls overdue — the same cases, whatever their state."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings
from django.urls import reverse

from gongkai.casework.deadlines import is_overdue
from gongkai.web.cases import services
from gongkai.web.cases.models import DisclosureRequest
from gongkai.web.todo.services import todo_for


def test_worklist_todo_and_casework_agree_on_which_cases_are_overdue(world, client):
    def new(desc, received):
        return services.register(world.clerk_a, requester_name="王某", applicant_type="natural_person",
                                 id_document="", contact="", description=desc, channel="in_person",
                                 received_on=received, form="纸质")
    running = new("答复期限已过", dt.date(2025, 1, 6))
    services.apply_event(world.clerk_a, running, 1, "accept", dt.date(2025, 1, 6))
    paused = new("补正中", dt.date(2025, 1, 7))
    services.apply_event(world.clerk_a, paused, 1, "request_clarification", dt.date(2025, 1, 8),
                         {"items": ["请写明文件名称"]})
    consult = new("征求意见中", dt.date(2025, 1, 8))
    services.apply_event(world.clerk_a, consult, 1, "accept", dt.date(2025, 1, 8))
    consult = DisclosureRequest.objects.get(pk=consult.pk)
    services.apply_event(world.clerk_a, consult, consult.version, "start_consultation", dt.date(2025, 1, 9),
                         {"party": "某公司"})
    day = dt.date(2025, 3, 20)
    expected = sorted(c.number for c in DisclosureRequest.objects.filter(agency=world.a)
                      if is_overdue(c.state, c.due, day))
    assert expected == [running.number]  # the paused ones' periods ran out too: lapses, not 超期
    assert sorted(DisclosureRequest.objects.filter(agency=world.a).filter(services.overdue_q(day))
                  .values_list("number", flat=True)) == expected
    groups = {g.key: g for g in todo_for(world.clerk_a, day)}
    assert [i.label.split()[0] for i in groups["overdue"].items] == expected
    assert [i.label.split()[0] for i in {g.key: g for g in todo_for(world.supervisor, day)}["overdue"].items] == expected
    client.force_login(world.clerk_a)
    with override_settings(GONGKAI_TODAY=day):
        page = client.get(reverse("cases:worklist") + "?tab=overdue").content.decode()
    assert running.number in page and paused.number not in page and consult.number not in page
