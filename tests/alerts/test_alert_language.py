"""An alert speaks the language its owner chose with /lang: no command runs when it is sent, so no
platform locale comes with it; the stored choice is read (commands/language/prefs_port.py), and a
missing choice, or a store that cannot answer, gives English.

The stored choices here are a dict behind the `LanguagePrefs` port (the SQL stores of it come with
/lang). Until the catalogues are translated, the pseudo-locale (`qps`) shows the language: the alert's
own lines arrive wrapped once `make messages` has put them in the catalogue."""

from __future__ import annotations

from dataclasses import replace

from commands.language.catalogues import speech_for
from commands.saved.store_port import StorageUnavailable
from tests.alerts.conftest import OWNER

QPS = speech_for("qps")


class Chosen:
    """A `LanguagePrefs`: the users' choices in a dict, or a store that cannot answer."""

    def __init__(self, choices: dict[str, str], failing: bool = False) -> None:
        self.choices, self.failing = choices, failing

    async def language_of(self, user: str) -> str | None:
        if self.failing:
            raise StorageUnavailable("database unreachable")
        return self.choices.get(user)

    async def set_language(self, user: str, language: str | None) -> None:
        self.choices[user] = language   # type: ignore[assignment]


async def alert_for(world, prefs: Chosen):
    world.job.context = replace(world.context, languages=prefs)
    await world.saved()
    await world.alerts.change_settings(OWNER, enabled=True)
    world.mark("58100.5")
    await world.job.tick()
    await world.job.tick()
    [(_user, reply)] = world.messenger.direct_messages
    return reply


async def test_an_alert_is_composed_in_the_owners_chosen_language(world) -> None:
    reply = await alert_for(world, Chosen({OWNER: "qps"}))
    assert reply.speech is QPS
    assert reply.headline.value == "57,831.33" and str(reply.result["mark_price"]) == "58100.5"


async def test_the_alerts_own_lines_are_in_that_language(world) -> None:
    reply = await alert_for(world, Chosen({OWNER: "qps"}))
    assert reply.title.startswith("\u27e6") and not reply.title.startswith("Near liquidation")
    assert "Mark price" not in [line.label for line in reply.lines]


async def test_no_choice_or_a_failing_store_gives_english(world) -> None:
    reply = await alert_for(world, Chosen({}, failing=True))
    assert reply.speech.language == "en" and reply.title.startswith("Near liquidation: #")
