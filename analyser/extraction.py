"""Extraction: a processed spaCy Doc -> skill mentions.

A :class:`SkillMention` is one place in a text where a canonical skill is named, with the
surface form, its character offsets into the text as read, the sentence, the section it
stands in, and how it was found. This module turns the spans and attributes that the
pipeline components wrote (``doc.spans["skills"]``, their :class:`~analyser.matcher.MentionAttrs`
and ``doc._.sections``) into plain, picklable records.

The requirement level of a mention (``section`` in the JSON contract) is decided here:

1. in company boilerplate (an "About us" / "Benefits" section, or a line with an
   equal-opportunity or benefits cue in its sentence) it is ``"other"`` and its section kind
   ``"boilerplate"``;
2. else a requirement cue in its sentence decides ("Kafka is a plus" -> ``"preferred"``),
   except that a *required* cue never promotes a mention in a *preferred* section
   ("Preferred: 3+ years of Spark" stays preferred) and a *hedge* ("familiarity with")
   makes a mention preferred only outside the required and preferred sections;
3. else, outside the required and preferred sections, a line that begins like a
   qualification ("Experience with ...", "3+ years of ...", "Bachelor's degree in ...") is
   ``"required"``: postings often list qualifications after the duties without a heading (a
   line of scraped text longer than :data:`~analyser.sections.LONG_LINE_CHARS` is judged by
   its piece, :func:`~analyser.sections.line_pieces`);
4. else its section kind: ``required`` -> ``"required"``, ``preferred`` -> ``"preferred"``,
   ``responsibilities`` and ``other`` -> ``"other"``.

Apart from its level, a mention that names other people ("collaborate with data
scientists") gets ``experiencer="other"`` (ConText, :meth:`CueRules.experiencer`), and the
scoring does not count it as demanded.
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass
from typing import Any

from spacy.tokens import Doc

from .cues import CueRules
from .matcher import MENTION_ATTRS_KEY, skill_spans
from .doctext import doc_text, lower_ids
from .sections import Section, SectionIndex, line_pieces
from .sentences import sentence_bounds
from .taxonomy import Taxonomy

REQUIREMENT_LEVELS = ("required", "preferred", "other")
"""The values of :attr:`SkillMention.section`."""

MATCH_TYPES = ("exact", "normalised", "paraphrase", "fuzzy")
"""How a mention was found: an alias as written (case-insensitive, or a strict alias
case-sensitively), an alias after normalisation (inflection, hyphens, CamelCase), a
paraphrase pattern of the taxonomy ("deploying our models"), or fuzzy linking of a
misspelling."""

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
            0.9 strict alias, 0.85 elided coordination, 0.8 paraphrase pattern, fuzzy: the
            rapidfuzz score / 100).
        group: the id (1, 2, ... within the document) of the requirement group of
            alternatives the mention belongs to ("Python, R or Scala"), or ``None``.
        experiencer: ``"candidate"``, or ``"other"`` when the mention names other people
            ("work with data scientists"; ConText's experiencer, :meth:`CueRules.experiencer`):
            a posting does not demand it.
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
    group: int | None = None
    experiencer: str = "candidate"

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
    spans = skill_spans(doc)
    if not spans:
        return ()
    groups = find_alternative_groups(doc, spans)
    sections: tuple[Section, ...] = doc._.sections or ()
    index = SectionIndex(sections) if sections else None
    text = doc_text(doc)
    attrs = doc.user_data.get(MENTION_ATTRS_KEY, {})
    boilerplate_sentences: dict[int, bool] = {}  # sentence start offset -> has a boilerplate cue
    qualification_lines: dict[int, tuple[list[int], list[bool]]] = {}  # line start -> pieces' starts, flags
    out = []
    line, line_pos = 1, 0
    for position, span in enumerate(spans):
        start_char, end_char = span.start_char, span.end_char
        line += text.count("\n", line_pos, start_char)
        line_pos = start_char
        skill = taxonomy.skill(span.kb_id_)
        section = index.at(start_char) if index else None
        kind = section.kind if section else "other"
        s, e = sentence_bounds(doc, span.start, span.end)
        last = doc[e - 1]
        sentence_start, sentence_end = doc[s].idx, last.idx + len(last)
        if kind != "boilerplate":
            # the sentence, not the line: scraped postings may be one line of 5,000 characters,
            # and one equal-opportunity sentence must not make all of it boilerplate
            flag = boilerplate_sentences.get(sentence_start)
            if flag is None:
                flag = boilerplate_sentences[sentence_start] = _is_boilerplate(
                    text[sentence_start:sentence_end], cue_rules.boilerplate_lines
                )
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
        elif kind in ("responsibilities", "other") and _is_qualification_line(text, start_char, cue_rules, qualification_lines):
            level = "required"
        else:
            level = _KIND_TO_LEVEL[kind]
        experiencer = "candidate"
        if cue_rules.role_nouns:
            last_word = doc[span.end - 1].lower_
            if last_word in cue_rules.role_nouns:
                before = doc[max(span.start - cue_rules.hiring_window, 0) : span.start].text.lower()
                experiencer = cue_rules.experiencer(last_word, before)
        out.append(
            SkillMention(
                skill_id=skill.id,
                label=skill.label,
                category=skill.category,
                text=text[start_char:end_char],
                start=start_char,
                end=end_char,
                line=line,
                sentence=text[sentence_start:sentence_end].strip(),
                section=level,
                section_kind=kind,
                section_title=section.title if section else None,
                negated=bool(extra.negated) if extra is not None else False,
                match_type=span.label_,
                confidence=float(extra.confidence) if extra is not None else 1.0,
                group=groups.get(position),
                experiencer=experiencer,
            )
        )
    return tuple(out)


ALTERNATIVE_SEPARATORS = frozenset({",", "/", "or", "and", "&", "(", ")", "and/or", "andor", "either", "e.g.", "eg", "i.e.", ":"})
"""Tokens that may stand between two members of one enumeration of skills."""
ALTERNATIVE_CUES = ("one of", "one or more of", "any of", "at least one of", "either", "any one of", "degree", "e.g.")
"""Phrases before an enumeration that make it a set of alternatives even without "or"
("a degree in Computer Science, Statistics, Mathematics": any one field suffices)."""
MAX_OTHER_ITEM_TOKENS = 3
"""A list item that names no skill ("Economics" in "Statistics, Economics or Mathematics") may
stand between two members if it has at most this many tokens."""


def _list_gap(gap: list[str]) -> bool:
    """True when the tokens between two skill mentions keep them in one enumeration.

    Either only separators (", or", "/"), or separators around one short item that names no
    skill (", Economics, ").
    """
    if not gap:
        return False
    if all(w in ALTERNATIVE_SEPARATORS for w in gap):
        return len(gap) <= 4
    if gap[0] not in ALTERNATIVE_SEPARATORS or gap[-1] not in ALTERNATIVE_SEPARATORS:
        return False
    items = [w for w in gap if w not in ALTERNATIVE_SEPARATORS]
    return len(items) <= MAX_OTHER_ITEM_TOKENS and all(w.isalpha() for w in items)


def find_alternative_groups(doc: Doc, spans) -> dict[int, int]:
    """Find requirement groups of alternatives: enumerations of skill mentions joined by "or".

    An enumeration is a run of skill mentions in one sentence separated only by
    :data:`ALTERNATIVE_SEPARATORS` ("Python, R or Scala", "PyTorch or TensorFlow"), or by
    such separators around one short item that names no skill ("Statistics, Economics or
    Mathematics"). It is a
    group of alternatives, any of which satisfies the posting, when one of its separators is
    "or" (or "and/or"), or when an :data:`ALTERNATIVE_CUES` phrase stands earlier in the
    sentence ("one or more of the following: Java, C++, Go"). "Python and SQL" is no group,
    and neither is a bare slash ("C/C++"), which postings use for "and" as often as for "or".
    The members must name at least two different skills.

    Args:
        doc: the processed Doc.
        spans: the skill spans, sorted by start token.

    Returns:
        ``{index into spans: group id}``, group ids counted from 1 in text order.
    """
    groups: dict[int, int] = {}
    next_id = 1
    i = 0
    n = len(spans)
    lowers = lower_ids(doc)
    strings = doc.vocab.strings
    while i < n:
        # the enumeration spans[i..j] and the separator words between its members
        j = i
        gaps: list[list[str]] = []
        _, sent_end = sentence_bounds(doc, spans[i].start, spans[i].end)
        while j + 1 < n and spans[j + 1].start < sent_end:
            gap = [strings[h] for h in lowers[spans[j].end : spans[j + 1].start]]
            if not _list_gap(gap):
                break
            gaps.append(gap)
            j += 1
        members: range | None = None
        ors = [g for g, gap in enumerate(gaps) if "or" in gap or "and/or" in gap or "andor" in gap]
        if ors:
            # "Python, SQL, and Spark or Hadoop": the alternatives are the members around the
            # "or", up to an "and" on either side
            ands = [g for g, gap in enumerate(gaps) if "and" in gap and g not in ors]
            first = max((g + 1 for g in ands if g < ors[0]), default=0)
            last = min((g for g in ands if g > ors[-1]), default=len(gaps))
            members = range(i + first, i + last + 1)
        elif gaps:
            sent_start, _ = sentence_bounds(doc, spans[i].start, spans[i].end)
            before = doc[sent_start : spans[i].start].text.lower()
            if any(cue in before for cue in ALTERNATIVE_CUES):
                members = range(i, j + 1)
        if members is not None and len({spans[k].kb_id for k in members}) > 1:
            for k in members:
                groups[k] = next_id
            next_id += 1
        i = j + 1
    return groups


def _is_qualification_line(
    text: str, offset: int, cues: CueRules, cache: dict[int, tuple[list[int], list[bool]]]
) -> bool:
    """True when the line holding ``offset`` begins like a qualification (cached per line).

    A line longer than :data:`analyser.sections.LONG_LINE_CHARS` (scraped text that lost its
    line breaks) is judged by the piece of it that holds ``offset`` (:func:`line_pieces`):
    "... business solutions.* Bachelor degree in Statistics ..." is a qualification there.
    """
    start = text.rfind("\n", 0, offset) + 1
    cached = cache.get(start)
    if cached is None:
        end = text.find("\n", start)
        pieces = line_pieces(text[start : end if end != -1 else len(text)])  # a short line is one piece
        cached = cache[start] = ([start + o for o, _ in pieces], [cues.is_qualification_line(p) for _, p in pieces])
    starts, flags = cached
    return flags[max(bisect.bisect_right(starts, offset) - 1, 0)]


def _is_boilerplate(sentence: str, cues: tuple[str, ...]) -> bool:
    """True when a sentence contains a boilerplate cue phrase (``[boilerplate].line_cues``)."""
    if not cues:
        return False
    sentence = sentence.lower()
    return any(cue in sentence for cue in cues)
