"""Extraction: a processed spaCy Doc -> skill mentions.

A :class:`SkillMention` is one place in a text where a canonical skill is named, with the
surface form, its character offsets into the text as read, the sentence, the section it
stands in, and how it was found. This module turns the spans and attributes that the
pipeline components wrote (``doc.spans["skills"]``, their :class:`~analyser.matcher.MentionAttrs`
and ``doc._.sections``) into plain, picklable records.

The requirement level of a mention (``section`` in the JSON contract) is decided here:

1. in company boilerplate (an "About us" / "Benefits" section, or a line with an
   equal-opportunity or benefits cue) it is ``"other"`` and its section kind ``"boilerplate"``;
2. else a requirement cue in its sentence decides ("Kafka is a plus" -> ``"preferred"``),
   except that a *required* cue never promotes a mention in a *preferred* section
   ("Preferred: 3+ years of Spark" stays preferred) and a *hedge* ("familiarity with")
   makes a mention preferred only outside the required and preferred sections;
3. else its section kind: ``required`` -> ``"required"``, ``preferred`` -> ``"preferred"``,
   ``responsibilities`` and ``other`` -> ``"other"``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from spacy.tokens import Doc

from .cues import CueRules
from .matcher import MENTION_ATTRS_KEY, SPAN_KEY
from .doctext import doc_text
from .sections import Section, SectionIndex
from .sentences import sentence_bounds
from .taxonomy import Taxonomy

REQUIREMENT_LEVELS = ("required", "preferred", "other")
"""The values of :attr:`SkillMention.section`."""

MATCH_TYPES = ("exact", "normalised", "fuzzy")
"""How a mention was found: an alias as written (case-insensitive, or a strict alias
case-sensitively), an alias after normalisation (inflection, hyphens, CamelCase), or fuzzy
linking of a misspelling."""

_KIND_TO_LEVEL = {
    "required": "required",
    "preferred": "preferred",
    "responsibilities": "other",
    "other": "other",
    "boilerplate": "other",
}


@dataclass(frozen=True, slots=True)
class SkillMention:
    """One mention of a canonical skill in a text.

    Attributes:
        skill_id: canonical skill id in the taxonomy.
        label: the skill's canonical label.
        category: the skill's category id.
        text: the surface form as it stands in the text.
        start: character offset of the first character (0-based, into the text as read).
        end: character offset just after the last character.
        line: 1-based line number of ``start``.
        sentence: the sentence (or bullet line) the mention stands in, stripped.
        section: requirement level, one of :data:`REQUIREMENT_LEVELS`.
        section_kind: the kind of the section it stands in (required, preferred,
            responsibilities, boilerplate, other); see :mod:`analyser.sections`.
        section_title: the heading of that section, or ``None``.
        negated: True when a negation cue governs it ("no Kafka experience needed").
        match_type: one of :data:`MATCH_TYPES`.
        confidence: heuristic confidence in 0-1 (1.0 exact alias, 0.95 normalised form,
            0.9 strict alias, fuzzy: the rapidfuzz score / 100).
    """

    skill_id: str
    label: str
    category: str
    text: str
    start: int
    end: int
    line: int
    sentence: str
    section: str
    section_kind: str
    section_title: str | None
    negated: bool
    match_type: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        """Return the mention as a JSON-ready dict (the keys are the attribute names)."""
        return asdict(self)


def mentions_from_doc(doc: Doc, taxonomy: Taxonomy, cue_rules: CueRules) -> tuple[SkillMention, ...]:
    """Turn the spans written by the pipeline into skill mentions, in text order.

    Args:
        doc: a Doc processed by :func:`analyser.pipeline.build_pipeline`'s pipeline.
        taxonomy: the taxonomy the pipeline was built with.
        cue_rules: the cue lists (for the boilerplate line cues).

    Returns:
        A tuple of :class:`SkillMention`, ordered by ``start``.
    """
    spans = doc.spans[SPAN_KEY] if SPAN_KEY in doc.spans else ()
    if not spans:
        return ()
    sections: tuple[Section, ...] = doc._.sections or ()
    index = SectionIndex(sections) if sections else None
    text = doc_text(doc)
    attrs = doc.user_data.get(MENTION_ATTRS_KEY, {})
    boilerplate_lines: dict[int, bool] = {}
    out = []
    line, line_pos = 1, 0
    for span in sorted(spans, key=lambda s: s.start):
        start_char, end_char = span.start_char, span.end_char
        line += text.count("\n", line_pos, start_char)
        line_pos = start_char
        skill = taxonomy.skill(span.kb_id_)
        section = index.at(start_char) if index else None
        kind = section.kind if section else "other"
        if kind != "boilerplate":
            line_start = text.rfind("\n", 0, start_char) + 1
            flag = boilerplate_lines.get(line_start)
            if flag is None:
                flag = boilerplate_lines[line_start] = _line_is_boilerplate(text, line_start, cue_rules.boilerplate_lines)
            if flag:
                kind = "boilerplate"
        extra = attrs.get((span.start, span.end))
        cue = extra.requirement_cue if extra is not None else None
        if kind == "boilerplate":
            level = "other"
        elif cue == "preferred" or (cue == "required" and kind != "preferred"):
            level = cue
        elif cue == "hedge" and kind not in ("required", "preferred"):
            level = "preferred"
        else:
            level = _KIND_TO_LEVEL[kind]
        s, e = sentence_bounds(doc, span.start, span.end)
        last = doc[e - 1]
        out.append(
            SkillMention(
                skill_id=skill.id,
                label=skill.label,
                category=skill.category,
                text=text[start_char:end_char],
                start=start_char,
                end=end_char,
                line=line,
                sentence=text[doc[s].idx : last.idx + len(last)].strip(),
                section=level,
                section_kind=kind,
                section_title=section.title if section else None,
                negated=bool(extra.negated) if extra is not None else False,
                match_type=span.label_,
                confidence=float(extra.confidence) if extra is not None else 1.0,
            )
        )
    return tuple(out)


def _line_is_boilerplate(text: str, start: int, cues: tuple[str, ...]) -> bool:
    """True when the line beginning at offset ``start`` contains a boilerplate cue phrase."""
    if not cues:
        return False
    end = text.find("\n", start)
    line = text[start : end if end != -1 else len(text)].lower()
    return any(cue in line for cue in cues)
