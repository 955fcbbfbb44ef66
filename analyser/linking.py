"""Fuzzy entity linking: skill mentions that exact and normalised matching miss.

:class:`FuzzyLinker` is a spaCy pipeline component (factory ``"fuzzy_skill_linker"``) that runs
after :class:`analyser.matcher.SkillMatcher`. Following scispacy's split between candidate
generation and linking, it works in two steps:

1. *Candidate generation*: a token is a trigger when it is an unknown word (not in the
   English lemma table, not a stop word, not a word of any alias) of at least
   :data:`MIN_TRIGGER_CHARS` letters outside every existing mention -- the shape of a
   misspelling ("hyperparamter", "tensorfow"). The windows of one to three tokens around it
   are the candidate surface forms.
2. *Linking*: each window is scored against the long aliases with rapidfuzz's ``fuzz.ratio``
   (normalised Indel similarity, 0-100); the best alias at or above :data:`FUZZY_THRESHOLD`
   wins. ``WRatio`` is not used: its partial matching scores "java" against "javascript"
   at about 90 (``shared/STYLE.md``).

Only aliases of :data:`MIN_FUZZY_ALIAS_CHARS` characters or more are fuzzy-matched: on short
aliases one edit is a different word ("Java"/"Jira"). Scores are cached per window string, so
a word seen before costs a dictionary lookup.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .matcher import SPAN_KEY, ensure_extensions
from .normalise import KnownWords
from .taxonomy import Taxonomy

FUZZY_THRESHOLD = 90.0
"""Minimum ``rapidfuzz.fuzz.ratio`` (0-100) for a fuzzy link. Chosen on the real postings of
``shared/corpus/postings``: at 90, a pass over all 1,302 postings linked no ordinary word to a
skill (see ``tests/test_real_postings.py``), while one typo in a 10+ character alias scores >= 90."""
MIN_FUZZY_ALIAS_CHARS = 8
"""Aliases shorter than this are never fuzzy-matched (one edit in a short word is another word)."""
MIN_TRIGGER_CHARS = 5
"""An unknown word must have at least this many characters to start candidate generation."""
MAX_WINDOW_TOKENS = 3
"""Longest candidate window, in tokens."""
_CACHE_LIMIT = 200_000


class FuzzyLinker:
    """Link misspelt surface forms to skills with rapidfuzz (see the module docstring).

    Args:
        nlp: the pipeline (for its vocab).
        taxonomy: the validated taxonomy, or ``None`` and :meth:`set_taxonomy` later.
        threshold: minimum ``fuzz.ratio`` score, 0-100.

    Adds spans with ``label_ == "fuzzy"`` and ``span._.skill_confidence = score / 100`` to
    ``doc.spans["skills"]`` where they overlap no existing mention.
    """

    def __init__(self, nlp: Language, taxonomy: Taxonomy | None = None, threshold: float = FUZZY_THRESHOLD) -> None:
        ensure_extensions()
        self.threshold = threshold
        self.known = KnownWords()
        self.choices: dict[str, str] = {}
        self.alias_words: frozenset[str] = frozenset()
        self._choice_list: list[str] = []
        self._trigger_cache: dict[int, bool] = {}
        self._score_cache: dict[str, tuple[str, float] | None] = {}
        if taxonomy is not None:
            self.set_taxonomy(taxonomy)

    def set_taxonomy(self, taxonomy: Taxonomy) -> None:
        """Replace the alias choices with the long aliases of ``taxonomy``."""
        self.choices = {}
        alias_words: set[str] = set()
        for skill in taxonomy.skills:
            for alias in skill.aliases:
                key = " ".join(alias.lower().replace("-", " ").split())
                alias_words.update(key.split())
                if len(key) >= MIN_FUZZY_ALIAS_CHARS:
                    self.choices.setdefault(key, skill.id)
        self.alias_words = frozenset(alias_words)
        self._choice_list = list(self.choices)
        self._trigger_cache = {}
        self._score_cache = {}

    def _is_trigger(self, token) -> bool:
        cached = self._trigger_cache.get(token.orth)
        if cached is None:
            lower = token.lower_
            cached = (
                token.is_alpha
                and len(lower) >= MIN_TRIGGER_CHARS
                and lower not in self.known
                and lower not in self.alias_words
            )
            if len(self._trigger_cache) > _CACHE_LIMIT:
                self._trigger_cache.clear()
            self._trigger_cache[token.orth] = cached
        return cached

    def best_link(self, query: str) -> tuple[str, float] | None:
        """Return ``(skill_id, score)`` for the best alias of a surface form, or ``None``.

        Args:
            query: a lower-cased surface form (words separated by single spaces).

        Returns:
            The skill id and the ``fuzz.ratio`` score (0-100) when it reaches the threshold.
        """
        if query in self._score_cache:
            return self._score_cache[query]
        from rapidfuzz import fuzz, process

        result = None
        if len(query) >= MIN_FUZZY_ALIAS_CHARS - 1:
            best = process.extractOne(query, self._choice_list, scorer=fuzz.ratio, score_cutoff=self.threshold)
            if best is not None:
                result = (self.choices[best[0]], float(best[1]))
        if len(self._score_cache) > _CACHE_LIMIT:
            self._score_cache.clear()
        self._score_cache[query] = result
        return result

    def __call__(self, doc: Doc) -> Doc:
        existing = list(doc.spans[SPAN_KEY]) if SPAN_KEY in doc.spans else []
        covered = set()
        for span in existing:
            covered.update(range(span.start, span.end))
        found: list[Span] = []
        scores: dict[tuple[int, int], float] = {}
        n = len(doc)
        for token in doc:
            if token.i in covered or not self._is_trigger(token):
                continue
            best: tuple[float, int, int, str] | None = None
            for size in range(1, MAX_WINDOW_TOKENS + 1):
                for start in range(token.i - size + 1, token.i + 1):
                    end = start + size
                    if start < 0 or end > n:
                        continue
                    window = doc[start:end]
                    if any(i in covered for i in range(start, end)) or not all(t.is_alpha for t in window):
                        continue
                    link = self.best_link(" ".join(t.lower_ for t in window))
                    if link and (best is None or (link[1], size) > (best[0], best[2] - best[1])):
                        best = (link[1], start, end, link[0])
            if best is not None:
                score, start, end, skill_id = best
                found.append(Span(doc, start, end, label="fuzzy", kb_id=skill_id))
                scores[(start, end)] = score
                covered.update(range(start, end))
        if found:
            merged = filter_spans(existing + found)
            for span in merged:
                if span.label_ == "fuzzy":
                    span._.skill_confidence = round(scores[(span.start, span.end)] / 100.0, 3)
            doc.spans[SPAN_KEY] = merged
        return doc
