"""Alias matching: the exact and normalised candidate generation for skill mentions.

:class:`SkillMatcher` is a spaCy pipeline component (factory ``"skill_matcher"`` in
:mod:`analyser.pipeline`). It finds every alias of the taxonomy in a Doc with two
``PhraseMatcher`` s, as spaCy's ``SpanRuler`` does for entity patterns:

* ordinary aliases (and their hyphen, space and CamelCase variants, see
  :func:`analyser.normalise.alias_variants`) on the ``NORM`` attribute, which the pipeline
  sets to the lower-cased lemma of every word;
* strict aliases (``R``, ``Go``, ``Spark``, ``Excel``) on ``ORTH``, case-sensitively, each
  then checked against its rules (``exclude_next``, ``exclude_prev``, ``exclude_context``,
  ``needs_context``).

Overlaps are resolved with ``spacy.util.filter_spans``: the longest span wins, then the
first. Results land in ``doc.spans["skills"]``: ``span.kb_id_`` is the canonical skill id
(the entity-linking convention), ``span.label_`` the match type (``exact`` or
``normalised``), and :class:`MentionAttrs` (also ``span._.skill_confidence``) a heuristic
confidence in 0-1.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import NORM
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .normalise import alias_variants
from .doctext import doc_text, lower_ids
from .sentences import sentence_bounds
from .taxonomy import StrictAlias, Taxonomy

SPAN_KEY = "skills"
"""``doc.spans`` key of the skill mentions."""

CONFIDENCE_EXACT = 1.0
"""Confidence of a mention whose surface form is an alias (case-insensitive). Heuristic."""
CONFIDENCE_NORMALISED = 0.95
"""Confidence of a mention found through its normalised form (inflection, hyphen, CamelCase)."""
CONFIDENCE_STRICT = 0.9
"""Confidence of a case-sensitive strict alias that passed its rules (ambiguous by nature)."""
CONFIDENCE_ELIDED = 0.85
"""Confidence of a mention completed from an elided coordination ("machine and deep learning")."""

COORDINATORS = ("and", "or", ",", "/", "&")
"""Tokens that join the words of an elided coordination."""

ENUMERATION_SEPARATORS = frozenset({",", "/", "and", "or", "&", "(", ")", ";", "|", "+", "-", "or/and"})
"""Tokens that may stand between two skill mentions of one enumeration ("Python, R or SQL")."""


MENTION_ATTRS_KEY = "analyser.mention_attrs"
"""``doc.user_data`` key of ``{(start token, end token): MentionAttrs}`` for the skill spans."""


class MentionAttrs:
    """Mutable per-mention attributes the components write (one plain object per skill span).

    Attributes:
        confidence: heuristic confidence in 0-1.
        negated: True when a negation cue governs the mention.
        requirement_cue: ``"required"``, ``"preferred"`` or ``None``.

    Kept in a plain dict on the Doc (:func:`mention_attrs`) because spaCy's span
    extensions cost a few microseconds per access; the extensions ``span._.skill_confidence``,
    ``span._.negated`` and ``span._.requirement_cue`` read the same objects.
    """

    __slots__ = ("confidence", "negated", "requirement_cue")

    def __init__(self, confidence: float = 1.0) -> None:
        self.confidence = confidence
        self.negated = False
        self.requirement_cue: str | None = None


def mention_attrs(doc: Doc) -> dict[tuple[int, int], MentionAttrs]:
    """Return the Doc's ``{(start token, end token): MentionAttrs}`` dict, creating it if needed."""
    attrs = doc.user_data.get(MENTION_ATTRS_KEY)
    if attrs is None:
        attrs = doc.user_data[MENTION_ATTRS_KEY] = {}
    return attrs


def _getter(name: str, default):
    def get(span: Span):
        attrs = span.doc.user_data.get(MENTION_ATTRS_KEY, {}).get((span.start, span.end))
        return getattr(attrs, name) if attrs is not None else default

    return get


def ensure_extensions() -> None:
    """Register the span and doc extensions the analyser offers (idempotent)."""
    for name, default in (("skill_confidence", None), ("negated", False), ("requirement_cue", None)):
        attr = "confidence" if name == "skill_confidence" else name
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_getter(attr, default))
    if not Doc.has_extension("sections"):
        Doc.set_extension("sections", default=None)


