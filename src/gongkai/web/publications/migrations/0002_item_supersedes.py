# 变更 (条例第二十六条): Item.supersedes, the state "superseded", one open new version per item

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0001_initial'),
        ('publications', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='item',
            name='supersedes',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='publications.item', verbose_name='所替代的信息'),
        ),
        migrations.AlterField(
            model_name='item',
            name='state',
            field=models.CharField(choices=[('draft', '草稿'), ('pending_review', '待审核'), ('pending_signoff', '待签发'), ('returned', '已退回'), ('published', '已公开'), ('filed', '已签发（不主动公开）'), ('superseded', '已被新版本替代')], db_index=True, default='draft', max_length=20, verbose_name='状态'),
        ),
        migrations.AddConstraint(
            model_name='item',
            constraint=models.UniqueConstraint(condition=models.Q(('state__in', ['draft', 'pending_review', 'pending_signoff', 'returned'])), fields=('supersedes',), name='publication_one_open_version'),
        ),
    ]
