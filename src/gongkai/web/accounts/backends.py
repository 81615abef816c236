"""Login lockout: after GONGKAI_LOCKOUT_FAILURES failures the account is locked for
GONGKAI_LOCKOUT_MINUTES minutes (等保2.0 8.1.4.1 b: 登录失败处理); a 安全管理员 may unlock earlier."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.utils import timezone


class LockoutBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        from .models import User
        user = User.objects.filter(username=username).first()
        if user is not None and user.locked_until and user.locked_until > timezone.now():
            if request is not None:
                request.gongkai_locked_until = user.locked_until
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
