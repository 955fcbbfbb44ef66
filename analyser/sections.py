"""Section detection: which part of a posting (or CV) each character belongs to.

Headings are recognised line by line with the phrase lists of ``data/sections.toml``
(replaceable), in the manner of medspacy's ``Sectionizer`` (Eyre et al., 2021, "Launching
into clinical space with medspaCy"): a header rule gives a :class:`Section` with a category
(here the *kind*: required, preferred, responsibilities, boilerplate, other), a title span and
a body span. The detector works on plain text and never imports spaCy; the pipeline calls it
once per document.
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from .errors import AnalyserError

if sys.version_info >= (3, 11):  # pragma: no cover
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SECTION_KINDS = ("required", "preferred", "responsibilities", "boilerplate", "other")
"""Every section kind, in the order of ``data/sections.toml``."""

_MARKS_RE = re.compile(r"^[\s#*_>•·●▪◦‣\-–—+]*(?:\d{1,2}[.)]\s+)?|[\s*_:#.…]*$")
_TAG_RE = re.compile(r"</?[A-Za-z][^<>]{0,40}>")
"""An HTML tag left in scraped text ("<b>Required skills"); headings are read without them."""
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")

LONG_LINE_CHARS: int = 1000
"""A line longer than this is scraped text whose line breaks were lost (a whole posting in one
line: 43 of the 1,038 Glassdoor postings of ``../shared/corpus``). Its headings stand inside the
line, often glued to the next word ("Job SummaryThis position", "Minimum Job-Specific
SkillsQualifications Required ..."), so such a line is read as pieces (:func:`line_pieces`)."""

# Where a long line is cut into pieces: a lower-case word glued to a capitalised one
# ("SummaryThis"), punctuation glued to a capital or a bullet ("apply.We", "solutions.*"),
# a sentence end, or an inline bullet (" * ", " • ").
_PIECE_CUT_RE = re.compile(
    r"(?<=[a-z]{2})(?=[A-Z][a-z])|(?<=[.!?;:)])(?=[A-Z*•·▪●])|(?<=[.!?;])\s+(?=\S)|\s+(?=[*•·▪●]\s)"
)


class SectionRulesError(AnalyserError, ValueError):
    """A section-rules file is missing, not TOML, or has an unknown kind (in ``[kinds]`` or ``[list_intros]``)."""


@dataclass(frozen=True, slots=True)
class Section:
    """One section of a document.

    Attributes:
        kind: one of :data:`SECTION_KINDS`.
        title: the heading text as written (stripped of marks), or ``None`` for the text
            before the first heading.
        start: character offset where the section begins (its heading line, if any).
        end: character offset just after its last character.
        body_start: character offset where the body begins (after the heading).
    """

    kind: str
    title: str | None
    start: int
    end: int
    body_start: int

    def to_dict(self) -> dict[str, Any]:
        """Return the section as a JSON-ready dict."""
        return {"kind": self.kind, "title": self.title, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class SectionRules:
    """Heading phrases per section kind, loaded from TOML (see ``data/sections.toml``).

    Attributes:
        phrases: normalised phrase -> section kind.
        max_heading_words: a line with more words is never a heading.
        first_words: the first word of every phrase; a line whose first word is not among
            them is no heading (a cheap test that skips most lines).
        keywords: (keyword, kind) pairs that classify a marked heading no phrase matches.
        list_intros: (phrase, kind) pairs, preferred first: a longer line ending in a colon
            that contains one of them opens a section of that kind ("If you have the
            following characteristics, it would be a plus:").
    """

    phrases: dict[str, str]
    max_heading_words: int = 9
    first_words: frozenset[str] = frozenset()
    keywords: tuple[tuple[str, str], ...] = ()
    list_intros: tuple[tuple[str, str], ...] = ()

    def list_intro_kind(self, line: str) -> str | None:
        """Return the kind of a long line ending in a colon that introduces a list, or ``None``.

        The first phrase of :attr:`list_intros` found in the lower-cased line decides, so the
        preferred phrases win ("not all of these are required, but highly desirable:").

        Args:
            line: one line of text (its words are compared, lower-cased, as whole words).

        Returns:
            ``"preferred"``, ``"required"`` or ``None``.
        """
        return _first_phrase_kind(" ".join(_WORD_RE.findall(line.lower())), self.list_intros)

    @classmethod
    def load(cls, path: str | Path | None = None) -> "SectionRules":
        """Load heading rules.

        Args:
            path: a TOML file in the format of ``data/sections.toml``; ``None`` for the bundled one.

        Returns:
            The rules.

        Raises:
            SectionRulesError: missing file, invalid TOML, or an unknown kind.
        """
        data = _load_toml(path, "sections.toml", SectionRulesError)
        kinds = data.get("kinds", {})
        unknown = set(kinds) - set(SECTION_KINDS)
        if unknown:
            raise SectionRulesError(f"{path or 'sections.toml'}: unknown section kind(s) {sorted(unknown)}; "
                                    f"allowed: {', '.join(SECTION_KINDS)}")
        phrases = {}
        for kind, items in kinds.items():
            for phrase in items:
                phrases[_normalise_heading(phrase)] = kind
        first_words = frozenset(m.group(0) for p in phrases for m in [_WORD_RE.search(p)] if m)
        keywords = tuple(
            (_normalise_heading(word), kind)
            for kind, words in data.get("keywords", {}).items()
            for word in words
            if kind in SECTION_KINDS
        )
        intros = data.get("list_intros", {})
        unknown = set(intros) - {"required", "preferred"}
        if unknown:
            raise SectionRulesError(f"{path or 'sections.toml'}: [list_intros] may name required and preferred, not {sorted(unknown)}")
        list_intros = tuple(
            (" ".join(_WORD_RE.findall(phrase.lower())), kind)
            for kind in ("preferred", "required")
            for phrase in intros.get(kind, [])
        )
        return cls(
            phrases=phrases,
            max_heading_words=int(data.get("max_heading_words", 9)),
            first_words=first_words,
            keywords=keywords,
            list_intros=list_intros,
        )

    def keyword_kind(self, heading: str) -> str | None:
        """Return the kind of the first keyword (in file order) found as whole words in ``heading``."""
        return _first_phrase_kind(heading, self.keywords)

    def classify(self, heading: str) -> str | None:
        """Return the kind of a normalised heading text, or ``None`` if no phrase matches.

        The longest phrase that equals the heading or begins it, followed by a space or
        punctuation, decides ("requirements & skills" -> required). Only the heading's
        prefixes that end at a word boundary are looked up, so the cost does not grow with
        the number of phrases.
        """
        kind = self.phrases.get(heading)
        if kind is not None:
            return kind
        cuts = [i for i, c in enumerate(heading) if not c.isalnum() and c not in "'-"]
        for cut in reversed(cuts):
            kind = self.phrases.get(heading[:cut].rstrip())
            if kind is not None:
                return kind
        return None


def _first_phrase_kind(text: str, pairs: tuple[tuple[str, str], ...]) -> str | None:
    """The kind of the first (phrase, kind) pair whose phrase occurs in ``text`` as whole words."""
    padded = f" {text} "
    for phrase, kind in pairs:
        if f" {phrase} " in padded:
            return kind
    return None


def _load_toml(path: str | Path | None, default_name: str, error: type[Exception]) -> dict[str, Any]:
    if path is None:
        from importlib.resources import files

        text = (files("analyser") / "data" / default_name).read_text(encoding="utf-8")
        source = default_name
    else:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise error(f"{source}: cannot be read ({exc})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{source}: not valid TOML: {exc}") from None


def _normalise_heading(text: str) -> str:
    text = _MARKS_RE.sub("", text.translate(_APOSTROPHES)).lower()
    return " ".join(text.split())


def line_pieces(line: str) -> list[tuple[int, str]]:
    """Cut a long line (more than :data:`LONG_LINE_CHARS`) where its lost line breaks were.

    Args:
        line: one line of text.

    Returns:
        ``(offset in line, piece)`` pairs covering the line in order; ``[(0, line)]`` for a
        line of at most :data:`LONG_LINE_CHARS` characters. Cuts fall where a lower-case word is
        glued to a capitalised one ("SummaryThis"), where punctuation is glued to a capital or a
        bullet ("apply.We"), after a sentence end, and before an inline bullet (" * ").
    """
    if len(line) <= LONG_LINE_CHARS:
        return [(0, line)]
    pieces, start = [], 0
    for cut in _PIECE_CUT_RE.finditer(line):
        if cut.start() > start:
            pieces.append((start, line[start : cut.start()]))
        start = cut.end()
    if start < len(line):
        pieces.append((start, line[start:]))
    return pieces


def _lines(text: str) -> Iterator[tuple[int, str, bool]]:
    """Yield ``(offset, line, is_piece)``: the lines of ``text``, long lines as their pieces."""
    pos = 0
    for line in text.splitlines(keepends=True):
        if len(line) > LONG_LINE_CHARS:
            for offset, piece in line_pieces(line):
                yield pos + offset, piece, True
        else:
            yield pos, line, False
        pos += len(line)


def _is_marked(line: str) -> bool:
    """True when a line is visibly a heading: Markdown #, bold, all caps, or a trailing colon
    or ellipsis ("You might be a fit for this role if...")."""
    s = line.strip()
    if s.startswith("#") or s.endswith((":", "…", "...")) or (s.startswith("*") and s.rstrip(":").endswith("*")):
        return True
    # ALL CAPS: str.isupper() is True when every cased character is upper case
    return s.isupper() and sum(c.isalpha() for c in s[:40]) >= 4


def detect_sections(text: str, rules: SectionRules) -> tuple[Section, ...]:
    """Split a document into sections by its heading lines.

    A line is a heading of kind K when (a) its normalised text equals a phrase of K, or
    (b) it is marked as a heading (``#``, bold, ALL CAPS or a trailing colon), has at most
    ``rules.max_heading_words`` words and starts with a phrase of K or, failing that,
    contains a keyword of K ("Some Other Relevant Skills You May Have:"), or (c) it reads
    "Phrase: more text" where the part before the colon is a phrase of K (an inline heading:
    the text after the colon belongs to the new section; of kind boilerplate, such a line is
    metadata such as "Location: San Ramon" and its section ends with the line). Lines that
    look like headings but match no phrase keep the current section (sub-headings such as
    "Technical:"), and so does a line that introduces a list inside a preferred section
    ("Nice-to-haves:" then "Experience with any of the following:", which alone would read
    as a required heading).
    HTML tags left in scraped text are ignored ("<b>Required skills"). A line
    longer than :data:`LONG_LINE_CHARS` is read as pieces (:func:`line_pieces`), and a piece
    may also begin with a heading (:func:`_leading_heading`).

    Args:
        text: the document text.
        rules: the heading phrases.

    Returns:
        Sections covering ``[0, len(text))`` without gaps, in order; the first has kind
        ``"other"`` and title ``None`` unless the text begins with a heading.
    """
    sections: list[Section] = []
    kind, title, start, body_start = "other", None, 0, 0
    for pos, line, is_piece in _lines(text):
        stripped = (_TAG_RE.sub("", line) if "<" in line else line).strip()
        if not stripped or (len(stripped) > 120 and not is_piece):
            continue
        first = _WORD_RE.search(stripped)
        if first is None:
            continue
        if first.group(0).translate(_APOSTROPHES).lower() not in rules.first_words:
            # only a marked line can still be a heading, through its keywords or a list intro
            if not ((rules.keywords or rules.list_intros) and _is_marked(stripped)):
                continue
        found = _heading(stripped, rules) if len(stripped) <= 120 else None
        if found is None and rules.list_intros and stripped.endswith(":") and len(stripped) <= LIST_INTRO_CHARS:
            intro = rules.list_intro_kind(stripped)
            if intro is not None:
                found = (intro, stripped.rstrip(":"), None)
        if found is None and is_piece:
            found = _leading_heading(stripped, rules)
        if found is None:
            continue
        new_kind, new_title, inline = found
        if kind == "preferred" and new_kind == "required" and _LIST_INTRO_RE.search(stripped):
            continue  # "Nice-to-haves:" then "Experience with any of the following:" introduces its list
        if pos > start or sections:
            sections.append(Section(kind, title, start, pos, body_start))
        if inline is not None and new_kind == "boilerplate" and not is_piece:
            # "Location: San Ramon, CA" is one line of metadata, not the start of a boilerplate
            # section: the section around it goes on after the line
            end = pos + len(line)
            sections.append(Section(new_kind, new_title, pos, end, pos + line.index(inline) if inline in line else pos))
            start = body_start = end
            continue
        kind, title, start = new_kind, new_title, pos
        if inline is None:
            body_start = pos + len(line)
        else:
            body_start = pos + line.index(inline) if inline in line else pos
    sections.append(Section(kind, title, start, len(text), body_start))
    return tuple(s for s in sections if s.end > s.start or len(sections) == 1)


LIST_INTRO_CHARS = 300
"""Longest line read as a list intro ("... would make use of the following experience and skills
(not all of these are required, but highly desirable):")."""

_LIST_INTRO_RE = re.compile(r"\b(?:the following|any of|one or more of|at least one of|some of)\b", re.IGNORECASE)
"""A heading-like line that introduces a list ("Experience with any of the following:"): inside a
preferred section it keeps that section."""


def _heading(line: str, rules: SectionRules) -> tuple[str, str, str | None] | None:
    """Return (kind, title, inline body or None) when ``line`` is a heading line."""
    norm = _normalise_heading(line)
    if not norm:
        return None
    title = _MARKS_RE.sub("", line)
    kind = rules.phrases.get(norm)
    if kind is not None:
        return kind, title, None
    if _is_marked(line) and len(_WORD_RE.findall(norm)) <= rules.max_heading_words:
        kind = rules.classify(norm) or rules.keyword_kind(" ".join(_WORD_RE.findall(norm)))
        if kind is not None:
            return kind, title, None
    head, sep, rest = line.partition(":")
    if sep and rest.strip() and len(head) < 60:
        head_norm = _normalise_heading(head)
        kind = rules.phrases.get(head_norm) if head_norm else None
        if kind is not None:
            return kind, _MARKS_RE.sub("", head), rest.strip()
    return None


def _leading_heading(piece: str, rules: SectionRules) -> tuple[str, str, str] | None:
    """A heading that begins a piece of a long line, followed by a capitalised word or "(":
    "Qualifications Required (in order of importance) Ability to ..." -> (required,
    "Qualifications Required", "(in order ..."). The longest phrase wins; both the heading's
    first word and the word after it must be capitalised, as headings are and sentences
    rarely are."""
    if not piece[:1].isupper():
        return None
    ends = [m.end() for m in _WORD_RE.finditer(piece[:100])][: rules.max_heading_words]
    for end in reversed(ends):
        rest = piece[end:]
        after = rest.lstrip()
        if not rest[:1].isspace() or not (after[:1].isupper() or after[:1] == "("):
            continue
        kind = rules.phrases.get(_normalise_heading(piece[:end]))
        if kind is not None:
            return kind, piece[:end], after
    return None


class SectionIndex:
    """Look up the section of a character offset in O(log n).

    Args:
        sections: the output of :func:`detect_sections`.
    """

    def __init__(self, sections: tuple[Section, ...]) -> None:
        self.sections = sections
        self._starts = [s.start for s in sections]

    def at(self, offset: int) -> Section:
        """Return the section that holds character ``offset``."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.sections[max(i, 0)]
