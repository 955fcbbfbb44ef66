"""Skill profiles: skill mentions -> one entry per canonical skill, with weight and evidence.

A :class:`SkillProfile` is what :meth:`analyser.Analyser.extract` returns for one document.
Each :class:`SkillEvidence` gathers the mentions of one skill and gives it a *demand weight*
(0-1) as a posting would: the largest weight of its mentions, where a mention's weight comes
from its requirement level and section kind (:data:`analyser.scoring.MENTION_WEIGHTS`);
negated mentions and boilerplate mentions weigh 0. For a CV the weights are not used: a skill
is present when it has at least one mention that is not negated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from .extraction import SkillMention
from .scoring import mention_weight
from .sections import Section


@dataclass(frozen=True, slots=True)
class SkillEvidence:
    """One canonical skill in a profile.

    Attributes:
        skill_id, label, category: the canonical skill.
        weight: demand weight in 0-1 (0 when every mention is negated or boilerplate).
        level: requirement level of the heaviest mention (required, preferred, other).
        count: number of mentions.
        present: True when at least one mention is not negated (what a CV needs).
        mentions: the mentions, in text order.
        standalone_weight: demand weight (0-1) of the mentions outside requirement groups
            of alternatives; the scoring counts grouped mentions once per group.
    """

    skill_id: str
    label: str
    category: str
    weight: float
    level: str
    count: int
    present: bool
    mentions: tuple[SkillMention, ...]
    standalone_weight: float = 0.0

    @property
    def first_offset(self) -> int:
        """Character offset of the first mention."""
        return self.mentions[0].start

    @property
    def match_type(self) -> str:
        """How the most reliable mention was found (exact, normalised or fuzzy)."""
        return max(self.mentions, key=lambda m: m.confidence).match_type

    @property
    def confidence(self) -> float:
        """The highest confidence (0-1) of its mentions."""
        return max(m.confidence for m in self.mentions)

    def to_dict(self, *, with_mentions: bool = True) -> dict[str, Any]:
        """Return a JSON-ready dict; ``mentions`` as ``{text, start, end, sentence, section}``."""
        out: dict[str, Any] = {
            "skill_id": self.skill_id,
            "label": self.label,
            "category": self.category,
            "weight": self.weight,
            "level": self.level,
            "count": self.count,
            "present": self.present,
            "standalone_weight": self.standalone_weight,
            "match_type": self.match_type,
            "confidence": self.confidence,
        }
        if with_mentions:
            out["evidence"] = [_evidence(m) for m in self.mentions]
        return out


def _evidence(m: SkillMention) -> dict[str, Any]:
    return {
        "text": m.text,
        "start": m.start,
        "end": m.end,
        "line": m.line,
        "sentence": m.sentence,
        "section": m.section,
        "section_kind": m.section_kind,
        "negated": m.negated,
        "experiencer": m.experiencer,
    }


@dataclass(frozen=True, slots=True)
class RequirementGroup:
    """Alternatives a posting accepts any one of ("Python, R or Scala").

    Attributes:
        id: the group id of its first occurrence (``SkillMention.group``).
        skill_ids: the member skills, in text order.
        weight: demand weight (0-1): the largest weight of the group's mentions.
        level: requirement level of that heaviest mention.
        mentions: the mentions of all occurrences of the group.
    """

    id: int
    skill_ids: tuple[str, ...]
    weight: float
    level: str
    mentions: tuple[SkillMention, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "id": self.id,
            "one_of": list(self.skill_ids),
            "weight": self.weight,
            "level": self.level,
            "evidence": [_evidence(m) for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class SkillProfile:
    """The skills of one document.

    Attributes:
        source: where the text came from (a file name, ``"<text>"``, ``"<stdin>"``).
        text_length: length of the text in characters.
        mentions: every skill mention, in text order.
        skills: one :class:`SkillEvidence` per skill, heaviest first (weight, then count,
            then first position).
        sections: the sections detected in the text.
        groups: requirement groups of alternatives, one per distinct member set.
    """

    source: str
    text_length: int
    mentions: tuple[SkillMention, ...]
    skills: tuple[SkillEvidence, ...]
    sections: tuple[Section, ...] = ()
    groups: tuple[RequirementGroup, ...] = ()

    @property
    def skill_ids(self) -> frozenset[str]:
        """Ids of the skills that are present (at least one mention not negated)."""
        return frozenset(s.skill_id for s in self.skills if s.present)

    @property
    def demanded(self) -> tuple[SkillEvidence, ...]:
        """Skills with a demand weight above 0, heaviest first."""
        return tuple(s for s in self.skills if s.weight > 0)

    def get(self, skill_id: str) -> SkillEvidence | None:
        """Return the evidence for one skill, or ``None`` when it is not in the profile."""
        return next((s for s in self.skills if s.skill_id == skill_id), None)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON contract of ``analyser extract --format json`` (see the README)."""
        return {
            "source": self.source,
            "text_length": self.text_length,
            "mentions": [m.to_dict() for m in self.mentions],
            "skills": [s.to_dict(with_mentions=False) for s in self.skills],
            "sections": [s.to_dict() for s in self.sections],
            "groups": [g.to_dict() for g in self.groups],
        }


def build_profile(
    mentions: Iterable[SkillMention], *, source: str, text_length: int, sections: tuple[Section, ...] = ()
) -> SkillProfile:
    """Group mentions by skill and weigh each skill.

    Args:
        mentions: skill mentions of one document, in text order.
        source: the document's name.
        text_length: the document's length in characters.
        sections: its sections (kept for reporting).

    Returns:
        A :class:`SkillProfile`.
    """
    mentions = tuple(mentions)
    groups: dict[str, list[SkillMention]] = {}
    for m in mentions:
        groups.setdefault(m.skill_id, []).append(m)
    skills = []
    for skill_id, group in groups.items():
        weighted = max(group, key=lambda m: (mention_weight(m), -m.start))
        skills.append(
            SkillEvidence(
                skill_id=skill_id,
                label=group[0].label,
                category=group[0].category,
                weight=mention_weight(weighted),
                level=weighted.section,
                count=len(group),
                present=any(not m.negated for m in group),
                mentions=tuple(group),
                standalone_weight=max((mention_weight(m) for m in group if m.group is None), default=0.0),
            )
        )
    skills.sort(key=lambda s: (-s.weight, -s.count, s.first_offset))
    return SkillProfile(
        source=source,
        text_length=text_length,
        mentions=mentions,
        skills=tuple(skills),
        sections=sections,
        groups=_requirement_groups(mentions),
    )


def _requirement_groups(mentions: tuple[SkillMention, ...]) -> tuple[RequirementGroup, ...]:
    """Collect the mentions of each group id; merge groups with the same member set."""
    by_id: dict[int, list[SkillMention]] = {}
    for m in mentions:
        if m.group is not None:
            by_id.setdefault(m.group, []).append(m)
    merged: dict[frozenset[str], list] = {}
    for gid, members in by_id.items():
        ids = tuple(dict.fromkeys(m.skill_id for m in members))
        entry = merged.setdefault(frozenset(ids), [gid, ids, []])
        entry[2].extend(members)
    out = []
    for gid, ids, members in merged.values():
        heaviest = max(members, key=lambda m: (mention_weight(m), -m.start))
        out.append(RequirementGroup(gid, ids, mention_weight(heaviest), heaviest.section, tuple(members)))
    return tuple(sorted(out, key=lambda g: g.id))
