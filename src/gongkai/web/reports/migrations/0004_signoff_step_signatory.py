"""Glossary names (issue 10): the sign-off step of the 签发人 is ``signatory`` (it was ``signer``, the role's
old code): rewrites the keys of the stored ``signoffs`` (and back on reverse).  Nothing else moves: a step's
``by``, ``at`` and ``digest`` stay as they were, and a signed report stays signed."""

from django.db import migrations

RENAMED = {"signer": "signatory"}


def forwards(apps, schema_editor, renamed=RENAMED):
    # the database being migrated: not always the default one (gongkai restore upgrades an older backup in a
    # temporary database)
    db = schema_editor.connection.alias if schema_editor is not None else "default"
    ReportDraft = apps.get_model("reports", "ReportDraft")
    for draft in ReportDraft.objects.using(db).only("id", "signoffs"):
        signoffs = draft.signoffs or {}
        if any(old in signoffs for old in renamed):
            new = {renamed.get(step, step): value for step, value in signoffs.items()}
            ReportDraft.objects.using(db).filter(pk=draft.pk).update(signoffs=new)


def backwards(apps, schema_editor):
    forwards(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_record_versions'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
