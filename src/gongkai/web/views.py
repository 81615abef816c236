"""Error pages in Chinese (no traceback reaches a user)."""

from django.http import Http404
from django.shortcuts import render


class NotFound(Http404):
    """A 404 whose message is Chinese and is shown on the error page (Django's own Http404
    messages are English and stay hidden)."""


def forbidden(request, exception=None):
    msg = str(exception) if exception and str(exception) else "您无权进行此操作。"
    return render(request, "error.html", {"title": "无权操作", "message": msg}, status=403)


def bad_request(request, exception=None):
    """400: a request Django refuses before any view (too large a form, too many fields, a bad host)."""
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
    if isinstance(exception, RequestDataTooBig):
        mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1048576
        msg = (f"提交的内容过大（表单文字上限约 {mb:g} MB），未能保存。请缩短内容，或把长篇材料作为附件上传；"
               "请返回上一页，刚才输入的内容可能仍在浏览器中。")
    elif isinstance(exception, TooManyFieldsSent):
        msg = "提交的表单字段过多，未能处理。"
    else:
        msg = "请求有误，未能处理。请返回上一页重试。"
    return render(request, "error.html", {"title": "请求有误", "message": msg}, status=400)


def not_found(request, exception=None):
    msg = str(exception) if isinstance(exception, NotFound) and str(exception) else "找不到该页面或记录，或您无权查看。"
    return render(request, "error.html", {"title": "找不到页面", "message": msg}, status=404)


def server_error(request):
    return render(request, "error.html", {"title": "系统错误", "message": "系统内部错误，已记录。请稍后重试或联系系统管理员。"},
                  status=500)
