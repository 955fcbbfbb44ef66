"""The library entry point: :class:`Analyser`.

One ``Analyser`` holds one taxonomy and one spaCy pipeline, built once and reused for every
document (building takes well under a second; see ``benchmarks/bench_extract.py``)::

    import analyser
    a = analyser.Analyser()                    # the bundled ML-engineer taxonomy
    profile = a.extract(jd_text)               # SkillProfile
    result = a.match(cv_text, jd_text)         # MatchResult, result.score in 0-100
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from .cues import CueRules
from .extraction import mentions_from_doc
from .doctext import doc_text
from .pipeline import build_pipeline
from .profile import SkillProfile, build_profile
from .scoring import MatchResult, match_profiles
from .sections import SectionRules
from .taxonomy import Taxonomy, load_taxonomy


class Analyser:
    """Extract skill profiles from texts and match CVs against postings.

    Args:
        taxonomy: ``None`` for the bundled taxonomy, a path to a TOML taxonomy
            (``taxonomy/README.md``), or a loaded :class:`~analyser.taxonomy.Taxonomy`.
        sections: path to a heading-rules TOML (``analyser/data/sections.toml``) or ``None``.
        cues: path to a cue-lists TOML (``analyser/data/cues.toml``) or ``None``.
        fuzzy: link misspelt aliases with rapidfuzz (default True).
        fuzzy_threshold: minimum ``fuzz.ratio`` (0-100) of a fuzzy link (default
            :data:`analyser.linking.FUZZY_THRESHOLD`, chosen on the gold dev split).

    Raises:
        TaxonomyError: the taxonomy file is missing or invalid.
        SectionRulesError, CueRulesError: a rules file is missing or invalid.
    """

    def __init__(
        self,
        taxonomy: Taxonomy | str | Path | None = None,
        *,
        sections: str | Path | None = None,
        cues: str | Path | None = None,
        fuzzy: bool = True,
        fuzzy_threshold: float | None = None,
    ) -> None:
        self.taxonomy: Taxonomy = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)
        self.section_rules = SectionRules.load(sections)
        self.cue_rules = CueRules.load(cues)
        self.nlp = build_pipeline(
            self.taxonomy, section_rules=self.section_rules, cue_rules=self.cue_rules, fuzzy=fuzzy
        )
        if fuzzy and fuzzy_threshold is not None:
            self.nlp.get_pipe("fuzzy_skill_linker").threshold = float(fuzzy_threshold)

    def _profile(self, doc, source: str) -> SkillProfile:
        mentions = mentions_from_doc(doc, self.taxonomy, self.cue_rules)
        return build_profile(mentions, source=source, text_length=len(doc_text(doc)), sections=doc._.sections or ())

    def extract(self, text: str, *, source: str = "<text>") -> SkillProfile:
        """Extract the skill profile of one text.

        Args:
            text: the document text (a posting or a CV).
            source: a name for the document, used in reports.

        Returns:
            A :class:`~analyser.profile.SkillProfile` whose mention offsets index ``text``.

        Raises:
            TypeError: ``text`` is not a str.
        """
        if not isinstance(text, str):
            raise TypeError(f"extract() needs a str, not {type(text).__name__}")
        return self._profile(self.nlp(text), source)

    def extract_many(
        self, texts: Iterable[str], *, sources: Iterable[str] | None = None, batch_size: int = 64
    ) -> Iterator[SkillProfile]:
        """Extract profiles of many texts with spaCy's ``nlp.pipe`` batching, in input order.

        Args:
            texts: document texts.
            sources: names, one per text (default ``"<text 0>"``, ``"<text 1>"``, ...).
            batch_size: texts per ``nlp.pipe`` batch.

        Yields:
            One :class:`~analyser.profile.SkillProfile` per text.
        """
        names = iter(sources) if sources is not None else None
        for i, doc in enumerate(self.nlp.pipe(texts, batch_size=batch_size)):
            yield self._profile(doc, next(names) if names is not None else f"<text {i}>")

    def extract_file(self, path: str | Path) -> SkillProfile:
        """Read a document (see :func:`analyser.documents.read_document`) and extract its profile.

        Raises:
            InputError: the file cannot be read (missing, empty, undecodable, ...).
        """
        from .documents import read_document

        document = read_document(path)
        return self.extract(document.text, source=document.source)

    def match(self, cv_text: str, jd_text: str, *, cv_source: str = "<cv>", jd_source: str = "<jd>") -> MatchResult:
        """Match a CV against a posting.

        Args:
            cv_text: the CV's text.
            jd_text: the posting's text.
            cv_source, jd_source: names used in reports.

        Returns:
            A :class:`~analyser.scoring.MatchResult` (``score`` 0-100).
        """
        cv = self.extract(cv_text, source=cv_source)
        jd = self.extract(jd_text, source=jd_source)
        return self.match_profiles(cv, jd)

    def match_profiles(self, cv: SkillProfile, jd: SkillProfile) -> MatchResult:
        """Match two profiles already extracted with this analyser (see :mod:`analyser.scoring`)."""
        return match_profiles(cv, jd, self.taxonomy)
