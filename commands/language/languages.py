"""The languages riskbot speaks, and how a platform's locale code maps onto one of them.

Discord sends a client locale (`pt-BR`, `es-419`, `zh-TW`), Telegram an IETF tag as the user's app
has it (`pt-br`, `zh-hans`, `en`); both become one of `LANGUAGES` or None (then the group's
language, then English, applies). Chinese in any script maps to Simplified: the one catalogue we
have reads far better to a Traditional reader than English would.
"""

from __future__ import annotations

# code -> the language's own name, as /lang lists it
LANGUAGES: dict[str, str] = {
    "en": "English",
    "ru": "Русский",
    "zh-CN": "简体中文",
    "es": "Español",
    "pt-BR": "Português (Brasil)",
    "tr": "Türkçe",
    "vi": "Tiếng Việt",
}
TRANSLATED = tuple(code for code in LANGUAGES if code != "en")
# A made-up language whose every catalogued string is wrapped and accented (`⟦Ŀíqúíðàţíöñ⟧`): any
# English that reaches a user unwrapped under it was never put through the catalogue.
PSEUDO = "qps"

# Discord's locales for each language (the ones its sync payload may carry).
DISCORD_LOCALES: dict[str, tuple[str, ...]] = {
    "ru": ("ru",), "zh-CN": ("zh-CN",), "es": ("es-ES", "es-419"), "pt-BR": ("pt-BR",),
    "tr": ("tr",), "vi": ("vi",),
}
_BY_BASE = {"en": "en", "ru": "ru", "zh": "zh-CN", "es": "es", "pt": "pt-BR", "tr": "tr", "vi": "vi"}


def normalise(code: str | None) -> str | None:
    """A platform's locale code as one of our languages, or None when we do not speak it.

    >>> normalise("pt-br"), normalise("zh-hans"), normalise("es-419"), normalise("de")
    ('pt-BR', 'zh-CN', 'es', None)
    """
    if not code or not isinstance(code, str):
        return None
    base = code.strip().replace("_", "-").split("-", 1)[0].lower()
    if base == PSEUDO:
        return PSEUDO
    return _BY_BASE.get(base)


def named(code: str) -> str:
    """A language as /lang, /settings and /privacy show it: its own name and its code."""
    return f"{LANGUAGES[code]} ({code})" if code in LANGUAGES else code


def gettext_dir(language: str) -> str:
    """The catalogue folder of a language: `zh-CN` -> `zh_CN` (gettext's own spelling)."""
    return language.replace("-", "_")
