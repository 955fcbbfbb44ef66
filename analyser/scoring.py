"""Scoring: a posting's skill profile and a CV's -> match result (score 0-100 with breakdown).

The formula (also in the README):

* every skill the posting demands gets a weight ``w`` in 0-1, the largest of its mentions'
  weights (:data:`MENTION_WEIGHTS`: required 1.0, body text and responsibilities 0.75,
  preferred 0.5; negated and boilerplate mentions 0);
* the CV earns a credit ``c`` per demanded skill: 1 when the CV names the skill,
  ``IMPLIED_CREDIT ** d`` (0.5 for a direct link, 0.25 for two links; no credit beyond
  :data:`MAX_IMPLIED_LINKS`) when it names a more specific skill that implies it through
  ``d`` of the taxonomy's ``implies`` links (CV "PyTorch" for demanded "deep-learning
  frameworks"), else 0;
* ``score = 100 * sum(w * c) / sum(w)``, over the demanded skills; 0 when nothing is demanded.

A requirement group of alternatives ("Python, R or Scala") is one demanded item whose credit
is the best of its members'. The same sums restricted to one category give the
per-category breakdown.

The weights are a design choice, not a fitted model: a required skill counts twice as much as a
preferred one (postings separate "must" from "nice to have"; a missing must-have is what
rejects a candidate), and a skill named in the role description without a label sits between
the two (it is part of the job, but the posting did not say it is a must).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .extraction import SkillMention
    from .profile import SkillEvidence, SkillProfile
    from .taxonomy import Taxonomy

MENTION_WEIGHTS: dict[str, float] = {
    "required": 1.0,
    "other": 0.75,
    "preferred": 0.5,
}
"""Demand weight (0-1) of a mention by its requirement level (``SkillMention.section``)."""

BOILERPLATE_WEIGHT = 0.0
"""Weight of a mention in company boilerplate (About us, Benefits, EEO): not demanded."""
NEGATED_WEIGHT = 0.0
"""Weight of a negated mention ("no Kafka experience needed"): not demanded."""
OTHER_EXPERIENCER_WEIGHT = 0.0
"""Weight of a mention that names other people ("collaborate with data scientists";
``SkillMention.experiencer == "other"``): not demanded."""
MAX_IMPLIED_LINKS = 2
"""Longest chain of ``implies`` links that still earns credit: PySpark -> Python ->
programming languages -> computer science says nothing about computer science."""
IMPLIED_CREDIT = 0.5
"""Credit (0-1) per ``implies`` link for a demanded skill the CV covers only indirectly: the CV
names a more specific skill, not this one, so the evidence counts half, and half again for each
further link (a long chain of "implies" says less and less about the general skill)."""


def mention_weight(mention: "SkillMention") -> float:
    """Return the demand weight (0-1) of one mention; see :data:`MENTION_WEIGHTS`."""
    if mention.negated:
        return NEGATED_WEIGHT
    if mention.section_kind == "boilerplate":
        return BOILERPLATE_WEIGHT
    if mention.experiencer == "other":
        return OTHER_EXPERIENCER_WEIGHT
    return MENTION_WEIGHTS[mention.section]


@dataclass(frozen=True, slots=True)
class SkillMatch:
    """A demanded skill (or group of alternatives) and what the CV has for it.

    Attributes:
        skill_id, label, category: the demanded canonical skill; for a group, the member the
            CV covers best (or the first member when none), and ``label`` reads
            "one of: A, B, C" when the group is missing.
        weight: its demand weight in the posting, 0-1.
        level: its requirement level in the posting (required, preferred, other).
        credit: what the CV earns for it, 0-1 (1 direct, ``IMPLIED_CREDIT ** links`` implied, 0 missing).
        via: for an implied match, the CV skill id that implies it; else ``None``.
        jd_evidence: the posting's mentions (dicts: text, start, end, line, sentence, section).
        cv_evidence: the CV's mentions of the skill (or of ``via``).
        mentions: number of mentions in the posting.
        one_of: for a requirement group of alternatives, the member skill ids; else ``()``.
        jd_match_type, jd_confidence: how the posting's mention was found (exact, normalised,
            paraphrase, fuzzy) and its confidence (0-1).
        cv_match_type, cv_confidence: how the CV covers it (exact, normalised, paraphrase,
            fuzzy, or implied through the taxonomy) and the confidence (0-1); ``None`` and 0 when missing.
    """

    skill_id: str
    label: str
    category: str
    weight: float
    level: str
    credit: float
    via: str | None
    jd_evidence: tuple[dict[str, Any], ...]
    cv_evidence: tuple[dict[str, Any], ...] = ()
    mentions: int = 1
    one_of: tuple[str, ...] = ()
    jd_match_type: str = "exact"
    jd_confidence: float = 1.0
    cv_match_type: str | None = None
    cv_confidence: float = 0.0

    @property
    def match(self) -> str:
        """``"direct"``, ``"implied"`` or ``"missing"``."""
        return "direct" if self.credit >= 1.0 else "implied" if self.credit > 0 else "missing"

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "skill_id": self.skill_id,
            "label": self.label,
            "category": self.category,
            "weight": self.weight,
            "level": self.level,
            "credit": self.credit,
            "match": self.match,
            "via": self.via,
            "one_of": list(self.one_of),
            "mentions": self.mentions,
            "jd_match_type": self.jd_match_type,
            "jd_confidence": self.jd_confidence,
            "cv_match_type": self.cv_match_type,
            "cv_confidence": self.cv_confidence,
            "jd_evidence": list(self.jd_evidence),
            "cv_evidence": list(self.cv_evidence),
        }


@dataclass(frozen=True, slots=True)
class CategoryScore:
    """The breakdown of one taxonomy category.

    Attributes:
        category, label: the category id and label.
        demanded: number of skills of this category the posting demands.
        matched: how many of them the CV covers (directly or implied).
        demanded_weight: sum of their weights.
        covered_weight: sum of weight x credit.
        score: ``100 * covered_weight / demanded_weight`` (0-100), or ``None`` when the
            posting demands nothing in this category.
    """

    category: str
    label: str
    demanded: int
    matched: int
    demanded_weight: float
    covered_weight: float

    @property
    def score(self) -> float | None:
        """Category score 0-100, or ``None`` when nothing is demanded."""
        if self.demanded_weight <= 0:
            return None
        return round(100.0 * self.covered_weight / self.demanded_weight, 1)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "category": self.category,
            "label": self.label,
            "demanded": self.demanded,
            "matched": self.matched,
            "demanded_weight": round(self.demanded_weight, 3),
            "covered_weight": round(self.covered_weight, 3),
            "score": self.score,
        }


@dataclass(frozen=True, slots=True)
class ExtraSkill:
    """A skill the CV has that the posting does not demand.

    Attributes:
        skill_id, label, category: the canonical skill.
        weight: always 0 for the posting (kept for a uniform JSON shape).
        mentions: number of CV mentions.
        cv_evidence: the CV's mentions (dicts).
    """

    skill_id: str
    label: str
    category: str
    mentions: int
    cv_evidence: tuple[dict[str, Any], ...]
    weight: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "skill_id": self.skill_id,
            "label": self.label,
            "category": self.category,
            "weight": self.weight,
            "mentions": self.mentions,
            "cv_evidence": list(self.cv_evidence),
        }


@dataclass(frozen=True, slots=True)
class MatchResult:
    """How well a CV fits a posting.

    Attributes:
        score: 0-100, see the module docstring for the formula.
        categories: per-category breakdown, in taxonomy order (every category, demanded or not).
        matched: demanded skills the CV covers (credit > 0), heaviest first.
        missing: demanded skills the CV lacks, most important first (weight, then number of
            posting mentions, then first position): the to-learn list.
        extra: CV skills the posting does not demand, most mentioned first.
        cv_source, jd_source: the documents' names.
    """

    score: float
    categories: tuple[CategoryScore, ...]
    matched: tuple[SkillMatch, ...]
    missing: tuple[SkillMatch, ...]
    extra: tuple[ExtraSkill, ...]
    cv_source: str = "<cv>"
    jd_source: str = "<jd>"
    formula: str = field(default="100 * sum(weight * credit) / sum(weight)")

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON contract of ``analyser match --format json`` (see the README)."""
        return {
            "score": self.score,
            "formula": self.formula,
            "cv": self.cv_source,
            "jd": self.jd_source,
            "categories": [c.to_dict() for c in self.categories],
            "matched": [m.to_dict() for m in self.matched],
            "missing": [m.to_dict() for m in self.missing],
            "extra": [e.to_dict() for e in self.extra],
        }


