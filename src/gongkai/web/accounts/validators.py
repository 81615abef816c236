"""Password complexity (等保2.0 8.1.4.1 a: 口令具有复杂度要求)."""

import re

from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """At least three of: lower-case letters, upper-case letters, digits, other characters."""

    def validate(self, password, user=None):
        classes = sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^a-zA-Z\d]"))
        if classes < 3:
            raise ValidationError("密码须至少包含小写字母、大写字母、数字、其他符号中的三类。", code="password_classes")

    def get_help_text(self):
        return "密码须至少包含小写字母、大写字母、数字、其他符号中的三类。"
