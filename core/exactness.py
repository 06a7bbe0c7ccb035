"""How exact an answer is, in words a trader can weigh: `exact`, `derived` or `estimate`.

Why: correctness is the product, and not every venue publishes what riskbot needs. A profile states
how exact its formula is (`core.venues.ContractRule.exactness`: exact, exact in tier 1, estimate,
for isolated and cross); this module turns that statement and one computed position into the
exactness that applies to that answer, so the reply can show it in the footer and, for an
estimate, carry the `estimate` warning (core.risk_warnings).

An `Exactness` is built while a command runs, so its words (label, why, notes) are spoken in the
asker's language; `level` stays the machine word. The profiles keep their texts in English,
marked for the catalogue (core/venues.py), and `label` below gives the English word for /venues'
JSON.

Levels of one answer:
- `exact`: the venue's published formula with its tier values;
- `derived`: a venue that publishes its formula for tier 1 only (Gate), beyond it: riskbot's form;
- `estimate`: no published formula for this case (BloFin; cross margin on Bitget, Gate, MEXC, OKX,
  Bybit's unified account), or a published one that leaves out part of the venue's rule (MEXC's fee).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import N_, _
from core.venue_tiers import opened_before
from core.venues import ESTIMATE, EXACT, EXACT_IN_TIER_1, VENUES, ContractRule

DERIVED = "derived"
# The footer words of each level, for the catalogue (a profile's own `label` is marked where it is set).
LEVEL_WORDS = {EXACT: N_("exact"), EXACT_IN_TIER_1: N_("exact in tier 1"), ESTIMATE: N_("estimate")}
DERIVED_WORDS = N_("derived (tier deduction added)")


@dataclass(frozen=True)
class Exactness:
    """`level`: exact / derived / estimate. `label`: the words for the footer ("exact in tier 1",
    "fees excluded"...). `why`: for an estimate or derived answer the plain reason; for an exact one
    the known caveat (may be empty). `source`: the formula's source. `notes`: lines to show too."""

    level: str
    label: str
    why: str
    source: str
    notes: tuple[str, ...] = ()

    @property
    def is_estimate(self) -> bool:
        return self.level == ESTIMATE

    def footer(self) -> str:
        """One footer line, e.g. "Exactness: estimate. BloFin publishes no liquidation formula; ..."."""
        if self.why and self.level != EXACT:
            return _("Exactness: {label}. {why}", label=self.label, why=self.why)
        return _("Exactness: {label}.", label=self.label)


def stated(rule: ContractRule, margin_mode: str) -> tuple[str, str]:
    """(the profile's exactness, its reason) for one margin mode, before any position is known."""
    if margin_mode == "cross" and rule.cross_exactness is not None:
        return rule.cross_exactness, rule.cross_why or rule.why
    return rule.exactness, rule.why


def label(rule: ContractRule, level: str) -> str:
    """The footer word for a stated level, in English: MEXC's "estimate (fees excluded)", else the level."""
    return rule.label if rule.label and level == rule.exactness else level


def words(rule: ContractRule, level: str) -> str:
    """`label` in the asker's language: the profile's own label (marked in core/venues.py), else the
    level's word."""
    if rule.label and level == rule.exactness:
        return _(rule.label)
    return _(LEVEL_WORDS.get(level, level))


def _spoken(why: str, notes: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    return (_(why) if why else ""), tuple(_(note) for note in notes)


def for_market(venue_key: str, contract: str = "linear", margin_mode: str = "isolated") -> Exactness:
    """What a venue states for a contract and margin mode, before any position: /venues and /help.
    Here `level` is the stated one (exact, exact in tier 1, estimate). Example: for_market("gate")
    → level and label "exact in tier 1", with why naming the derived deduction form beyond it."""
    rule = VENUES[venue_key].rules[contract]
    level, why = stated(rule, margin_mode)
    why, notes = _spoken(why, rule.notes)
    return Exactness(level, words(rule, level), why, rule.source, notes)


def exactness_of(liq) -> Exactness:
    """The exactness that applies to one computed position (`core.liquidation.Liquidation`).

    Gate beyond tier 1 (a tier with a deduction, or cum= given) → derived; Bitget cross → estimate;
    BloFin → estimate; Bitget isolated opened before its offset date → exact, with the old method
    named in the notes. Example: Gate, 1 BTC at 60,000 in tier 1 → exact, "exact in tier 1"."""
    rule, spec, tier = liq.rule, liq.spec, liq.tier
    level, why = stated(rule, spec.margin_mode)
    why, notes = _spoken(why, rule.notes)
    if rule.offset_from and spec.margin_mode == "isolated" and spec.mmr is None and spec.cum is None:
        when = f"{rule.offset_from[:10]} {rule.offset_from[11:16]}"
        if opened_before(spec.opened, rule.offset_from):
            said = _("Opened before {when} UTC: the tier rate on the whole value, no offset (opened= sets the date).",
                     when=when)
        else:
            said = _("Opened on or after {when} UTC: tier offset applied (opened= sets the date).", when=when)
        notes = (*notes, said)
    if level == EXACT_IN_TIER_1:
        if tier.number == 1 and tier.maintenance_amount == 0:
            return Exactness(EXACT, _(LEVEL_WORDS[EXACT_IN_TIER_1]), "", rule.source, notes)
        return Exactness(DERIVED, _(DERIVED_WORDS), why, rule.source, notes)
    return Exactness(level, words(rule, level), why, rule.source, notes)
