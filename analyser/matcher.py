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

Overlaps are resolved as ``spacy.util.filter_spans`` does (:func:`_longest_first`): the
longest span wins, then the first; a span nested in another is dropped, but two aliases of
different skills that cross (share words, neither inside the other) are both kept: "put
predictive models into production", "AWS cloud services", "SQL database management"; no
alias runs over a line break into another match (:meth:`SkillMatcher._drop_wrapped_crossings`).
Coordinations that share words are completed from the two-word and longer aliases
(:meth:`SkillMatcher._elided_heads`, ``_elided``, ``_elided_single``, ``_elided_modifier``,
``_modifier_lists``, ``_parenthesised_modifiers``: "machine and deep learning", "statistical
and numerical modeling", "data manipulation and cleaning", "model building and evaluation",
"Machine Learning (supervised and unsupervised)"). Then the skills' paraphrase patterns
(``"deploy ... model"``, :class:`ParaphraseMatcher`) add mentions around the others. Results land in
``doc.spans["skills"]``: ``span.kb_id_`` is the canonical skill id (the entity-linking
convention), ``span.label_`` the match type (``exact``, ``normalised`` or ``paraphrase``), and :class:`MentionAttrs` (also ``span._.skill_confidence``) a heuristic
confidence in 0-1.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .normalise import alias_variants
from .doctext import TokenColumns, doc_text, token_columns
from .sentences import sentence_bounds
from .taxonomy import PARAPHRASE_GAP_TOKENS, StrictAlias, Taxonomy, parse_paraphrase

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
CONFIDENCE_PARAPHRASE = 0.8
"""Confidence of a mention found by a paraphrase pattern ("deploying our models"). Heuristic."""

COORDINATORS = ("and", "or", ",", "/", "&", "andor")
"""Tokens that join the words of an elided coordination ("andor" is "and/or" with its slash lost
in scraping: "Random Forest andor Gradient Boosting", "cleans, transforms, andor reduces data";
7 non-test corpus postings)."""

ELIDED_JOINERS = ("and", "or", "/", "&", "and/or", "andor")
"""Coordinators that join a one-word conjunct to the next ("statistical and numerical modeling")."""

NOT_CONJUNCTS = ("using", "including", "via", "use", "uses", "apply", "applying", "leverage", "leveraging")
"""Words after "and"/"or" that open a new clause rather than a conjunct sharing the next word's head
("process optimization and using models"); spaCy's stop words are excluded too."""

NOT_SHARED_MODIFIER = frozenset({
    "analytics", "analyst", "analysts", "scientist", "scientists", "engineer", "engineers", "platform", "platforms",
})
"""Second conjuncts that do not take the first one's modifier: people ("data scientists and
analysts" are colleagues), "analytics", which the gold guidelines count as no skill alone
("Data Science and Analytics" names a group, eval/GUIDELINES.md rule 4), and "platforms"
("ML libraries and platforms" names no MLOps)."""

DATA_MODIFIERS = frozenset({
    "large", "complex", "diverse", "disparate", "unstructured", "structured", "messy", "noisy", "sparse",
    "incomplete", "raw", "big", "massive", "huge", "multiple", "various", "varied", "heterogeneous", "internal",
    "external", "new", "alternative", "rich", "longitudinal", "clinical", "financial", "transactional",
    "demographic", "volume", "scale", "dimensional",
})
"""Words before a comma inside a paraphrase gap that modify data ("analyze large, complex data
sets", "unstructured, diverse data"); after other words ("Clean the files, develop data") the
comma ends the gap. Hyphenated modifiers ("high-volume, high-dimensionality") count too."""

GENERIC_TRAILERS = frozenset({
    "skills", "skill", "experience", "expertise", "knowledge", "background", "techniques", "methods",
    "tools", "concepts", "capabilities", "principles",
})
"""Words that may follow a coordination whose members share a modifier without making it a
longer phrase: "statistical analysis and modeling skills" is statistical analysis and
statistical modeling (skills), unlike "data science and analytics teams"."""

PARENTHESIS_TOKENS = 12
"""Longest parenthesis read as a list of kinds of the mention before it ("(supervised and unsupervised)")."""

ELIDED_LIST_MEMBERS = 4
"""At most this many one-word members before the coordinator share an elided head."""

INNER_JOINERS = frozenset({"-", "/"})
"""Punctuation inside a word ("large-scale", "statistical/machine"): such a word is one word of a paraphrase gap."""

