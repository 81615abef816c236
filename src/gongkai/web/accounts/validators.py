"""Password complexity (等保2.0 8.1.4.1 a: 口令具有复杂度要求)."""

import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class CharacterClassValidator:
    """At least three of: lower-case letters, upper-case letters, digits, other characters."""

    def validate(self, password, user=None):
        classes = sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^a-zA-Z\d]"))
        if classes < 3:
            raise ValidationError("密码须至少包含小写字母、大写字母、数字、其他符号中的三类。", code="password_classes")

    def get_help_text(self):
        return "密码须至少包含小写字母、大写字母、数字、其他符号中的三类。"


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum-length check, with its message translated.

    Django 5.2 builds this error from the msgid "…at least %d character(s)." while its translation
    catalogues (zh_Hans included) carry "…at least %(min_length)d character(s).", so the message
    stayed in English under LANGUAGE_CODE "zh-hans".  This asks the catalogue for the msgid it has.
    """

    def get_error_message(self):
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class ChineseCommonPasswordValidator:
    """Refuses passwords built on the patterns most common in Chinese password leaks (keyboard runs, repeated
    digits, 我爱你/一生一世 numbers, pinyin words), which Django's English list does not know; the character-class
    rule alone lets "Woaini@1314" through."""

    PATTERNS = ("123456", "654321", "111111", "888888", "666666", "000000", "112233", "123123", "qwerty", "asdfgh",
                "zxcvbn", "qazwsx", "1qaz2wsx", "woaini", "wo-ai-ni", "5201314", "1314520", "520520",
                "iloveyou", "zhongguo", "abc123", "a1b2c3", "qq123")

    def validate(self, password, user=None):
        low = password.lower()
        hit = next((p for p in self.PATTERNS if p in low), None)
        if hit is not None:
            raise ValidationError(f"密码中含有常见的弱密码组合「{hit}」，容易被猜中，请换一个。",
                                  code="password_common_chinese")

    def get_help_text(self):
        return "不能含有 123456、qwerty、woaini、5201314 等常见弱密码组合。"
