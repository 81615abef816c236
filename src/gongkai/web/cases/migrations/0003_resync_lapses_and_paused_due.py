"""Data only: re-derive the copies the engine now computes differently (issue #9 item 4).

- 逾期未补正 / 逾期未缴费: ``closed_on`` is the last day of the 补正/缴费 period (counted in the year it ran
  out, docs/casework.md), no longer the day the lapse was registered;
- paused cases: ``due`` is the end of their own period (补正期限, third party's answer period, payment deadline).

Each case is rebuilt from its stored events by the engine (as the platform does); a case that cannot be
rebuilt is left as it is.  Reversible as a no-op (the old copies are not needed).
"""

from django.db import migrations


def resync(apps, schema_editor):
    from gongkai.casework.errors import CaseworkError
    from gongkai.web.cases.engine import sync, to_request

    Case = apps.get_model("cases", "Case")
    qs = Case.objects.filter(state__in=["awaiting_clarification", "consultation", "awaiting_fee"]) | Case.objects.filter(
        disposition__in=["other_correction_not_supplied", "other_fee_not_paid"])
    for case in qs.select_related("agency").iterator(chunk_size=500):
        before = (case.closed_on, case.due)
        try:
            events = list(case.events.order_by("seq"))
            sync(case, to_request(case, events))
        except (CaseworkError, ValueError, KeyError):
            continue
        if (case.closed_on, case.due) != before:
            Case.objects.filter(pk=case.pk).update(closed_on=case.closed_on, due=case.due,
                                                   due_provisional=case.due_provisional,
                                                   calendar_error=case.calendar_error)


class Migration(migrations.Migration):

    dependencies = [("cases", "0002_deadline_provisional")]

    operations = [migrations.RunPython(resync, migrations.RunPython.noop)]
