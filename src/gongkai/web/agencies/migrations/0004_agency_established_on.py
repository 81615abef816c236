"""Agency: 设立日期 — a unit set up after a year is not overdue with that year's annual report (docs/supervision.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("agencies", "0003_agency_reply_review")]

    operations = [
        migrations.AddField(
            model_name="agency", name="established_on",
            field=models.DateField(
                null=True, blank=True, verbose_name="设立日期",
                help_text="机关设立（成立）的日期。设立于某年度结束之后的机关，不计入该年度的年报发布情况（不算逾期）。留空表示早已设立。")),
    ]
