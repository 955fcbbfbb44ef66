"""Requirement and negation cues around skill mentions (NegEx-style).

:class:`CueDetector` is a spaCy pipeline component (factory ``"skill_cues"``) that runs after
the matchers. It finds the cue phrases of ``data/cues.toml`` (replaceable) with one
``PhraseMatcher(attr="LOWER")``, as negspacy does, and for every skill mention sets:

* ``span._.negated`` -- True when a negation cue governs the mention. The algorithm is NegEx
  (Chapman et al., 2001, J. Biomed. Inform. 34(5):301-310): a *preceding* cue negates a
  mention that follows it, a *following* cue one that precedes it, within
  ``scope_tokens`` tokens in the same sentence, unless a *termination* cue stands between;
  *pseudo* cues ("not only") are not negations.
* ``span._.requirement_cue`` -- ``"required"``, ``"preferred"``, ``"hedge"`` or ``None``: the
  nearest requirement cue in the same sentence ("Kafka is a plus" -> preferred; "must have
  Python" -> required; "familiarity with Spark" -> hedge). A hedge right after an intensifier
  ("strong knowledge of", "deep understanding of") is a demand, not a hedge: it counts as
  ``"required"``. Where there is no cue, the section decides (see :mod:`analyser.extraction`).

:class:`CueRules` also holds the line cues that mark company boilerplate (EEO text, benefits).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .errors import AnalyserError
from .matcher import MentionAttrs, ensure_extensions, mention_attrs, skill_spans
from .sections import _load_toml
from .sentences import sentence_bounds

_BULLET_RE = re.compile(r"^[\s\-–—•·●▪◦‣*+>#]*(?:\d{1,2}[.)]\s+)?")
_YEARS_RE = re.compile(r"^(?:minimum of |at least )?\d+\s*(?:\+|-\s*\d+)?\s*(?:\+\s*)?(?:years|yrs)\b")

class CueRulesError(AnalyserError, ValueError):
    """A cue file is missing, not TOML, or lacks a required list."""


@dataclass(frozen=True, slots=True)
class CueRules:
    """Cue phrase lists (lower case), loaded from TOML (see ``data/cues.toml``).

    Attributes:
        preferred, required: requirement cues.
        preferred_before: preferred cues that apply only to mentions after them ("preferably").
        hedge: weak preferred cues ("familiarity with"), which do not override a required section.
        hedge_intensifiers: words that, among the two tokens before a hedge, make it a required
            cue ("strong practical knowledge of", "deep understanding of").
        neg_pre, neg_follow, pseudo, termination: NegEx cue lists.
        boilerplate_lines: phrases that mark a line as company boilerplate.
        qualification_line_starts: first words of a line that states a qualification
            ("Experience with", "Bachelor's degree"); see :meth:`is_qualification_line`.
        scope_tokens: the longest distance, in tokens, between a negation cue and a mention.
        role_nouns: plural role nouns; a mention ending in one names other people
            ("data scientists"), see :meth:`experiencer`.
        hiring_cues, hiring_window: phrases that, within ``hiring_window`` tokens before such
            a mention, make it the candidate's after all ("looking for Data Scientists").
    """

    preferred: tuple[str, ...]
    required: tuple[str, ...]
    hedge: tuple[str, ...]
    neg_pre: tuple[str, ...]
    neg_follow: tuple[str, ...]
    pseudo: tuple[str, ...]
    termination: tuple[str, ...]
    boilerplate_lines: tuple[str, ...]
    scope_tokens: int = 6
    qualification_line_starts: tuple[str, ...] = ()
    preferred_before: tuple[str, ...] = ()
    hedge_intensifiers: frozenset[str] = frozenset()
    role_nouns: frozenset[str] = frozenset()
    hiring_cues: tuple[str, ...] = ()
    hiring_window: int = 6

    @classmethod
    def load(cls, path: str | Path | None = None) -> "CueRules":
        """Load cue lists from ``path`` (``None``: the bundled ``data/cues.toml``).

        Raises:
            CueRulesError: missing file, invalid TOML, or a list that is not a list of strings.
        """
        data = _load_toml(path, "cues.toml", CueRulesError)
        where = str(path or "cues.toml")

        def strings(table: str, key: str) -> tuple[str, ...]:
            value = data.get(table, {}).get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise CueRulesError(f"{where}: [{table}].{key} must be a list of strings")
            return tuple(v.lower() for v in value)

        return cls(
            preferred=strings("requirement", "preferred"),
            required=strings("requirement", "required"),
            hedge=strings("requirement", "hedge"),
            neg_pre=strings("negation", "preceding"),
            neg_follow=strings("negation", "following"),
            pseudo=strings("negation", "pseudo"),
            termination=strings("negation", "termination"),
            boilerplate_lines=strings("boilerplate", "line_cues"),
            scope_tokens=int(data.get("scope_tokens", 6)),
            qualification_line_starts=strings("requirement", "qualification_line_starts"),
            hedge_intensifiers=frozenset(strings("requirement", "hedge_intensifiers")),
            preferred_before=strings("requirement", "preferred_before"),
            role_nouns=frozenset(strings("experiencer", "role_nouns")),
            hiring_cues=strings("experiencer", "hiring_cues"),
            hiring_window=int(data.get("experiencer", {}).get("hiring_window", 6)),
        )

    def experiencer(self, last_word: str, before: str) -> str:
        """ConText's experiencer of a mention: ``"other"`` when its last word is a plural role
        noun ("collaborate with data scientists") and no hiring cue stands in ``before``,
        else ``"candidate"``.

        The experiencer attribute and its idea come from ConText (Harkema et al., 2009,
        J. Biomed. Inform. 42(5):839-851); the word lists are ``[experiencer]`` of
        ``data/cues.toml``.

        Args:
            last_word: the mention's last word, lower-cased.
            before: the text of the tokens before the mention (``hiring_window`` of them), lower-cased.

        Returns:
            ``"candidate"`` or ``"other"``. Raises nothing.
        """
        if last_word not in self.role_nouns:
            return "candidate"
        return "candidate" if any(cue in before for cue in self.hiring_cues) else "other"

    def is_qualification_line(self, line: str) -> bool:
        """True when a line begins like a stated qualification.

        Args:
            line: one line of text (bullet marks are skipped).

        Returns:
            True for "Experience with Spark", "- 3+ years of Python", "Bachelor's degree in
            Statistics" (a number of years, or a phrase of ``qualification_line_starts``).
        """
        text = _BULLET_RE.sub("", line).lower().replace("’", "'")
        if _YEARS_RE.match(text):
            return True
        return any(text.startswith(start) and not text[len(start) : len(start) + 1].isalnum()
                   for start in self.qualification_line_starts)


class CueDetector:
    """Set ``span._.negated`` and ``span._.requirement_cue`` on skill mentions.

    Args:
        nlp: the pipeline (for the vocab and tokenizer).
        rules: the cue lists; default the bundled ``data/cues.toml``.
    """

    def __init__(self, nlp: Language, rules: CueRules | None = None) -> None:
        ensure_extensions()
        self.nlp = nlp
        self.set_rules(rules or CueRules.load())

    def set_rules(self, rules: CueRules) -> None:
        """Replace the cue lists."""
        nlp = self.nlp
        self.rules = rules
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        lists = {
            "preferred": rules.preferred,
            "preferred_before": rules.preferred_before,
            "required": rules.required,
            "hedge": rules.hedge,
            "neg_pre": rules.neg_pre,
            "neg_follow": rules.neg_follow,
            "pseudo": rules.pseudo,
            "termination": rules.termination,
        }
        for label, phrases in lists.items():
            if phrases:
                self.matcher.add(label, list(nlp.tokenizer.pipe(phrases)))

    def __call__(self, doc: Doc) -> Doc:
        mentions = skill_spans(doc)
        if not mentions:
            return doc
        strings = doc.vocab.strings
        cues = [(strings[m], s, e) for m, s, e in self.matcher(doc)]
        if not cues:
            return doc
        pseudo = [(s, e) for label, s, e in cues if label == "pseudo"]
        # a cue inside a pseudo cue ("not" in "not only") is no cue; prefer longer cues of one label
        cues = [c for c in cues if c[0] == "pseudo" or not any(ps <= c[1] and c[2] <= pe for ps, pe in pseudo)]
        intensifiers = self.rules.hedge_intensifiers
        if intensifiers:
            cues = [
                ("required", s, e)
                if label == "hedge" and any(doc[i].lower_ in intensifiers for i in range(max(s - 2, 0), s))
                else (label, s, e)
                for label, s, e in cues
            ]
        terminations = [s for label, s, _ in cues if label == "termination"]
        scope = self.rules.scope_tokens
        attrs = mention_attrs(doc)
        for span in mentions:
            lo, hi = sentence_bounds(doc, span.start, span.end)
            local = [c for c in cues if lo <= c[1] and c[2] <= hi]
            if not local:
                continue
            entry = attrs.setdefault((span.start, span.end), MentionAttrs())
            entry.negated = self._negated(span, local, terminations, scope)
            entry.requirement_cue = self._requirement(span, local)
        return doc

    @staticmethod
    def _negated(span, cues, terminations, scope) -> bool:
        for label, start, end in cues:
            if label == "neg_pre" and end <= span.start and span.start - end <= scope:
                if not any(end <= t < span.start for t in terminations):
                    return True
            elif label == "neg_follow" and start >= span.end and start - span.end <= scope:
                if not any(span.end <= t < start for t in terminations):
                    return True
        return False

    @staticmethod
    def _requirement(span, cues) -> str | None:
        """The nearest explicit cue (preferred, required) of the sentence; a hedge only where
        there is none: in "Familiarity with A/B testing is also helpful" and "Knowledge of SQL
        preferred" the hedge stands nearer, but the explicit cue says what is meant."""
        best: tuple[int, int, int, str] | None = None
        for label, start, end in cues:
            if label == "preferred_before" and end <= span.start:
                label = "preferred"
            elif label == "hedge" and end > span.start:
                continue  # a hedge governs what follows it ("familiarity with Spark")
            if label not in ("preferred", "required", "hedge") or (start < span.end and end > span.start):
                continue
            distance = span.start - end if end <= span.start else start - span.end
            # explicit cues first; then the nearest; ties go to the weaker claim: preferred, then required
            key = (label == "hedge", distance, label != "preferred", label)
            if best is None or key < best:
                best = key
        return best[3] if best else None
