"""Agency: the fields letters and the annual report need (复议机关 by level, court, 工作机构, 受理时间)."""

from django.db import migrations, models


def clear_placeholder(apps, schema_editor):
    """「本级人民政府」 was a default, not a choice: wrong for a township (its review body is the county
    government). Blank it so the letter uses the review body suggested by level."""
    Agency = apps.get_model("agencies", "Agency")
    Agency.objects.filter(review_body="本级人民政府").update(review_body="")


class Migration(migrations.Migration):

    dependencies = [("agencies", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="agency", name="review_body",
            field=models.CharField(blank=True, max_length=200, verbose_name="行政复议机关",
                                   help_text="写入答复书的救济途径。乡镇（街道）、县级部门：县（区）人民政府；县（区）人民政府："
                                             "上一级（市）人民政府。留空时按层级和上级机关推定。")),
        migrations.AddField(
            model_name="agency", name="court",
            field=models.CharField(blank=True, max_length=200, verbose_name="行政诉讼管辖法院",
                                   help_text="例如 某某县人民法院；被告为县级以上人民政府的，一般由中级人民法院管辖。"
                                             "留空时答复书写“人民法院”。")),
        migrations.AddField(
            model_name="agency", name="office_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="政府信息公开工作机构",
                                   help_text="例如 某某镇党政办公室")),
        migrations.AlterField(
            model_name="agency", name="contact",
            field=models.CharField(blank=True, max_length=200, verbose_name="联系电话")),
        migrations.AddField(
            model_name="agency", name="hours",
            field=models.CharField(blank=True, max_length=200, verbose_name="受理时间",
                                   help_text="例如 工作日 9:00—12:00，14:00—17:00")),
        migrations.RunPython(clear_placeholder, migrations.RunPython.noop),
    ]
