"""Indexes for the 上级审查 page's files tables (issue 15): a year's files newest first, and the files waiting for a
unit or year (partial: not 作废, no year or no unit) newest first — a page of each without sorting every file."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0007_agency_former_names'),
        ('supervision', '0010_rectification_responses'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='publishedreport',
            index=models.Index(fields=['year', '-imported_at', '-id'], name='supervision_report_year_order'),
        ),
        migrations.AddIndex(
            model_name='publishedreport',
            index=models.Index(condition=models.Q(('voided_at__isnull', True), models.Q(('year__isnull', True), ('agency__isnull', True), _connector='OR')), fields=['-imported_at', '-id'], name='supervision_report_unplaced'),
        ),
    ]
