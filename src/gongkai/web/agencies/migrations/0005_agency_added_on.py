"""Agency: 加入平台日期 — without a 设立日期, a unit's annual-report coverage starts the year before it was added
to the platform (docs/supervision.md §4).  Existing units keep it empty (unknown: every year counts, as before);
units created from now on get the day they are created."""

from django.db import migrations, models

import gongkai.web.clock


class Migration(migrations.Migration):

    dependencies = [("agencies", "0004_agency_established_on")]

    operations = [
        # first without a default, so the units already there are not all dated today
        migrations.AddField(
            model_name="agency", name="added_on",
            field=models.DateField(null=True, blank=True, editable=False, verbose_name="加入平台日期")),
        migrations.AlterField(
            model_name="agency", name="added_on",
            field=models.DateField(
                null=True, blank=True, editable=False, default=gongkai.web.clock.today, verbose_name="加入平台日期",
                help_text="在本平台中建立该机关的日期（自动记录）。没有设立日期时，年报发布情况从这一日期的上一年度算起。")),
        migrations.AlterField(
            model_name="agency", name="established_on",
            field=models.DateField(
                null=True, blank=True, verbose_name="设立日期",
                help_text="机关设立（成立）的日期。设立于某年度结束之后的机关，不计入该年度的年报发布情况（不算逾期）。"
                          "留空时，从加入本平台的上一年度算起（加入平台当年应当公布的那一份年报），更早的年度不计。")),
    ]
