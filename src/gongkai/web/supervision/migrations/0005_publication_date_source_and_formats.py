"""PublishedReport: where its 发布日期 came from (导入时指定 / 文件中的日期 / 报告页填写; no date: 发布日期未知),
``text_digest`` (the narrative's characters, without spacing and punctuation) and ``same_as``: the same
publication in another format (a .txt and a .pdf of one unit's year with the same figures and the same
narrative are one version with two files, not two versions).

Until now a file imported without a date got the day of its import as its 发布日期, which coverage then judged
as on time or late.  Such dates (the 发布日期 equal to the import's local day) become unknown — a date given
explicitly for that same day becomes unknown too: unknown is said, a wrong date would not be.  A re-audit
(``gongkai supervise audit --all --year Y``) then takes a date the file prints."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def forget_import_days(apps, schema_editor):
    PublishedReport = apps.get_model("supervision", "PublishedReport")
    stale = [r.pk for r in PublishedReport.objects.filter(published_on__isnull=False).only(
        "pk", "published_on", "imported_at").iterator() if timezone.localdate(r.imported_at) == r.published_on]
    for start in range(0, len(stale), 500):
        PublishedReport.objects.filter(pk__in=stale[start:start + 500]).update(published_on=None)


class Migration(migrations.Migration):

    dependencies = [("supervision", "0004_rule_codes")]

    operations = [
        migrations.AddField(
            model_name="publishedreport", name="published_on_source",
            field=models.CharField(blank=True, max_length=300, verbose_name="发布日期的来源")),
        migrations.AddField(
            model_name="publishedreport", name="text_digest",
            field=models.CharField(blank=True, max_length=64)),
        migrations.AddField(
            model_name="publishedreport", name="same_as",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="formats", to="supervision.publishedreport",
                                    verbose_name="同一发布的另一格式")),
        migrations.RunPython(forget_import_days, migrations.RunPython.noop),
    ]
