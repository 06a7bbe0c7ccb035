"""Discord's published limits as checks, for the fake to enforce and for tests to call directly.

Sources: discord/discord-api-docs, `developers/resources/message.mdx` ("Embed Limits") and
`developers/interactions/application-commands.mdx` (names, descriptions, options, 8,000
characters per command, 100 global commands). Each check returns what it found wrong, in words.
"""

from __future__ import annotations

import re

from tests.discord.discord_locales import localisation_problems, menu_localisation_problems

NAME_RULE = re.compile(r"^[a-z0-9_]{1,32}$")   # stricter than Discord's: ours must suit Telegram too
STRING, NUMBER = 3, 10                          # application command option types
CHAT_INPUT, USER_MENU, MESSAGE_MENU = 1, 2, 3    # application command types
MENU_NAME = re.compile(r"^[^\s].{0,31}$")        # user and message commands: 1-32 characters, any case, spaces


def menu_problems(command: dict, where: str) -> list[str]:
    """User and message commands (application-commands.mdx, "User Commands", "Message Commands"):
    a name of 1-32 characters that may hold capitals and spaces, an empty description, no options."""
    problems = []
    if not MENU_NAME.match(command.get("name", "")) or command["name"] != command["name"].strip():
        problems.append(f"{where}: a menu command's name is 1-32 characters")
    if command.get("description"):
        problems.append(f"{where}: a menu command has an empty description")
    if command.get("options"):
        problems.append(f"{where}: a menu command takes no options")
    return problems + _where_problems(command, where)


def message_problems(data: dict, partial: bool = False) -> list[str]:
    """Discord's message and embed limits (developers/resources/message.mdx, 'Embed Limits'), and
    its button limits. `partial`: an edit, which may leave out what it does not change."""
    problems = component_problems(data.get("components") or [])
    content = data.get("content") or ""
    embeds = data.get("embeds") or []
    if len(content) > 2000:
        problems.append(f"content is {len(content)} characters (max 2000)")
    if not (partial or content or embeds or data.get("attachments") or data.get("components")):
        problems.append("empty message")
    if len(embeds) > 10:
        problems.append(f"{len(embeds)} embeds (max 10)")
    total = 0
    for embed in embeds:
        parts = {"title": (embed.get("title") or "", 256),
                 "description": (embed.get("description") or "", 4096),
                 "footer.text": ((embed.get("footer") or {}).get("text") or "", 2048),
                 "author.name": ((embed.get("author") or {}).get("name") or "", 256)}
        fields = embed.get("fields") or []
        if len(fields) > 25:
            problems.append(f"{len(fields)} fields (max 25)")
        for number, item in enumerate(fields):
            parts[f"field {number} name"] = (item.get("name") or "", 256)
            parts[f"field {number} value"] = (item.get("value") or "", 1024)
            if not item.get("name") or not item.get("value"):
                problems.append(f"field {number} has an empty name or value")
        for where, (text, limit) in parts.items():
            total += len(text)
            if len(text) > limit:
                problems.append(f"embed {where} is {len(text)} characters (max {limit})")
    if total > 6000:
        problems.append(f"embeds hold {total} characters (max 6000)")
    return problems


def component_problems(rows: list[dict]) -> list[str]:
    """Buttons (developers/components/reference.mdx): inside action rows (type 1) of at most 5,
    at most 5 rows, labels up to 80 characters, a custom_id of 1-100 characters unique in the
    message (link buttons, style 5, carry a url instead)."""
    problems = []
    if len(rows) > 5:
        problems.append(f"{len(rows)} action rows (max 5)")
    custom_ids: list[str] = []
    for number, row in enumerate(rows):
        buttons = row.get("components") or []
        if row.get("type") != 1 or not 1 <= len(buttons) <= 5:
            problems.append(f"row {number} is not an action row of 1-5 components")
        for button in buttons:
            if button.get("type") != 2:
                continue
            if len(button.get("label") or "") > 80:
                problems.append(f"button label over 80 characters: {button.get('label')!r}")
            if button.get("style") == 5:
                continue
            custom_id = button.get("custom_id") or ""
            if not 1 <= len(custom_id) <= 100:
                problems.append(f"button custom_id must be 1-100 characters: {custom_id!r}")
            custom_ids.append(custom_id)
    if len(set(custom_ids)) != len(custom_ids):
        problems.append("duplicate custom_id in one message")
    return problems


