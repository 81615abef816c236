"""The landing page: what waits for the signed-in user (every role)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .services import todo_for


@require_safe
@login_required
def index(request):
    groups = todo_for(request.user)
    return render(request, "todo/index.html", {"groups": groups, "total": sum(g.count for g in groups)})
