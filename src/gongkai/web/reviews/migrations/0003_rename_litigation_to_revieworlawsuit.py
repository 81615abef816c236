"""Glossary names (issue 10): ``Litigation`` is ``ReviewOrLawsuit`` (reviews and lawsuits, 复议/诉讼).

The app label stays ``litigation`` and the table ``litigation_litigation``: the table is named explicitly first,
so the rename changes the model's name only (``sqlmigrate`` prints no SQL on SQLite or PostgreSQL).
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('litigation', '0002_case_to_disclosurerequest'),
    ]

    operations = [
        migrations.AlterModelTable(name='litigation', table='litigation_litigation'),
        migrations.RenameModel(old_name='Litigation', new_name='ReviewOrLawsuit'),
    ]
