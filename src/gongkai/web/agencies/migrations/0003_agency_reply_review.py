"""Agency: 答复审核 (a reply goes out only after a 审核人 approved it; issue 14 item 2)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("agencies", "0002_agency_letter_fields")]

    operations = [
        migrations.AddField(
            model_name="agency", name="reply_review",
            field=models.BooleanField(
                default=False, verbose_name="答复审核",
                help_text="开启后，依申请公开的答复须经审核人审核通过才能发出：经办人提交审核，审核人审核通过或退回修改（写明理由）。"
                          "审核期间答复期限照常计算。")),
    ]
