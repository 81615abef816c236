"""Error pages in Chinese (no traceback reaches a user)."""

from django.http import Http404
from django.shortcuts import render


class NotFound(Http404):
    """A 404 whose message is Chinese and is shown on the error page (Django's own Http404
    messages are English and stay hidden)."""


def forbidden(request, exception=None):
    msg = str(exception) if exception and str(exception) else "您无权进行此操作。"
    return render(request, "error.html", {"title": "无权操作", "message": msg}, status=403)


def not_found(request, exception=None):
    msg = str(exception) if isinstance(exception, NotFound) and str(exception) else "找不到该页面或记录，或您无权查看。"
    return render(request, "error.html", {"title": "找不到页面", "message": msg}, status=404)


def server_error(request):
    return render(request, "error.html", {"title": "系统错误", "message": "系统内部错误，已记录。请稍后重试或联系系统管理员。"},
                  status=500)
