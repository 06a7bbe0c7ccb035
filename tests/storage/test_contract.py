"""The PositionStore contract, run against the in-memory fake and the SQLite store alike.

If a case here passes for one backend and fails for the other, command tests written against the
fake would lie about production; so every behaviour a command may rely on is pinned here.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from commands.saved.store_port import ConsentRequired, PositionStore
from tests.storage.conftest import position

A, B = "telegram:1001", "discord:2002"


async def test_nothing_is_stored_before_opting_in(store: PositionStore) -> None:
    assert not await store.has_consented(A)
    with pytest.raises(ConsentRequired):
        await store.save(A, position())
    assert await store.list(A) == []
    assert await store.export(A) == []
    assert await store.forget(A) == 0


async def test_consent_is_recorded_once(store: PositionStore) -> None:
    first = await store.record_consent(A)
    again = await store.record_consent(A)
    assert again == first and first.owner == A
    assert await store.has_consented(A)
    assert not await store.has_consented(B)


async def test_save_get_list(store: PositionStore) -> None:
    await store.record_consent(A)
    one = await store.save(A, position(stop=Decimal("58000"), label="swing"))
    two = await store.save(A, position(symbol="ETH", side="short", leverage=None))
    assert (one.owner, one.symbol, one.stop, one.label) == (A, "BTC", Decimal("58000"), "swing")
    assert two.leverage is None and two.take_profit is None
    assert one.created_at == one.updated_at
    assert isinstance(one.id, int) and one.id != two.id
    assert await store.get(A, one.id) == one
    assert await store.list(A) == [one, two]


async def test_ids_are_unique_across_owners_and_never_reused(store: PositionStore) -> None:
    await store.record_consent(A)
    await store.record_consent(B)
    a = await store.save(A, position())
    b = await store.save(B, position())
    assert await store.delete(B, b.id)
    c = await store.save(B, position())
    assert len({a.id, b.id, c.id}) == 3 and c.id > b.id


async def test_update_changes_only_what_was_asked(store: PositionStore) -> None:
    await store.record_consent(A)
    saved = await store.save(A, position())
    changed = await store.update(A, saved.id, stop=Decimal("57000.5"), label="moved stop")
    assert changed is not None
    assert (changed.stop, changed.label, changed.entry) == (Decimal("57000.5"), "moved stop",
                                                            saved.entry)
    assert changed.created_at == saved.created_at < changed.updated_at
    assert await store.get(A, saved.id) == changed
    cleared = await store.update(A, saved.id, stop=None)
    assert cleared is not None and cleared.stop is None
    assert await store.update(A, saved.id) == cleared            # nothing to change
    assert await store.update(A, saved.id + 999, label="x") is None


async def test_update_refuses_bad_changes(store: PositionStore) -> None:
    await store.record_consent(A)
    saved = await store.save(A, position())
    with pytest.raises(TypeError):
        await store.update(A, saved.id, owner=B)
    with pytest.raises(TypeError):
        await store.update(A, saved.id, id=saved.id + 1)
    with pytest.raises(ValueError):
        await store.update(A, saved.id, entry=None)
    with pytest.raises(ValueError):
        await store.update(A, saved.id, entry=60000.1)           # floats are not money
    assert await store.get(A, saved.id) == saved


async def test_delete(store: PositionStore) -> None:
    await store.record_consent(A)
    saved = await store.save(A, position())
    assert await store.delete(A, saved.id)
    assert not await store.delete(A, saved.id)
    assert await store.get(A, saved.id) is None and await store.list(A) == []


async def test_forget_erases_everything_about_one_user(store: PositionStore) -> None:
    await store.record_consent(A)
    await store.record_consent(B)
    for _ in range(3):
        await store.save(A, position())
    kept = await store.save(B, position())
    assert await store.forget(A) == 4                            # three positions and the consent
    assert await store.forget(A) == 0
    assert not await store.has_consented(A)
    assert await store.list(A) == [] and await store.export(A) == []
    with pytest.raises(ConsentRequired):
        await store.save(A, position())
    assert await store.list(B) == [kept] and await store.has_consented(B)


async def test_export_holds_consent_then_positions_as_plain_data(store: PositionStore) -> None:
    consent = await store.record_consent(A)
    saved = await store.save(A, position(entry=Decimal("0.000012340"), label="x"))
    exported = await store.export(A)
    assert exported[0] == {"record": "consent", "owner": A,
                           "consented_at": consent.consented_at.isoformat()}
    assert exported[1]["record"] == "position" and exported[1]["id"] == saved.id
    assert exported[1]["entry"] == "0.000012340" and exported[1]["leverage"] == "25"
    assert exported[1]["created_at"] == saved.created_at.isoformat()
    assert len(exported) == 2


BAD_IDS = [0, -1, 2**63, 2**70]


async def test_another_user_can_never_reach_a_row(store: PositionStore) -> None:
    await store.record_consent(A)
    await store.record_consent(B)
    mine = [await store.save(A, position(label=f"a{i}")) for i in range(3)]
    theirs = await store.save(B, position(label="b"))
    probes = [p.id for p in mine] + [theirs.id + n for n in range(1, 5)] + BAD_IDS
    for pid in probes:
        assert await store.get(B, pid) is None
        assert await store.update(B, pid, label="pwned") is None
        assert not await store.delete(B, pid)
    assert await store.list(A) == mine
    assert await store.list(B) == [theirs]
    assert A not in repr(await store.export(B))


async def test_owner_that_looks_like_sql_is_just_another_owner(store: PositionStore) -> None:
    sly = "telegram:1' OR '1'='1"
    await store.record_consent(A)
    await store.record_consent(sly)
    await store.save(A, position())
    own = await store.save(sly, position())
    assert await store.list(sly) == [own]
    assert await store.forget(sly) == 2
    assert len(await store.list(A)) == 1


async def test_ids_must_be_integers(store: PositionStore) -> None:
    await store.record_consent(A)
    saved = await store.save(A, position())
    for bad in (str(saved.id), float(saved.id), True):
        with pytest.raises(TypeError):
            await store.get(A, bad)  # type: ignore[arg-type]


EXACT = ["60000.10", "0.00000001", "1E+3", "-0", "123456789012345678901234567890.123456789",
         "0.1", "1.000000000000000000000000001", "5E-20"]


@pytest.mark.parametrize("text", EXACT)
async def test_decimals_come_back_exactly(store: PositionStore, text: str) -> None:
    await store.record_consent(A)
    value = Decimal(text)
    saved = await store.save(A, position(entry=value, quantity=value, margin=value, stop=value,
                                         take_profit=value, leverage=value))
    for got in (await store.get(A, saved.id), (await store.list(A))[0]):
        assert got is not None
        for name in ("entry", "quantity", "margin", "stop", "take_profit", "leverage"):
            # Same sign, digits and exponent: 60000.10 stays 60000.10, not 60000.1.
            assert getattr(got, name).as_tuple() == value.as_tuple()


HOSTILE = ["'; DROP TABLE positions; --", "' OR 1=1 --", "x') --", "🚀🌕 moon", 'say "hi"',
           "it's", "`rm -rf`", "line\nbreak", "ВТС", "مرحبا", "\\x00"]


@pytest.mark.parametrize("text", HOSTILE)
async def test_hostile_strings_are_stored_literally(store: PositionStore, text: str) -> None:
    await store.record_consent(A)
    await store.record_consent(B)
    other = await store.save(B, position())
    saved = await store.save(A, position(symbol=text, label=text, venue=text))
    got = await store.get(A, saved.id)
    assert got is not None and (got.symbol, got.label, got.venue) == (text, text, text)
    updated = await store.update(A, saved.id, label=text + text)
    assert updated is not None and updated.label == text + text
    assert await store.list(B) == [other]                       # the other table survived


@pytest.mark.parametrize("bad", [
    dict(symbol="BTC\x00evil"), dict(label="\ud800"), dict(label="x" * 501),
    dict(entry=Decimal("NaN")), dict(stop=Decimal("Infinity")), dict(entry=60000),
    dict(symbol=None), dict(label=42),
])
async def test_input_no_backend_could_keep_faithfully_is_refused(
        store: PositionStore, bad: dict[str, object]) -> None:
    await store.record_consent(A)
    with pytest.raises(ValueError):
        await store.save(A, position(**bad))
    assert await store.list(A) == []


@pytest.mark.parametrize("owner", ["no-colon", "", "telegram:\x00", 42])
async def test_owner_must_be_a_platform_key(store: PositionStore, owner: object) -> None:
    with pytest.raises(ValueError):
        await store.has_consented(owner)  # type: ignore[arg-type]
