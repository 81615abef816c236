"""Glossary names (issue 10): ``Case`` is ``DisclosureRequest``, ``CaseEvent`` is ``RequestEvent``.

The tables keep their names (``cases_case``, ``cases_caseevent``): the tables are named explicitly first, so
the renames change the models' names only — no table, column, index or constraint is touched (``sqlmigrate``
prints no SQL on SQLite or PostgreSQL), and the foreign keys of the other apps (litigation, publications) follow
in the migration state (their AlterField migrations, litigation 0002 and publications 0004, are no-ops too).
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_case_worklist_order'),
        # after the migrations that create foreign keys to 'cases.case' under that name
        ('litigation', '0001_initial'),
        ('publications', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelTable(name='case', table='cases_case'),
        migrations.AlterModelTable(name='caseevent', table='cases_caseevent'),
        migrations.RenameModel(old_name='Case', new_name='DisclosureRequest'),
        migrations.RenameModel(old_name='CaseEvent', new_name='RequestEvent'),
    ]
