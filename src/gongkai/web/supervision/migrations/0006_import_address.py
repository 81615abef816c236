"""ImportAddress: a web address given to the import, kept from the moment it is given (待抓取), fetched by a
task (the worker, or the importing process without a broker) into a PublishedReport, or 抓取失败 with the reason
in Chinese and fetched again on request.  A new table; no row of an existing one changes."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0005_agency_added_on'),
        ('supervision', '0005_publication_date_source_and_formats'),
    ]

    operations = [
        migrations.CreateModel(
            name='ImportAddress',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('url', models.CharField(max_length=2000, verbose_name='地址')),
                ('status', models.CharField(choices=[('pending', '待抓取'), ('failed', '抓取失败'), ('fetched', '已抓取')], db_index=True, default='pending', max_length=20, verbose_name='状态')),
                ('reason', models.TextField(blank=True, verbose_name='未取得文件的原因')),
                ('note', models.TextField(blank=True)),
                ('imported_by', models.CharField(blank=True, max_length=150, verbose_name='导入人')),
                ('given_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='提交时间')),
                ('fetched_at', models.DateTimeField(blank=True, null=True, verbose_name='抓取时间')),
                ('attempts', models.IntegerField(default=0, verbose_name='抓取次数')),
                ('year_given', models.IntegerField(blank=True, null=True, verbose_name='导入时指定的年度')),
                ('published_on', models.DateField(blank=True, null=True, verbose_name='导入时指定的发布日期')),
                ('published_on_own', models.BooleanField(default=False)),
                ('office', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='agencies.agency', verbose_name='审查机关')),
                ('report', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='supervision.publishedreport', verbose_name='取得的文件')),
            ],
            options={
                'verbose_name': '待抓取的网页地址',
                'ordering': ['-given_at', '-id'],
            },
        ),
    ]