def _evidence(mentions) -> tuple[dict[str, Any], ...]:
    return tuple(
        {"text": m.text, "start": m.start, "end": m.end, "line": m.line, "sentence": m.sentence, "section": m.section}
        for m in mentions
        if not m.negated
    )


@dataclass(frozen=True, slots=True)
class _Demand:
    """One unit of demand: a single skill, or a group of alternatives counted once."""

    members: tuple["SkillEvidence", ...]
    weight: float
    level: str
    mentions: tuple  # the posting's mentions behind this demand
    is_group: bool


def _demands(jd: "SkillProfile") -> list[_Demand]:
    """The posting's demands: skills named on their own, and groups of alternatives."""
    out = []
    for skill in jd.skills:
        standalone = [m for m in skill.mentions if m.group is None]
        if skill.standalone_weight > 0:
            heaviest = max(standalone, key=lambda m: (mention_weight(m), -m.start))
            out.append(_Demand((skill,), skill.standalone_weight, heaviest.section, tuple(standalone), False))
    for group in jd.groups:
        if group.weight > 0:
            members = tuple(s for s in (jd.get(sid) for sid in group.skill_ids) if s is not None)
            out.append(_Demand(members, group.weight, group.level, group.mentions, True))
    # most important first: weight, then number of mentions, then first position
    out.sort(key=lambda d: (-d.weight, -len(d.mentions), min(m.start for m in d.mentions)))
    return out


