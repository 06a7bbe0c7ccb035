"""The menu words a translator may localise (commands/language/menu_names.py)."""

from __future__ import annotations

from bot.discord.command_tree import EXTRAS
from commands.catalog import all_commands
from commands.language.catalogues import Catalogue, read, TEMPLATE, speech_for
from commands.language.menu_names import CHOICE, COMMAND, MARKED, OPTION, catalogue_key, localised, valid_name


def test_every_command_and_option_name_is_offered_to_translators() -> None:
    commands = {command.name for command in all_commands()}
    options = {o.name for command in all_commands() for o in command.options} | {EXTRAS.name}
    assert commands <= MARKED[COMMAND], sorted(commands - MARKED[COMMAND])
    assert options <= MARKED[OPTION], sorted(options - MARKED[OPTION])
    choices = {c for command in all_commands() for o in command.options for c in o.choices}
    assert MARKED[CHOICE] <= choices, "a marked choice no command offers"


def test_the_template_carries_each_word_with_its_context() -> None:
    entries = {(m.context, m.id) for m in read(TEMPLATE) if m.context}
    for context, words in MARKED.items():
        assert {(context, word) for word in words} <= entries, "run `make messages`"


def test_discords_name_rule() -> None:
    for good in ("ликвидация", "强平", "tasfiye", "thanh-lý", "परिसमापन", "ราคา", "sl_2"):
        assert valid_name(good), good
    for bad in ("Ликвидация", "цена ликвидации", "liq!", "/liq", "", "л" * 33, "⟦ĺíǫ⟧"):
        assert not valid_name(bad), bad


def test_a_word_is_looked_up_under_its_context_only() -> None:
    russian = Catalogue("ru", {"liq": "не то", catalogue_key(OPTION, "liq"): "ликвидация",
                               catalogue_key(COMMAND, "size"): "size", catalogue_key(CHOICE, "long"): "лонг"},
                        {}, lambda n: 0)
    assert localised(russian, COMMAND, "liq") is None        # the plain msgid is another entry
    assert localised(russian, OPTION, "liq") == "ликвидация"
    assert localised(russian, COMMAND, "size") is None       # the same as the English: nothing to send
    assert localised(russian, CHOICE, "long") == "лонг"
    assert localised(russian, CHOICE, "binance") is None     # a venue is not offered for translation
    assert localised(speech_for("en"), COMMAND, "liq") is None
