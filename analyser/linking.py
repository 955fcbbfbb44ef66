"""Fuzzy entity linking: skill mentions that exact and normalised matching miss.

:class:`FuzzyLinker` is a spaCy pipeline component (factory ``"fuzzy_skill_linker"``) that runs
after :class:`analyser.matcher.SkillMatcher`. Following scispacy's split between candidate
generation and linking, it works in two steps:

1. *Candidate generation*: a token is a trigger when it is an unknown word (not in the
   English lemma table, not a stop word, not a word of any alias) of at least
   :data:`MIN_TRIGGER_CHARS` letters outside every existing mention -- the shape of a
   misspelling ("hyperparamter", "tensorfow"). The windows of one to three tokens around it
   are the candidate surface forms, and for each the character 3-gram TF-IDF of
   :mod:`analyser.candidates` proposes the nearest long aliases.
2. *Linking*: each candidate alias is scored with rapidfuzz's ``fuzz.ratio`` (normalised
   Indel similarity, 0-100); the best alias at or above :data:`FUZZY_THRESHOLD` wins. ``WRatio`` is not used: its partial matching scores "java" against "javascript"
   at about 90 (``shared/STYLE.md``).

Only aliases of :data:`MIN_FUZZY_ALIAS_CHARS` characters or more are fuzzy-matched: on short
aliases one edit is a different word ("Java"/"Jira"). Scores are cached per window string, so
a word seen before costs a dictionary lookup.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .candidates import CandidateGenerator
from .doctext import lower_ids
from .matcher import MentionAttrs, ensure_extensions, mention_attrs, set_skill_spans, skill_spans
from .normalise import KnownWords
from .taxonomy import Taxonomy

FUZZY_THRESHOLD = 90.0
"""Minimum ``rapidfuzz.fuzz.ratio`` (0-100) for a fuzzy link. Chosen on the gold set's dev
split with ``eval/tune_fuzzy.py``: thresholds 85 to 95 give the same document-level F1
(0.940), while at 80 two of three fuzzy links were wrong; 90 sits in the middle of the flat
optimum. One typo in an alias of 10+ characters scores >= 90 ("hyperparamter tuning": 97.6)."""
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

    Adds spans with ``label_ == "fuzzy"`` and confidence ``score / 100`` (``MentionAttrs``,
    ``span._.skill_confidence``) to ``doc.spans["skills"]`` where they overlap no existing mention.
    """

    def __init__(self, nlp: Language, taxonomy: Taxonomy | None = None, threshold: float = FUZZY_THRESHOLD) -> None:
        ensure_extensions()
        self.threshold = threshold
        self.known = KnownWords()
        self.choices: dict[str, str] = {}
        self.alias_words: frozenset[str] = frozenset()
        self._choice_list: list[str] = []
        self._trigger_cache: dict[int, bool] = {}
        self._plain_words: set[int] = set()  # LOWER hashes known not to be triggers
        self._candidates: CandidateGenerator | None = None
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
        self._candidates = None
        self._trigger_cache = {}
        self._plain_words = set()
        self._score_cache = {}

    def _is_trigger(self, doc: Doc, lower_id: int) -> bool:
        """True when the word with this LOWER hash is an unknown word that may be a misspelling."""
        cached = self._trigger_cache.get(lower_id)
        if cached is None:
            lower = doc.vocab.strings[lower_id]
            cached = (
                lower.isalpha()
                and len(lower) >= MIN_TRIGGER_CHARS
                and lower not in self.known
                and lower not in self.alias_words
            )
            if len(self._trigger_cache) > _CACHE_LIMIT:
                self._trigger_cache.clear()
                self._plain_words.clear()
            self._trigger_cache[lower_id] = cached
            if not cached:
                self._plain_words.add(lower_id)
        return cached

    def best_link(self, query: str) -> tuple[str, float] | None:
        """Return ``(skill_id, score)`` for the best alias of a surface form, or ``None``.

        Args:
            query: a lower-cased surface form (words separated by single spaces).

        Returns:
            The skill id and the ``fuzz.ratio`` score (0-100) when it reaches the threshold.
        """
        return self.link_many([query])[query]

    def link_many(self, queries: list[str]) -> dict[str, tuple[str, float] | None]:
        """:meth:`best_link` for several surface forms; new ones share one candidate generation."""
        from rapidfuzz import fuzz, process

        if len(self._score_cache) + len(queries) > _CACHE_LIMIT:
            self._score_cache.clear()
        todo = [q for q in dict.fromkeys(queries) if q not in self._score_cache]
        eligible = [q for q in todo if len(q) >= MIN_FUZZY_ALIAS_CHARS - 1 and self._choice_list]
        if eligible and self._candidates is None:  # built on first use: scikit-learn loads only if needed
            self._candidates = CandidateGenerator(self._choice_list)
        for query in todo:
            self._score_cache[query] = None
        if eligible:
            for query, candidates in zip(eligible, self._candidates.many(eligible)):
                best = process.extractOne(
                    query, [c.alias for c in candidates], scorer=fuzz.ratio, score_cutoff=self.threshold
                )
                if best is not None:
                    self._score_cache[query] = (self.choices[best[0]], float(best[1]))
        return {q: self._score_cache[q] for q in queries}

    def __call__(self, doc: Doc) -> Doc:
        lowers = lower_ids(doc)
        # most postings hold no unknown word: test each distinct word once, by set operations
        trigger_words = {h for h in set(lowers).difference(self._plain_words) if self._is_trigger(doc, h)}
        if not trigger_words:
            return doc
        existing = list(skill_spans(doc))
        covered: set[int] = set()
        for span in existing:
            covered.update(range(span.start, span.end))
        triggers = [i for i, h in enumerate(lowers) if h in trigger_words and i not in covered]
        if not triggers:
            return doc
        strings = doc.vocab.strings
        n = len(lowers)
        # every candidate window of every trigger: (trigger, size, start, query)
        windows: list[tuple[int, int, int, str]] = []
        for i in triggers:
            for size in range(1, MAX_WINDOW_TOKENS + 1):
                for start in range(max(i - size + 1, 0), min(i + 1, n - size + 1)):
                    words = [strings[lowers[j]] for j in range(start, start + size)]
                    if any(j in covered for j in range(start, start + size)) or not all(w.isalpha() for w in words):
                        continue
                    windows.append((i, size, start, " ".join(words)))
        links = self.link_many([w[3] for w in windows])
        found: list[Span] = []
        scores: dict[tuple[int, int], float] = {}
        for i in triggers:
            if i in covered:
                continue
            best: tuple[float, int, int, str] | None = None
            for trigger, size, start, query in windows:
                if trigger != i or any(j in covered for j in range(start, start + size)):
                    continue
                link = links[query]
                if link and (best is None or (link[1], size) > (best[0], best[2] - best[1])):
                    best = (link[1], start, start + size, link[0])
            if best is not None:
                score, start, end, skill_id = best
                found.append(Span(doc, start, end, label="fuzzy", kb_id=skill_id))
                scores[(start, end)] = score
                covered.update(range(start, end))
        if found:
            attrs = mention_attrs(doc)
            for key, score in scores.items():
                attrs[key] = MentionAttrs(round(score / 100.0, 3))
            # found spans cover no token of an existing mention nor of each other
            set_skill_spans(doc, sorted(existing + found, key=lambda span: (span.start, -span.end)))
        return doc