@dataclass(frozen=True, slots=True)
class _StrictRule:
    skill_id: str
    alias: StrictAlias
    context: frozenset[str]


class SkillMatcher:
    """Find taxonomy aliases in a Doc (exact and normalised matching, strict aliases).

    Args:
        nlp: the pipeline (its vocab and tokenizer are used to build the patterns; its
            ``NORM`` getter must already be installed).
        taxonomy: the validated taxonomy; or ``None`` and :meth:`set_taxonomy` later (the
            factory ``"skill_matcher"`` does this, like spaCy's ``SpanRuler.add_patterns``).

    Writes ``doc.spans["skills"]`` as described in the module docstring.
    """

    def __init__(self, nlp: Language, taxonomy: Taxonomy | None = None) -> None:
        ensure_extensions()
        self.nlp = nlp
        self.taxonomy: Taxonomy | None = None
        self.norm_matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.orth_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.exact_forms: dict[str, frozenset[str]] = {}
        self.strict_rules: dict[str, list[_StrictRule]] = {}
        self.alias_norms: dict[tuple[int, ...], str] = {}
        self._coordinator_ids: frozenset[int] | None = None
        if taxonomy is not None:
            self.set_taxonomy(taxonomy)

    def set_taxonomy(self, taxonomy: Taxonomy) -> None:
        """Replace the patterns with the aliases of ``taxonomy``."""
        nlp = self.nlp
        self.taxonomy = taxonomy
        self.norm_matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.orth_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.exact_forms = {}
        self.strict_rules = {}
        self.alias_norms: dict[tuple[int, ...], str] = {}  # NORM ids of multi-word aliases
        for skill in taxonomy.skills:
            variants: list[str] = []
            for alias in skill.aliases:
                for variant in alias_variants(alias):
                    if variant not in variants:
                        variants.append(variant)
            # hard-wrapped text breaks a phrase over two lines ("data\nanalytics"): one line
            # break may stand for any one space of a multi-word alias
            wrapped = [
                " ".join(words[:k]) + "\n" + " ".join(words[k:])
                for variant in variants
                for words in [variant.split(" ")]
                for k in range(1, len(words))
            ]
            if variants:
                docs = list(nlp.tokenizer.pipe(variants + wrapped))
                self.norm_matcher.add(skill.id, docs)
                for variant_doc in docs[: len(variants)]:
                    if len(variant_doc) > 1:
                        self.alias_norms.setdefault(tuple(t.norm for t in variant_doc), skill.id)
            self.exact_forms[skill.id] = frozenset(" ".join(a.lower().split()) for a in skill.aliases)
            strict_docs = []
            for strict in skill.strict_aliases:
                context = frozenset(strict.context) | frozenset(skill.context) | taxonomy.context_words
                self.strict_rules.setdefault(strict.form, []).append(_StrictRule(skill.id, strict, context))
                strict_docs.append(nlp.make_doc(strict.form))
            if strict_docs:
                self.orth_matcher.add(skill.id, strict_docs)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        spans: list[Span] = []
        for match_id, start, end in self.norm_matcher(doc):
            skill_id = doc.vocab.strings[match_id]
            a, b = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
            exact = " ".join(text[a:b].lower().split()) in self.exact_forms[skill_id]
            spans.append(Span(doc, start, end, label="exact" if exact else "normalised", kb_id=skill_id))
        ordinary = filter_spans(spans) if len(spans) > 1 else spans
        strict_spans: list[Span] = []
        waiting: list[Span] = []  # need an enumeration neighbour
        for match_id, start, end in self.orth_matcher(doc):
            skill_id = doc.vocab.strings[match_id]
            span = doc[start:end]
            rule = next((r for r in self.strict_rules.get(span.text, ()) if r.skill_id == skill_id), None)
            verdict = self._verdict(doc, span, rule) if rule is not None else False
            candidate = Span(doc, start, end, label="exact", kb_id=skill_id)
            if verdict is True:
                strict_spans.append(candidate)
            elif verdict is None:
                waiting.append(candidate)
        # "Python, R or Go": accepted strict mentions count as neighbours too, so repeat
        # until no waiting candidate joins an enumeration
        changed = True
        while waiting and changed:
            neighbours = ordinary + strict_spans
            joined = [c for c in waiting if _in_enumeration(doc, c, neighbours)]
            changed = bool(joined)
            strict_spans.extend(joined)
            waiting = [c for c in waiting if c not in joined]
        kept = filter_spans(ordinary + strict_spans) if strict_spans else ordinary
        elided = self._elided(doc, kept)
        if elided:
            kept = sorted(kept + elided, key=lambda sp: sp.start)
        strict_keys = {(sp.start, sp.end) for sp in strict_spans}
        elided_keys = {(sp.start, sp.end) for sp in elided}
        attrs = mention_attrs(doc)
        for span in kept:
            key = (span.start, span.end)
            if key in elided_keys:
                attrs[key] = MentionAttrs(CONFIDENCE_ELIDED)
            elif span.label_ == "normalised":
                attrs[key] = MentionAttrs(CONFIDENCE_NORMALISED)
            elif key in strict_keys:
                attrs[key] = MentionAttrs(CONFIDENCE_STRICT)
            else:
                attrs[key] = MentionAttrs(CONFIDENCE_EXACT)
        doc.spans[SPAN_KEY] = kept
        return doc

    def _elided(self, doc: Doc, kept: list[Span]) -> list[Span]:
        """Mentions whose head words are elided in a coordination ("machine and deep learning").

        For each multi-word mention, the words before it that are joined to it by a
        coordinator ("and", "or", a comma, a slash) are tried with the mention's head words
        (all but its first word): when that makes an alias of a skill, the single word is a
        mention of it ("machine" + "learning" -> machine learning;
        "supervised and unsupervised learning" -> supervised learning).
        """
        lowers = lower_ids(doc)
        coordinators = self._coordinators(doc)
        norms = None
        covered = {i for sp in kept for i in range(sp.start, sp.end)}
        found: list[Span] = []
        for span in kept:
            if span.end - span.start < 2 or span.start < 2 or lowers[span.start - 1] not in coordinators:
                continue
            if norms is None:
                norms = doc.to_array(NORM).tolist()
            head = tuple(norms[span.start + 1 : span.end])
            i = span.start - 1
            while i >= 1 and lowers[i] in coordinators:
                word = i - 1
                skill_id = self.alias_norms.get((norms[word],) + head)
                if word in covered or skill_id is None:
                    break
                found.append(Span(doc, word, word + 1, label="normalised", kb_id=skill_id))
                covered.add(word)
                i = word - 1
        return found

    def _coordinators(self, doc: Doc) -> frozenset[int]:
        if self._coordinator_ids is None:
            self._coordinator_ids = frozenset(doc.vocab.strings.add(w) for w in COORDINATORS)
        return self._coordinator_ids

    def _verdict(self, doc: Doc, span: Span, rule: _StrictRule) -> bool | None:
        """Apply a strict alias's rules to one candidate span.

        Returns:
            True (accept), False (reject), or None (accept only inside an enumeration of
            skill mentions: ``needs_context`` with no context word in the sentence).
        """
        alias = rule.alias
        nxt = doc[span.end].lower_ if span.end < len(doc) else ""
        prev = doc[span.start - 1].lower_ if span.start > 0 else ""
        if nxt in alias.exclude_next or prev in alias.exclude_prev:
            return False
        if not alias.exclude_context and not alias.needs_context:
            return True
        s, e = sentence_bounds(doc, span.start, span.end)
        strings = doc.vocab.strings
        words = {strings[h] for h in set(lower_ids(doc)[s:e])}
        if alias.exclude_context and words.intersection(alias.exclude_context):
            return False
        if not alias.needs_context or words.intersection(rule.context):
            return True
        return None


def _in_enumeration(doc: Doc, span: Span, others: list[Span]) -> bool:
    """True when another skill mention stands next to ``span``, separated only by list punctuation.

    "Python, R or Scala": R is accepted because Python is a mention two tokens away.
    """
    ends = {s.end for s in others}
    starts = {s.start for s in others}
    i = span.start - 1
    while i >= 0 and i >= span.start - 3 and doc[i].lower_ in ENUMERATION_SEPARATORS:
        i -= 1
    if i < span.start - 1 and i + 1 in ends:
        return True
    j = span.end
    while j < len(doc) and j < span.end + 3 and doc[j].lower_ in ENUMERATION_SEPARATORS:
        j += 1
    return j > span.end and j in starts
