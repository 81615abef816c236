"""Glossary names (issue 10): the role 签发人 is ``signatory`` (it was ``signer``).

Rewrites the stored roles (and back on reverse).  The audit log is append-only (its triggers refuse UPDATE):
its entries keep ``signer``, shown through ``accounts.models.ROLE_WORDS``.
"""

from django.db import migrations, models

RENAMED = {"signer": "signatory"}


def forwards(apps, schema_editor, renamed=RENAMED):
    # the database being migrated: not always the default one (gongkai restore upgrades an older backup in a
    # temporary database)
    db = schema_editor.connection.alias if schema_editor is not None else "default"
    User = apps.get_model("accounts", "User")
    for old, new in renamed.items():
        User.objects.using(db).filter(role=old).update(role=new)


def backwards(apps, schema_editor):
    forwards(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_must_change_password'),
    ]

    operations = [
        migrations.AlterField(
            model_name='user',
            name='role',
            field=models.CharField(choices=[('clerk', '经办人'), ('reviewer', '审核人'), ('signatory', '签发人'), ('supervisor', '上级审查员'), ('sysadmin', '系统管理员'), ('secadmin', '安全管理员'), ('auditor', '审计管理员'), ('none', '未授权')], default='none', max_length=20, verbose_name='角色'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