ENUMERATION_SEPARATORS = frozenset({",", "/", "and", "or", "&", "(", ")", ";", "|", "+", "-", "or/and", "and/or", "andor"})
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
    """A strict alias's rules with its word lists as LOWER hashes (compared with token ids)."""

    skill_id: str
    alias: StrictAlias
    context: frozenset[int]
    exclude_next: frozenset[int]
    exclude_prev: frozenset[int]
    exclude_context: frozenset[int]
    exclude_next_seqs: tuple[tuple[int, ...], ...] = ()  # exclude_next entries of several words


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
        self.paraphrase_matcher = ParaphraseMatcher(nlp)
        self.exact_forms: dict[str, frozenset[str]] = {}
        self.hyphen_forms: set[tuple[int, ...]] = set()
        self.strict_rules: dict[tuple[int, tuple[int, ...]], _StrictRule] = {}
        self.alias_norms: dict[tuple[int, ...], str] = {}
        self._two_word_heads: set[int] = set()
        self._two_word_modifiers: set[int] = set()
        self._coordinator_ids = _ids(nlp, COORDINATORS)
        self._joiner_ids = _ids(nlp, ELIDED_JOINERS)
        self._not_conjunct_ids = _ids(nlp, NOT_CONJUNCTS)
        self._trailer_ids = _ids(nlp, GENERIC_TRAILERS)
        self._comma_id = nlp.vocab.strings.add(",")
        self._separator_ids = frozenset(nlp.vocab.strings.add(w) for w in ENUMERATION_SEPARATORS)
        if taxonomy is not None:
            self.set_taxonomy(taxonomy)

    def set_taxonomy(self, taxonomy: Taxonomy) -> None:
        """Replace the patterns with the aliases of ``taxonomy``."""
        nlp = self.nlp
        self.taxonomy = taxonomy
        self.norm_matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.orth_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.paraphrase_matcher = ParaphraseMatcher(nlp)
        self.exact_forms = {}
        self.hyphen_forms: set[tuple[int, ...]] = set()  # NORM ids of aliases written with a hyphen
        self.strict_rules = {}
        self.alias_norms: dict[tuple[int, ...], str] = {}  # NORM ids of multi-word aliases
        self._two_word_heads: set[int] = set()  # NORM id of the second word of two-word aliases
        self._two_word_modifiers: set[int] = set()  # NORM id of the first word of two-word aliases
        for skill in taxonomy.skills:
            variants: list[str] = []
            hyphen_variants: set[str] = set()
            for alias in skill.aliases:
                for variant in alias_variants(alias):
                    if variant not in variants:
                        variants.append(variant)
                    if "-" in alias and "-" in variant:  # written with a hyphen by the taxonomy
                        hyphen_variants.add(variant)
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
                for variant, variant_doc in zip(variants, docs):
                    if variant in hyphen_variants:
                        self.hyphen_forms.add(tuple(t.norm for t in variant_doc))
                    if len(variant_doc) > 1:
                        self.alias_norms.setdefault(tuple(t.norm for t in variant_doc), skill.id)
                    if len(variant_doc) == 2:
                        self._two_word_heads.add(variant_doc[1].norm)
                        self._two_word_modifiers.add(variant_doc[0].norm)
            self.exact_forms[skill.id] = frozenset(" ".join(a.lower().split()) for a in skill.aliases)
            strict_docs = []
            skill_hash = nlp.vocab.strings.add(skill.id)
            for strict in skill.strict_aliases:
                context = set(strict.context) | set(skill.context) | taxonomy.context_words
                form_doc = nlp.make_doc(strict.form)
                single_next = [w for w in strict.exclude_next if " " not in w]
                seqs = tuple(tuple(nlp.vocab.strings.add(x) for x in w.split()) for w in strict.exclude_next if " " in w)
                rule = _StrictRule(
                    skill.id, strict, _ids(nlp, context), _ids(nlp, single_next),
                    _ids(nlp, strict.exclude_prev), _ids(nlp, strict.exclude_context), seqs,
                )  # fmt: skip
                self.strict_rules.setdefault((skill_hash, tuple(t.orth for t in form_doc)), rule)
                strict_docs.append(form_doc)
            if strict_docs:
                self.orth_matcher.add(skill.id, strict_docs)
            for pattern in skill.paraphrases:
                self.paraphrase_matcher.add(skill.id, pattern)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        cols = token_columns(doc)
        strings = doc.vocab.strings
        # (start, end, skill id, match type) per candidate; Span objects only for the kept ones
        found: list[tuple[int, int, str, str]] = []
        for match_id, start, end in self.norm_matcher(doc):
            if self._spaced_hyphen(doc, start, end, self.hyphen_forms) or self._new_line_inside(doc, start, end):
                continue
            skill_id = strings[match_id]
            last = doc[end - 1]
            exact = " ".join(text[doc[start].idx : last.idx + len(last)].lower().split()) in self.exact_forms[skill_id]
            found.append((start, end, skill_id, "exact" if exact else "normalised"))
        if len(found) > 1:
            found = self._drop_wrapped_crossings(doc, found)
        ordinary = _longest_first(found, crossing=True) if len(found) > 1 else found
        strict: list[tuple[int, int, str, str]] = []
        waiting: list[tuple[int, int, str, str]] = []  # need an enumeration neighbour
        for match_id, start, end in self.orth_matcher(doc):
            rule = self.strict_rules.get((match_id, tuple(doc[i].orth for i in range(start, end))))
            verdict = self._verdict(doc, start, end, rule) if rule is not None else False
            if verdict is True:
                strict.append((start, end, rule.skill_id, "exact"))
            elif verdict is None:
                waiting.append((start, end, rule.skill_id, "exact"))
        # "Python, R or Go": accepted strict mentions count as neighbours too, so repeat
        # until no waiting candidate joins an enumeration
        changed = True
        while waiting and changed:
            neighbours = ordinary + strict
            joined = [c for c in waiting if self._in_enumeration(cols, c, neighbours)]
            changed = bool(joined)
            strict.extend(joined)
            waiting = [c for c in waiting if c not in joined]
        kept = _longest_first(ordinary + strict, crossing=True) if strict else ordinary
        kept, widened = self._elided_heads(doc, kept)
        elided = self._elided(doc, kept)
        if elided:
            kept = sorted(kept + elided, key=lambda m: m[0])
        elided = elided + widened
        paraphrased = self._paraphrases(doc, kept) if len(self.paraphrase_matcher) else []
        if paraphrased:
            kept = sorted(kept + paraphrased, key=lambda m: (m[0], -m[1]))
        single = self._elided_single(doc, kept)
        single += self._elided_modifier(doc, kept, single)
        single += self._modifier_lists(doc, kept, single)
        single += self._parenthesised_modifiers(doc, kept, single)
        if single:
            elided = elided + single
            kept = sorted(kept + single, key=lambda m: (m[0], -m[1]))
        strict_keys = {(m[0], m[1]) for m in strict}
        elided_keys = {(m[0], m[1]) for m in elided}
        attrs = mention_attrs(doc)
        spans = []
        for start, end, skill_id, label in kept:
            key = (start, end)
            if key in elided_keys:
                attrs[key] = MentionAttrs(CONFIDENCE_ELIDED)
            elif label == "normalised":
                attrs[key] = MentionAttrs(CONFIDENCE_NORMALISED)
            elif label == "paraphrase":
                attrs[key] = MentionAttrs(CONFIDENCE_PARAPHRASE)
            elif key in strict_keys:
                attrs[key] = MentionAttrs(CONFIDENCE_STRICT)
            else:
                attrs[key] = MentionAttrs(CONFIDENCE_EXACT)
            spans.append(Span(doc, start, end, label=label, kb_id=skill_id))
        set_skill_spans(doc, spans)
        return doc

    def _elided(self, doc: Doc, kept: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
        """Mentions whose head words are elided in a coordination ("machine and deep learning").

        For each multi-word mention, the words before it that are joined to it by a
        coordinator ("and", "or", a comma, a slash) are tried with the mention's head words
        (all but its first word, then its last word alone): when that makes an alias of a
        skill, the single word is a mention of it ("machine" + "learning" -> machine learning;
        "supervised and unsupervised learning" -> supervised learning; "statistical and
        machine learning models": "statistical learning models" is no alias, "statistical
        models" is -> statistical modelling).
        """
        cols = token_columns(doc)
        lowers = cols.lower
        coordinators = self._coordinator_ids
        comma = self._comma_id
        covered: set[int] | None = None
        found: list[tuple[int, int, str, str]] = []
        for start, end, _, _ in kept:
            if end - start < 2 or start < 2 or lowers[start - 1] not in coordinators:
                continue
            if covered is None:
                covered = {i for m in kept for i in range(m[0], m[1])}
            norms = cols.norm
            heads = [tuple(norms[start + 1 : end])]
            if end - start > 2:
                heads.append((norms[end - 1],))
            i = start - 1
            while i >= 1 and lowers[i] in coordinators:
                word = i - 1
                if lowers[word] == comma and lowers[i] != comma and word >= 1:
                    word -= 1  # a serial comma: "supervised, and unsupervised learning"
                skill_id = next((s for s in (self.alias_norms.get((norms[word],) + h) for h in heads) if s), None)
                if word in covered or skill_id is None:
                    break
                found.append((word, word + 1, skill_id, "normalised"))
                covered.add(word)
                i = word - 1
        return found

    @staticmethod
    def _new_line_inside(doc: Doc, start: int, end: int) -> bool:
        """True when a line break inside tokens ``start:end`` goes from a lower-case word to a
        capitalised one.

        Hard-wrapped text continues a phrase on the next line in its own case ("data\nanalytics",
        "Machine\nLearning"); a lower-case word, a break, then a capital starts a new bullet or
        sentence ("Linux Shell scripting\nExperience using ..."), so no alias spans it.
        """
        for i in range(start, end - 1):
            token = doc[i]
            if token.is_space and "\n" in token.text and i > start:
                before, after = doc[i - 1], doc[i + 1]
                if before.text[:1].islower() and after.text[:1].isupper() and not after.is_upper:
                    return True
        return False

    @staticmethod
    def _drop_wrapped_crossings(doc: Doc, found: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
        """Drop candidates that run over a line break into or out of another candidate.

        A line break may stand for a space of an alias in hard-wrapped text ("data\nanalytics"),
        but when another candidate ends at the break, the line was a list item of its own:
        "Apache Spark\nSQL" is Apache Spark and SQL, not Spark SQL (likewise a candidate that
        starts right after the break and runs past the wrapped one's end).
        """
        wrapped = {
            m: [i for i in range(m[0] + 1, m[1] - 1) if doc[i].is_space and "\n" in doc[i].text]
            for m in found if m[1] - m[0] > 2
        }  # fmt: skip
        wrapped = {m: b for m, b in wrapped.items() if b}
        if not wrapped:
            return found
        ends: dict[int, list[int]] = {}
        starts: dict[int, list[int]] = {}
        for m in found:
            ends.setdefault(m[1], []).append(m[0])
            starts.setdefault(m[0], []).append(m[1])
        drop = {
            m for m, inner in wrapped.items()
            if any(any(s < m[0] for s in ends.get(b, ())) or any(e > m[1] for e in starts.get(b + 1, ())) for b in inner)
        }  # fmt: skip
        return [m for m in found if m not in drop] if drop else found

    @staticmethod
    def _spaced_hyphen(doc: Doc, start: int, end: int, hyphen_forms: set[tuple[int, ...]]) -> bool:
        """True when a hyphen inside tokens ``start:end`` has white space beside it that the
        alias does not allow.

        A hyphen with spaces on both sides lists two things ("Hive - SQL"). A hyphen with a
        space on one side is a broken compound ("time -series", "data- science") only where
        the taxonomy writes the alias with a hyphen (``hyphen_forms``, NORM ids); otherwise it
        is a separator, as in the CV template "LINEAR PROGRAMMING- Experience - 6 months",
        where "programming experience" must not match. "Spark-Streaming" (no spaces) always
        matches.
        """
        one_sided = False
        for i in range(start + 1, end - 1):
            token = doc[i]
            if token.text != "-":
                continue
            after, before = bool(token.whitespace_), bool(doc[i - 1].whitespace_)
            if after and before:
                return True
            one_sided = one_sided or after or before
        return one_sided and tuple(doc[i].norm for i in range(start, end)) not in hyphen_forms

    def _elided_heads(
        self, doc: Doc, kept: list[tuple[int, int, str, str]]
    ) -> tuple[list[tuple[int, int, str, str]], list[tuple[int, int, str, str]]]:
        """Mentions whose own head is elided: "machine learning and deep learning libraries".

        When a mention M ends right before a coordinator ("and", "or", "/", "&") and the
        next conjunct is a mention R of two or more words, M followed by R's last word (or,
        for any R, the word after R: "machine learning or statistical modeling tools",
        "ETL/ELT tooling") may be an alias of a more specific
        skill ("machine learning libraries"); then M names that skill instead (the longest
        skill wins, eval/GUIDELINES.md rule 3), with the span M had.

        Returns:
            ``(kept, changed)``: the mentions with the changed ones replaced, and the changed
            ones.
        """
        if len(kept) < 2:
            return kept, []
        cols = token_columns(doc)
        lowers, norms = cols.lower, cols.norm
        joiners = self._joiner_ids
        by_end = {m[1]: m for m in kept}
        starts = {m[0] for m in kept}
        covered = {i for m in kept for i in range(m[0], m[1])}
        changed: dict[tuple[int, int, str, str], tuple[int, int, str, str]] = {}
        for r in kept:
            start, end = r[0], r[1]
            m = by_end.get(start - 1)
            if m is None or lowers[start - 1] not in joiners or m in changed:
                continue
            # R's last word, unless R is that one word ("Spark and SQL" is no "Spark SQL")
            heads = [(norms[end - 1],)] if end - start > 1 else []
            if end < len(lowers) and end not in covered and end not in starts and self._is_word(doc, end):
                heads.append((norms[end],))
            key = tuple(norms[m[0] : m[1]])
            for head in heads:
                skill_id = self.alias_norms.get(key + head)
                if skill_id is not None and skill_id != m[2] and skill_id != r[2]:
                    changed[m] = (m[0], m[1], skill_id, "normalised")
                    break
        if not changed:
            return kept, []
        return [changed.get(m, m) for m in kept], list(changed.values())

    def _elided_single(self, doc: Doc, kept: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
        """Elided coordinations whose last conjunct is one word and no mention.

        "statistical and numerical modeling": "numerical modeling" names no skill, but
        "statistical modeling" is an alias, so "statistical" is a mention of it; likewise
        "survival and failure analysis", "descriptive and predictive analytics", and the
        members of a comma list before the coordinator ("developing, testing, documenting
        and supporting software" -> "developing software"). The last two conjuncts must be
        joined by a coordinator ("and", "or", "/", "&"; a comma alone is no coordination),
        every conjunct is one word, and only two-word aliases (member + head) count, so that
        the reading is that of an elided head. A member right after another mention ends a
        compound ("machine learning systems and validate designs") and is skipped; a serial
        comma needs three members ("develop data, and perform analysis" is two clauses).
        """
        cols = token_columns(doc)
        lowers, norms = cols.lower, cols.norm
        joiners = self._joiner_ids
        comma = self._comma_id
        n = len(lowers)
        covered = {i for m in kept for i in range(m[0], m[1])}
        # a paraphrase may start at the head ("statistical and bioinformatics analyses of ... data")
        held = {i for m in kept if m[3] != "paraphrase" for i in range(m[0], m[1])}
        found: list[tuple[int, int, str, str]] = []
        heads = self._two_word_heads
        # the last conjunct may be a mention itself, whose last word is the head ("relational,
        # columnar, and NoSQL databases", "statistical and data mining techniques")
        mention_ends = {m[0]: m[1] for m in kept if m[1] - m[0] >= 2 and m[3] != "paraphrase"}
        for c in range(1, n - 2):
            if lowers[c] not in joiners:
                continue
            y = c + 1
            if y in mention_ends:
                # the mention's last word, or the word after it ("data mining techniques")
                e = mention_ends[y]
                hs = [e - 1] + ([e] if e < n and e not in covered and self._is_word(doc, e) else [])
                hs = [h for h in hs if norms[h] in heads]
            else:
                hs = [c + 2] if norms[c + 2] in heads and y not in covered and c + 2 not in held else []
            if not hs or lowers[y] in joiners or not all(self._is_word(doc, i) for i in (y, *hs)):
                continue
            if doc[y].is_stop or lowers[y] in self._not_conjunct_ids:
                continue  # "process optimization and using models": a new clause, no shared head
            x = c - 1
            if lowers[x] == comma:  # "a, b, and c H": a serial comma needs a list of three
                x -= 1
                if x < 2 or lowers[x - 1] != comma:
                    continue
            for _ in range(ELIDED_LIST_MEMBERS):
                if x < 0 or x in covered or not self._is_word(doc, x):
                    break
                if x - 1 not in covered:
                    skill_id = next((s for s in (self.alias_norms.get((norms[x], norms[h])) for h in hs) if s), None)
                    if skill_id is not None:
                        found.append((x, x + 1, skill_id, "normalised"))
                        covered.add(x)
                if x < 2 or lowers[x - 1] != comma:
                    break
                x -= 2
        return found

    def _elided_modifier(
        self, doc: Doc, kept: list[tuple[int, int, str, str]], new: list[tuple[int, int, str, str]]
    ) -> list[tuple[int, int, str, str]]:
        """Elided coordinations whose second conjunct shares the first one's modifier.

        "data manipulation and cleaning": "data manipulation" is a mention and "data
        cleaning" an alias, so "cleaning" is a mention of data cleaning; likewise "data
        mining and analysis". The second conjunct is one word right after the coordinator
        ("and", "or", "/", "&") and it must end the coordination (punctuation, a line end,
        the text's end or one of :data:`GENERIC_TRAILERS` follows), so that "data science and
        analytics teams" is left alone.
        Only two-word mentions (modifier + head) and two-word aliases (modifier + word).
        """
        cols = token_columns(doc)
        lowers, norms = cols.lower, cols.norm
        joiners = self._joiner_ids
        n = len(lowers)
        covered = {i for m in kept for i in range(m[0], m[1])} | {m[0] for m in new}
        found: list[tuple[int, int, str, str]] = []
        for start, end, skill_id, label in kept:
            if end - start != 2 or label == "paraphrase" or end + 1 >= n or lowers[end] not in joiners:
                continue
            y = end + 1
            if not self._is_word(doc, y):
                continue
            if y + 1 < n and self._is_word(doc, y + 1) and lowers[y + 1] not in self._trailer_ids:
                continue  # "data science and analytics teams": Y starts a longer phrase
            other = self._shared_modifier_skill(doc, norms, covered, start, y, skill_id)
            if other is not None:
                found.append((y, y + 1, other, "normalised"))
                covered.add(y)
        return found

    def _shared_modifier_skill(self, doc: Doc, norms, covered: set[int], modifier: int, y: int, not_skill: str | None) -> str | None:
        """The skill of the two-word alias "<token ``modifier``> <token ``y``>" when ``y`` is a
        member that may take a shared modifier: not covered by a mention, no stop word, not in
        :data:`NOT_SHARED_MODIFIER`, and another skill than ``not_skill``; else None."""
        if y in covered or doc[y].is_stop or doc[y].lower_ in NOT_SHARED_MODIFIER:
            return None
        other = self.alias_norms.get((norms[modifier], norms[y]))
        return other if other is not None and other != not_skill else None

    def _modifier_lists(
        self, doc: Doc, kept: list[tuple[int, int, str, str]], new: list[tuple[int, int, str, str]]
    ) -> list[tuple[int, int, str, str]]:
        """Lists of one-word heads after one modifier, whose first member is no mention itself.

        "model building and evaluation": "model evaluation" is an alias, so "evaluation" is a
        mention of model evaluation; "data extraction, exploration, transformation and
        visualization" gives data exploration and data transformation (data visualization is
        an alias of its own). The members are single words after the modifier, separated by
        commas and a final coordinator (at most :data:`ELIDED_LIST_MEMBERS` + 1), and the list
        must end the coordination: no word follows its last member but a coordinator or one
        of :data:`GENERIC_TRAILERS` ("data science and analytics teams" is left alone,
        "statistical analysis and modeling skills" is not). A member that would be a second
        spelling of the first member's skill is skipped. :meth:`_elided_modifier` covers the
        case where the first member is a mention. Added 2026-11-23 from the dev23-dev26
        misses.
        """
        cols = token_columns(doc)
        lowers, norms = cols.lower, cols.norm
        joiners, comma, modifiers = self._joiner_ids, self._comma_id, self._two_word_modifiers
        n = len(lowers)
        covered = {i for m in kept for i in range(m[0], m[1])} | {m[0] for m in new}
        found: list[tuple[int, int, str, str]] = []
        for i in range(n - 3):
            if norms[i] not in modifiers or not self._is_word(doc, i) or not self._is_word(doc, i + 1) or doc[i + 1].is_stop:
                continue
            members, j, closed = [i + 1], i + 2, False
            while j < n and len(members) <= ELIDED_LIST_MEMBERS:
                if lowers[j] == comma and j + 1 < n and lowers[j + 1] not in joiners and self._is_word(doc, j + 1):
                    members.append(j + 1)
                    j += 2
                    continue
                k = j + 1 if lowers[j] == comma else j
                if k + 1 < n and lowers[k] in joiners and self._is_word(doc, k + 1):
                    members.append(k + 1)
                    j, closed = k + 2, True
                break
            if not closed or (j < n and self._is_word(doc, j) and lowers[j] not in joiners and lowers[j] not in self._trailer_ids):
                continue  # a longer phrase follows ("data science and analytics teams")
            # not a second spelling of the first member's skill ("Computer Science,
            # Engineering, Math, Sciences": no "computer sciences")
            first = self.alias_norms.get((norms[i], norms[i + 1]))
            for y in members[1:]:
                other = self._shared_modifier_skill(doc, norms, covered, i, y, first)
                if other is not None:
                    found.append((y, y + 1, other, "normalised"))
                    covered.add(y)
        return found

    def _parenthesised_modifiers(
        self, doc: Doc, kept: list[tuple[int, int, str, str]], new: list[tuple[int, int, str, str]]
    ) -> list[tuple[int, int, str, str]]:
        """Kinds of a mention listed in parentheses after it: "Machine Learning (supervised and
        unsupervised)" -> supervised learning, unsupervised learning; "Regressions (Linear, GLM)"
        -> linear regression.

        Each one-word member of the parenthesis (members joined by commas, "and", "or", "/")
        is tried with the mention's last word as a two-word alias.
        """
        cols = token_columns(doc)
        lowers, norms = cols.lower, cols.norm
        n = len(lowers)
        separators = self._separator_ids
        covered = {i for m in kept for i in range(m[0], m[1])} | {m[0] for m in new}
        found: list[tuple[int, int, str, str]] = []
        for start, end, skill_id, label in kept:
            if label == "paraphrase" or end >= n or doc[end].text != "(":
                continue
            head = norms[end - 1]
            j = end + 1
            members = []
            while j < n and doc[j].text != ")" and j - end <= PARENTHESIS_TOKENS:
                if self._is_word(doc, j) and lowers[j] not in separators:
                    if j + 1 < n and self._is_word(doc, j + 1) and lowers[j + 1] not in separators:
                        members = []  # a phrase, not a list of one-word kinds
                        break
                    members.append(j)
                elif lowers[j] not in separators:
                    members = []
                    break
                j += 1
            if j >= n or doc[j].text != ")":
                continue
            for w in members:
                other = self.alias_norms.get((norms[w], head))
                if other is not None and other != skill_id and w not in covered:
                    found.append((w, w + 1, other, "normalised"))
                    covered.add(w)
        return found

    @staticmethod
    def _is_word(doc: Doc, i: int) -> bool:
        token = doc[i]
        return token.is_alpha

    def _paraphrases(self, doc: Doc, kept: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
        """Mentions found by the skills' paraphrase patterns ("implement ... model").

        A match is kept unless a mention holds it whole or a mention of the same skill overlaps
        it; mentions inside it stay ("deploy machine learning models" is model-deployment
        around machine-learning), and so do mentions that cross its edges ("produce [data
        (models] to predict)": data modelling and predictive modelling; before 2026-11-23 a
        crossing mention rejected the match: 24 corpus mentions more, read). Of overlapping
        matches of one skill the longest wins, then the first; matches of different skills
        may overlap ("deploy and monitor models": deployment and
        monitoring; eval/GUIDELINES.md rule 7).
        """
        found = [(start, end, skill_id, "paraphrase") for skill_id, start, end in self.paraphrase_matcher(doc)]
        if not found:
            return []
        owner: dict[int, tuple[int, int, str, str]] = {i: m for m in kept for i in range(m[0], m[1])}
        by_skill: dict[str, list[tuple[int, int, str, str]]] = {}
        for m in found:
            by_skill.setdefault(m[2], []).append(m)
        accepted = []
        for m in sorted(m for ms in by_skill.values() for m in _longest_first(ms)):
            start, end, skill_id, _ = m
            inner = {owner[i] for i in range(start, end) if i in owner}
            if any((o[0] <= start and o[1] >= end) or o[2] == skill_id for o in inner):
                continue
            accepted.append(m)
        return accepted

    def _verdict(self, doc: Doc, start: int, end: int, rule: _StrictRule) -> bool | None:
        """Apply a strict alias's rules to the candidate tokens ``start:end``.

        Returns:
            True (accept), False (reject), or None (accept only inside an enumeration of
            skill mentions: ``needs_context`` with no context word in the sentence).
        """
        alias = rule.alias
        lowers = token_columns(doc).lower
        if (end < len(lowers) and lowers[end] in rule.exclude_next) or (start > 0 and lowers[start - 1] in rule.exclude_prev):
            return False
        if any(tuple(lowers[end : end + len(seq)]) == seq for seq in rule.exclude_next_seqs):
            return False  # "R & D"
        if not alias.exclude_context and not alias.needs_context:
            return True
        s, e = sentence_bounds(doc, start, end)
        words = set(lowers[s:e])
        if rule.exclude_context and not words.isdisjoint(rule.exclude_context):
            return False
        if not alias.needs_context or not words.isdisjoint(rule.context):
            return True
        return None

    def _in_enumeration(self, cols: TokenColumns, candidate: tuple[int, int, str, str], others: list) -> bool:
        """True when another skill mention stands next to ``candidate``, separated only by list punctuation.

        "Python, R or Scala": R is accepted because Python is a mention two tokens away.
        """
        separators = self._separator_ids
        lowers = cols.lower
        start, end = candidate[0], candidate[1]
        ends = {m[1] for m in others}
        starts = {m[0] for m in others}
        i = start - 1
        while i >= 0 and i >= start - 3 and lowers[i] in separators:
            i -= 1
        if i < start - 1 and i + 1 in ends:
            return True
        j = end
        while j < len(lowers) and j < end + 3 and lowers[j] in separators:
            j += 1
        return j > end and j in starts


class ParaphraseMatcher:
    """Find the taxonomy's paraphrase patterns (:func:`analyser.taxonomy.parse_paraphrase`) in a Doc.

    Each word slot is compared with the tokens' ``NORM`` (the normalised form of each
    alternative word); a gap stands for 0 to :data:`~analyser.taxonomy.PARAPHRASE_GAP_TOKENS`
    tokens that are neither punctuation nor white space, so it never crosses a comma, a
    sentence end or a line break. The semantics are those of a spaCy ``Matcher`` pattern
    ``[{"NORM": {"IN": [...]}}, {"IS_PUNCT": False, "IS_SPACE": False, "OP": "{0,3}"}, ...]``
    returning every match; a spaCy ``Matcher`` with such patterns measured 2.1 ms per
    posting on the real postings (more than the rest of the pipeline together), this
    index on each pattern's first word about 0.05 ms (``benchmarks/README.md``).

    Args:
        nlp: the pipeline (its vocabulary gives the words' normalised forms).
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.patterns: list[tuple[str, list[frozenset[int] | None]]] = []
        self._by_first: dict[int, list[int]] = {}
        self._joiners = frozenset(nlp.vocab.strings.add(w) for w in ("and", "or", "&", "and/or", "andor"))
        self._comma_id = nlp.vocab.strings.add(",")
        self._data_norms = frozenset(nlp.vocab[w].norm for w in ("data", "dataset"))
        self._data_modifiers = _ids(nlp, DATA_MODIFIERS)

    def __len__(self) -> int:
        return len(self.patterns)

    def add(self, skill_id: str, pattern: str) -> None:
        """Add one pattern of a skill.

        Raises:
            ValueError: the pattern is invalid (see :func:`~analyser.taxonomy.parse_paraphrase`).
        """
        vocab = self.nlp.vocab
        slots = [None if slot is None else frozenset(vocab[w].norm for w in slot) for slot in parse_paraphrase(pattern)]
        index = len(self.patterns)
        self.patterns.append((skill_id, slots))
        for norm in slots[0]:
            self._by_first.setdefault(norm, []).append(index)

    def __call__(self, doc: Doc, *, extended: bool = True) -> list[tuple[str, int, int]]:
        """Return every match as ``(skill id, start token, end token)``, by start then pattern.

        With ``extended`` (the default), two extensions of the spaCy ``Matcher`` semantics:

        * a pattern whose first word is followed by a list of coordinated words and then by
          the rest of the pattern also matches, as the first word alone: in "Compile,
          analyze, and visualize data" the pattern "analyze ... data" gives the mention
          "analyze", in "analysis and visualization of data" the pattern "analysis of ...
          data" gives "analysis", in "Exploring and visualizing data" the two-word pattern
          "explore data" gives "Exploring" (the others' object is shared, as in an elided
          coordination);
        * a word written with an inner hyphen or slash ("large-scale", "statistical/machine")
          is one word of a gap, not three tokens of which one is punctuation ("deploy
          large-scale models");
        * before a "data"/"dataset" slot, a comma after a modifier of data
          (:data:`DATA_MODIFIERS` or a hyphenated word) does not end the gap ("analyze
          large, complex data sets"); elsewhere a comma usually starts a new clause ("develop
          prototype software, determine software settings", "Clean the files, develop data").

        Without ``extended`` the matches are exactly those of the spaCy ``Matcher`` patterns
        above.
        """
        if not self.patterns:
            return []
        norms = token_columns(doc).norm
        present = set(norms)
        # only the patterns all of whose words occur in the Doc (most Docs: none or a few);
        # candidates come from the index on first words, so absent patterns cost nothing
        patterns = self.patterns
        by_first = {}
        for n in present.intersection(self._by_first):
            indexes = [
                x for x in self._by_first[n]
                if all(slot is None or not slot.isdisjoint(present) for slot in patterns[x][1])
            ]  # fmt: skip
            if indexes:
                by_first[n] = indexes
        if not by_first:
            return []
        starts = [(i, by_first[n]) for i, n in enumerate(norms) if by_first.get(n)]
        n_tokens = len(norms)
        gap_ok: dict[int, bool] = {}

        lowers = token_columns(doc).lower
        joiners = self._joiners
        comma = self._comma_id
        data_norms, data_modifiers = self._data_norms, self._data_modifiers

        def open_gap(i: int) -> bool:  # token i may stand in a gap
            ok = gap_ok.get(i)
            if ok is None:
                token = doc[i]
                ok = gap_ok[i] = not (token.is_punct or token.is_space)
            return ok

        def glued(j: int) -> bool:  # an inner hyphen or slash of a word ("large-scale")
            token = doc[j]
            return (
                token.text in INNER_JOINERS and not token.whitespace_ and not doc[j - 1].whitespace_
                and j + 1 < n_tokens and open_gap(j + 1)
            )  # fmt: skip

        def ends(slots, k: int, i: int):  # token ends of slots[k:] matched from token i
            if k == len(slots):
                yield i
                return
            slot = slots[k]
            if slot is None:
                j = i
                words = 0
                while True:
                    yield from ends(slots, k + 1, j)
                    if j >= n_tokens:
                        return
                    if extended and glued(j):
                        j += 2  # the joiner and the rest of the word: no word more
                        continue
                    if (
                        extended and words and lowers[j] == comma and k + 1 < len(slots) and not data_norms.isdisjoint(slots[k + 1])
                        and j + 1 < n_tokens and open_gap(j + 1) and lowers[j + 1] not in joiners
                        and (lowers[j - 1] in data_modifiers or (j >= 2 and glued(j - 2)))
                    ):  # fmt: skip
                        j += 1  # a comma between modifiers of data ("large, complex data sets"): no word
                        continue
                    if words == PARAPHRASE_GAP_TOKENS or not open_gap(j):
                        return
                    words += 1
                    j += 1
            elif i < n_tokens and norms[i] in slot:
                yield from ends(slots, k + 1, i + 1)

        def word(j: int) -> bool:
            return j < n_tokens and open_gap(j) and lowers[j] not in joiners

        def after_list(j: int) -> int | None:
            """Index after a list of coordinated words starting at token j (", classify
            and visualize", "and visualization"), or None: "and"/"or" and one word, or a
            comma, up to 3 more single words and "and"/"or" before the last. (Until
            2026-11-23 a pattern with a gap after its first word needed the comma, so
            "optimizing and implementing machine learning models" overflowed the gap.)"""
            if not (j < n_tokens and doc[j].text == ","):
                if j < n_tokens and lowers[j] in joiners:
                    return j + 2 if word(j + 1) else None
                return None
            for _ in range(4):
                comma = j < n_tokens and doc[j].text == ","
                k = j + comma
                if k < n_tokens and lowers[k] in joiners:
                    return k + 2 if word(k + 1) else None
                if not comma or not word(k):
                    return None
                j = k + 1
            return None

        found = []
        for i, indexes in starts:
            for index in indexes:
                skill_id, slots = self.patterns[index]
                for end in sorted(set(ends(slots, 1, i + 1))):
                    found.append((skill_id, i, end))
                if extended and len(slots) >= 2:
                    # "analyze, classify and visualize data", "analysis and visualization of
                    # data": the first word shares the others' object; the mention is the word
                    # alone (like an elided coordination)
                    j = after_list(i + 1)
                    if j is not None and any(True for _ in ends(slots, 1, j)):
                        found.append((skill_id, i, i + 1))
        return found


def _ids(nlp: Language, words) -> frozenset[int]:
    """The string-store hashes of ``words`` (compared with tokens' LOWER ids)."""
    return frozenset(nlp.vocab.strings.add(w) for w in words)


def _longest_first(found: list[tuple[int, int, str, str]], crossing: bool = False) -> list[tuple[int, int, str, str]]:
    """Remove overlaps: the longest candidate wins, then the first (``spacy.util.filter_spans``
    on ``(start, end, ...)`` tuples, which cost less than Span objects). Returns them by start.

    With ``crossing``, a shorter candidate that crosses the kept ones (shares tokens with each,
    lies inside none and holds none, and is another skill) is kept too: "[predictive [models]
    into production]" gives predictive-modelling and model-deployment. Measured on the dev
    gold (369 + 40 postings, 2026-11-23): document recall 0.941 -> 0.943, precision 0.983 ->
    0.981; the new doc-level false positives read as gold disagreements ("relational database
    systems" -> also database systems, "AWS cloud services" -> also cloud computing).
    """
    result = []
    seen: dict[int, tuple[int, int, str, str]] = {}
    for m in sorted(found, key=lambda m: (m[1] - m[0], -m[0]), reverse=True):
        if m[0] not in seen and m[1] - 1 not in seen:
            result.append(m)
            seen.update((i, m) for i in range(m[0], m[1]))
        elif crossing:
            owners = {seen[i] for i in range(m[0], m[1]) if i in seen}
            if all(o[2] != m[2] and (o[0] < m[0] < o[1] < m[1] or m[0] < o[0] < m[1] < o[1]) for o in owners):
                result.append(m)
                for i in range(m[0], m[1]):
                    seen.setdefault(i, m)
    result.sort(key=lambda m: m[0])
    return result


SPANS_KEY = "analyser.skill_spans"
"""``doc.user_data`` key of the list of skill spans the components share (see :func:`skill_spans`)."""


def set_skill_spans(doc: Doc, spans: list[Span]) -> None:
    """Write the skill spans (sorted by start token) to ``doc.spans["skills"]`` and keep the list."""
    doc.spans[SPAN_KEY] = spans
    doc.user_data[SPANS_KEY] = spans


def skill_spans(doc: Doc) -> list[Span]:
    """Return the Doc's skill spans sorted by start token.

    The components keep the Span objects they wrote (iterating ``doc.spans`` creates new
    Span objects on every pass); when ``doc.spans["skills"]`` was changed since, it is read
    again.
    """
    if SPAN_KEY not in doc.spans:
        return []
    group = doc.spans[SPAN_KEY]
    kept = doc.user_data.get(SPANS_KEY)
    if kept is not None and len(kept) == len(group):
        return kept
    return sorted(group, key=lambda span: span.start)
