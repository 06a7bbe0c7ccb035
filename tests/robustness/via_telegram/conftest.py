"""The Telegram suite's own fixtures, used as they are: the fake Bot API on loopback, the real
adapter, the SQLite store on a file in tmp_path. (Telegram and Discord fixtures share names such as
`fake` and `bot`, so each platform's robustness tests sit in their own folder.)"""

from __future__ import annotations

from tests.telegram.conftest import _ptb_timedelta, bot, db_path, fake, saving_bot, start_bot, store  # noqa: F401
