"""The stored copy of a concluded request's timeliness (issue 16: the worklist export of 10 000 cases); a derived
copy in a table of its own, filled the first time an export needs it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0006_rename_case_to_disclosurerequest'),
    ]

    operations = [
        migrations.CreateModel(
            name='TimelinessCopy',
            fields=[
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                                              related_name='timeliness_copy', serialize=False,
                                              to='cases.disclosurerequest')),
                ('stamp', models.CharField(max_length=120)),
                ('data', models.JSONField()),
            ],
        ),
    ]