def upload_problems(payload: dict, sizes: list[int], limit: int, names: list[str] | None = None) -> list[str]:
    """Files (developers/reference.mdx, 'Uploading Files'): at most 10, each within the
    interaction's `attachment_size_limit`, and every `attachments[].id` naming a `files[n]` part.
    An embed shows an uploaded image with `attachment://NAME` ('Using Attachments within
    Embeds'): NAME must be the file name of one of the message's uploads (given in `names`)."""
    problems = []
    if names is not None:
        for embed in payload.get("embeds") or []:
            for slot in ("image", "thumbnail"):
                url = (embed.get(slot) or {}).get("url") or ""
                if url.startswith("attachment://") and url.removeprefix("attachment://") not in names:
                    problems.append(f"embed {slot} {url} names no uploaded file")
    if len(sizes) > 10:
        problems.append(f"{len(sizes)} files (max 10)")
    problems += [f"file {n} is {size} bytes (max {limit})" for n, size in enumerate(sizes) if size > limit]
    for attachment in payload.get("attachments") or []:
        if "filename" in attachment and not 0 <= int(attachment.get("id", -1)) < len(sizes):
            problems.append(f"attachment {attachment.get('id')} names no uploaded file")
    return problems


GUILD_INSTALL, USER_INSTALL = 0, 1                     # integration types
GUILD, BOT_DM, PRIVATE_CHANNEL = 0, 1, 2               # interaction context types


def _where_problems(command: dict, where: str) -> list[str]:
    """`integration_types` and `contexts` (application-commands.mdx, "Installation Context" and
    "Interaction Contexts"): optional, else non-empty lists of known values without repeats."""
    problems = []
    for key, known in (("integration_types", {GUILD_INSTALL, USER_INSTALL}),
                       ("contexts", {GUILD, BOT_DM, PRIVATE_CHANNEL})):
        values = command.get(key)
        if values is None:
            continue
        if not isinstance(values, list) or not values or len(set(values)) != len(values) or \
                not set(values) <= known:
            problems.append(f"{where}: {key} must be a non-empty list of distinct values from {sorted(known)}")
    return problems


def command_problems(commands: list[dict]) -> list[str]:
    """Discord's application-command rules (developers/interactions/application-commands.mdx)."""
    problems = []
    if len(commands) > 100:
        problems.append(f"{len(commands)} commands (max 100)")
    if len({(c.get("type", CHAT_INPUT), c.get("name")) for c in commands}) != len(commands):
        problems.append("duplicate command names")   # unique per command type
    for command in commands:
        name = command.get("name", "")
        where = f"/{name}"
        if command.get("type", CHAT_INPUT) in (USER_MENU, MESSAGE_MENU):
            problems += menu_problems(command, where) + menu_localisation_problems(command, where)
            continue
        if command.get("type", CHAT_INPUT) != CHAT_INPUT:
            problems.append(f"{where}: unknown command type {command.get('type')!r}")
            continue
        if not NAME_RULE.match(name):
            problems.append(f"{where}: name does not match {NAME_RULE.pattern}")
        if not 1 <= len(command.get("description", "")) <= 100:
            problems.append(f"{where}: description must be 1-100 characters")
        # Documented as a string bit set; Discord also takes the integer, which discord.py sends.
        permissions = command.get("default_member_permissions")
        if permissions is not None and not str(permissions).isdigit():
            problems.append(f"{where}: default_member_permissions must be a permission bit set")
        problems += _where_problems(command, where) + localisation_problems(command, where)
        options = command.get("options") or []
        if len(options) > 25:
            problems.append(f"{where}: {len(options)} options (max 25)")
        seen_optional = False
        size = len(name) + len(command.get("description", ""))
        for option in options:
            oname = option.get("name", "")
            size += len(oname) + len(option.get("description", ""))
            if not NAME_RULE.match(oname):
                problems.append(f"{where} {oname!r}: name does not match {NAME_RULE.pattern}")
            if not 1 <= len(option.get("description", "")) <= 100:
                problems.append(f"{where} {oname}: description must be 1-100 characters")
            if option.get("required"):
                if seen_optional:
                    problems.append(f"{where} {oname}: required option after an optional one")
            else:
                seen_optional = True
            choices = option.get("choices") or []
            if len(choices) > 25:
                problems.append(f"{where} {oname}: {len(choices)} choices (max 25)")
            if choices and option.get("autocomplete"):
                problems.append(f"{where} {oname}: choices and autocomplete together")
            for choice in choices:
                size += len(choice["name"]) + len(str(choice["value"]))
                if not 1 <= len(choice["name"]) <= 100:
                    problems.append(f"{where} {oname}: choice name must be 1-100 characters")
            if option.get("type") != NUMBER and ("min_value" in option or "max_value" in option):
                problems.append(f"{where} {oname}: min/max on a non-number option")
        if size > 8000:
            problems.append(f"{where}: {size} characters in all (max 8000)")
    return problems
