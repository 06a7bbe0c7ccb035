"""/lang: which language riskbot answers you in, and your own choice of it.

    /lang          the language you get now, what chose it, and the languages there are
    /lang ru       answer me in Russian (codes in any case and common spellings: pt-br, zh, zh-CN)
    /lang auto     forget my choice: my app's language applies again, then the group's, then English

A language choice is a preference, not a saved position: it is stored without the /optin consent
that saving positions needs (asking someone to opt in before they can read the answers would be
absurd), but it is data about the user all the same, so /privacy lists it, /export includes it and
/forget erases it with everything else. The answer to `/lang ru` is already in Russian.
"""

from __future__ import annotations

from typing import Any

from commands.context import Context
from commands.errors import UsageError
from commands.grammar import clean_tokens
from commands.groups.context import group_settings
from commands.invocation import Invocation
from commands.language.catalogues import speech_for
from commands.language.choice import chosen_by
from commands.language.languages import LANGUAGES, named, normalise
from commands.registry import Command, Option
from commands.reply import ErrorInfo, Line, Reply
from commands.saved.store_port import StorageUnavailable
from core.i18n import N_, _, speaking, speech

EXAMPLE = "/lang ru"
AUTO = ("auto", "off", "default")

SOURCES = {
    "user": N_("your choice (/lang)"),
    "platform": N_("your app's language"),
    "group": N_("this group's language (/set lang=)"),
    "default": N_("the default"),
}

LANGUAGE = Option("language", "word", N_("a language code, e.g. ru, es, pt-BR, or auto"))


def parse(text: str) -> dict[str, Any]:
    tokens = clean_tokens(text)
    if not tokens:
        return {}
    if len(tokens) > 1:
        raise UsageError(_("Give one language code, e.g. {example}.", example=EXAMPLE), EXAMPLE)
    raw = tokens[0].split("=", 1)[1] if tokens[0].lower().startswith(("language=", "lang=")) else tokens[0]
    if raw.lower() in AUTO:
        return {"language": "auto"}
    code = normalise(raw)
    if code not in LANGUAGES:
        raise UsageError(_("I don't speak '{code}'. Choose one of: {codes}, or auto.",
                           code=raw[:24], codes=", ".join(LANGUAGES)), EXAMPLE)
    return {"language": code}


async def current(invocation: Invocation, context: Context, chosen: str | None) -> tuple[str, str]:
    """(the language the user gets, what chose it), by dispatch's own rule (choice.chosen_by)."""
    settings = await group_settings(invocation, context)
    return chosen_by(chosen, invocation.locale, settings.language if settings is not None else None)


async def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    wanted = args.get("language")
    store = context.languages
    try:
        if wanted is not None and store is not None:
            await store.set_language(invocation.user_key, None if wanted == "auto" else wanted)
        chosen = await store.language_of(invocation.user_key) if store is not None else None
    except StorageUnavailable:
        return Reply(command="lang", private=True, error=ErrorInfo("storage", _(
            "Couldn't reach your language choice right now: storage is unavailable. Try again in a moment.")))
    language, source = await current(invocation, context, chosen)
    spoken = speech_for(language, speech().regional)
    with speaking(spoken):   # already in the language just chosen: the reply carries it
        return _reply(wanted, language, source, stored=store is not None)


def _reply(wanted: str | None, language: str, source: str, stored: bool) -> Reply:
    lines = (Line(_("Chosen by"), _(SOURCES[source])),
             Line(_("Languages"), ", ".join(named(code) for code in LANGUAGES)))
    result = {"language": language, "source": source, "available": list(LANGUAGES)}
    if not stored:
        notes = (_("This bot runs without a database, so it cannot remember a choice: riskbot answers in "
                   "your app's language, else the group's, else English."),)
        title = _("Language") if wanted is None else _("Language not saved")
        return Reply(command="lang", title=title, headline=Line(_("Language"), named(language)), lines=lines,
                     notes=notes, result={**result, "saved": False}, private=True)
    if wanted is None:
        title = _("Language")
        notes = (_("Choose one with /lang followed by its code, e.g. {example}; {auto} goes back to your "
                   "app's language.", example=EXAMPLE, auto="/lang auto"),)
    elif wanted == "auto":
        title = _("Language: automatic")
        notes = (_("Your choice is forgotten."),)
    else:
        title = _("Language set")
        notes = (_("riskbot answers you in {language} from now on, in every chat.", language=LANGUAGES[language]),
                 _("Your choice is kept without /optin; /privacy lists it and {forget} erases it.",
                   forget="/forget confirm"))
    return Reply(command="lang", title=title, headline=Line(_("Language"), named(language)), lines=lines,
                 notes=notes, result={**result, "saved": True}, private=True)


COMMAND = Command(
    name="lang",
    summary=N_("The language riskbot answers you in: /lang ru, /lang auto"),
    options=(LANGUAGE,),
    examples=("/lang ru", "/lang", "/lang auto"),
    user_install=True,
    run=run,
    parser=parse,
    accepts_free_text=False,
    private=True,
)