def match_profiles(cv: "SkillProfile", jd: "SkillProfile", taxonomy: "Taxonomy") -> MatchResult:
    """Score a CV profile against a posting profile.

    A requirement group of alternatives ("Python, R or Scala") is one demand: the CV earns
    the best credit of its members, and a missing group is listed once as "one of: ...".

    Args:
        cv: the CV's skill profile (skills with ``present`` count).
        jd: the posting's skill profile (skills and groups with weight > 0 are demanded).
        taxonomy: the taxonomy both were extracted with (for ``implies`` and categories).

    Returns:
        A :class:`MatchResult`; ``score`` is 0-100, rounded to one decimal.
    """
    cv_present = {s.skill_id: s for s in cv.skills if s.present}
    # demanded skill id -> (links, CV skill id) for every CV skill that implies it
    implied_by: dict[str, list[tuple[int, str]]] = {}
    for cv_id in cv_present:
        for target, links in taxonomy.implied_distances(cv_id).items():
            if links <= MAX_IMPLIED_LINKS:
                implied_by.setdefault(target, []).append((links, cv_id))

    def credit_for(skill_id: str) -> tuple[float, str | None, tuple, str | None, float]:
        """(credit, via, CV evidence, CV match type, CV confidence) of one demanded skill."""
        if skill_id in cv_present:
            own = cv_present[skill_id]
            return 1.0, None, _evidence(own.mentions), own.match_type, own.confidence
        if skill_id in implied_by:
            # the closest implying CV skill; among equals the most mentioned, then by id
            links, via = min(implied_by[skill_id], key=lambda lv: (lv[0], -cv_present[lv[1]].count, lv[1]))
            other = cv_present[via]
            return IMPLIED_CREDIT**links, via, _evidence(other.mentions), "implied", other.confidence
        return 0.0, None, (), None, 0.0

    matched: list[SkillMatch] = []
    missing: list[SkillMatch] = []
    demanded_ids: set[str] = set()
    for demand in _demands(jd):
        demanded_ids.update(s.skill_id for s in demand.members)
        options = [(credit_for(s.skill_id), s) for s in demand.members]
        (credit, via, cv_ev, cv_type, cv_conf), best = max(options, key=lambda o: o[0][0])
        if credit == 0:
            best = demand.members[0]
        jd_best = max(demand.mentions, key=lambda m: m.confidence)
        one_of = tuple(s.skill_id for s in demand.members) if demand.is_group else ()
        label = best.label
        if one_of and credit == 0:
            label = "one of: " + ", ".join(s.label for s in demand.members)
        entry = SkillMatch(
            skill_id=best.skill_id,
            label=label,
            category=best.category,
            weight=demand.weight,
            level=demand.level,
            credit=credit,
            via=via,
            jd_evidence=_evidence(demand.mentions),
            cv_evidence=cv_ev,
            mentions=len(demand.mentions),
            one_of=one_of,
            jd_match_type=jd_best.match_type,
            jd_confidence=jd_best.confidence,
            cv_match_type=cv_type,
            cv_confidence=cv_conf,
        )
        (matched if credit > 0 else missing).append(entry)

    extra = [
        ExtraSkill(s.skill_id, s.label, s.category, s.count, _evidence(s.mentions))
        for s in sorted(cv_present.values(), key=lambda s: (-s.count, s.first_offset))
        if s.skill_id not in demanded_ids
    ]

    total = sum(m.weight for m in matched) + sum(m.weight for m in missing)
    covered = sum(m.weight * m.credit for m in matched)
    score = round(100.0 * covered / total, 1) if total > 0 else 0.0

    categories = []
    for category in taxonomy.categories:
        cat_matched = [m for m in matched if m.category == category.id]
        cat_missing = [m for m in missing if m.category == category.id]
        categories.append(
            CategoryScore(
                category=category.id,
                label=category.label,
                demanded=len(cat_matched) + len(cat_missing),
                matched=len(cat_matched),
                demanded_weight=sum(m.weight for m in cat_matched + cat_missing),
                covered_weight=sum(m.weight * m.credit for m in cat_matched),
            )
        )
    return MatchResult(
        score=score,
        categories=tuple(categories),
        matched=tuple(matched),
        missing=tuple(missing),
        extra=tuple(extra),
        cv_source=cv.source,
        jd_source=jd.source,
    )
