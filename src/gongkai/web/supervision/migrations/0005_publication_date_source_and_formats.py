"""PublishedReport: where its 发布日期 came from (导入时指定 / 文件中的日期 / 报告页填写; no date: 发布日期未知),
``text_digest`` (the narrative's characters, without spacing and punctuation) and ``same_as``: the same
publication in another format (a .txt and a .pdf of one unit's year with the same figures and the same
narrative are one version with two files, not two versions)."""

import django.db.models.deletion
from django.db import migrations, models


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
    ]
