"""The spaCy pipeline: ``spacy.blank("en")`` plus the analyser's rule-based components.

Order of the components (each a plain class with a thin factory, as in spaCy's
``pipeline/factories.py``)::

    tokenizer            spaCy's English rules; NORM = lower-cased lemma (analyser.normalise)
    line_sentencizer     sentence boundaries at . ! ? ; and at line breaks (analyser.sentences)
    skill_matcher        aliases -> doc.spans["skills"]          (analyser.matcher)
    fuzzy_skill_linker   misspelt aliases -> doc.spans["skills"] (analyser.linking)
    skill_cues           negation and requirement cues per mention (analyser.cues)
    skill_sections       headings -> doc._.sections              (analyser.sections)

No model is downloaded: the only data are the taxonomy, the cue and heading lists shipped
with the package, and the English lemma table of ``spacy-lookups-data``.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .cues import CueDetector, CueRules
from .linking import FuzzyLinker
from .matcher import SkillMatcher, ensure_extensions
from .normalise import install_norms
from .sections import SectionRules, detect_sections
from .doctext import TextKeepingTokenizer, doc_text
from .sentences import LineSentencizer
from .taxonomy import Taxonomy

EDGE_HYPHENS = [r"-+"]
"""Extra prefix and suffix rule of the tokenizer: leading and trailing hyphens split off."""

EDGE_SLASHES = [r"/"]
"""Extra prefix and suffix rule: a slash at a token's edge splits off ("R/ Python",
"business intelligence/ data visualization", "Hadoop /Spark"; about 30 non-test corpus
postings). A slash inside a word stays an infix ("A/B", "CI/CD")."""

BULLET_PREFIXES = [r"[•·▪●◦‣⁃∙■□➢➤►✓✔]"]
"""Extra prefix rule: a bullet glued to the first word of a list item splits off
("•Machine learning", "•Programming experience"; 284 non-test corpus hits). spaCy's English
prefixes do not include these symbols."""

MOJIBAKE_SPACES = [r"Â"]
"""A no-break space decoded as Latin-1 leaves "Â" between words ("Understanding ofÂDeep
Learning", "complexÂdataÂinto"; 5 corpus postings): it splits tokens like a space (prefix,
suffix and infix rule) so that the words around it are matched."""

SYMBOL_SLASH_INFIXES = [r"(?<=[+#])/", r"/(?=\.[A-Za-z])", r"(?<=[A-Za-z])#(?=/)"]
"""Extra infix rules: a slash after "+" or "#" or before ".NET", and "#" before a slash, split
("C++/C#" -> C++ / C #, "C#/.NET" -> C # / .NET). spaCy's default infixes split a slash only
between letters, so these pairs stayed one token and hid C++, C# and .NET (seen in about 7
postings of the corpus)."""

GLUED_PARENTHESIS_INFIXES = [r"(?<=[a-z]{2})\((?=[A-Z])"]
"""Extra infix rule: an opening parenthesis glued between a lower-case word and a capital
splits ("technologies(Spark, Hive)", "Excel(VBA)", "AI(Machine Learning"; about 6 corpus
postings), so the first item of the list is its own token. Lower-case insides such as
"language(s)" or "madhavi(at)" stay one token."""


class SectionTagger:
    """Run :func:`analyser.sections.detect_sections` and store the result in ``doc._.sections``.

    Args:
        rules: heading rules; default the bundled ``data/sections.toml``.
    """

    def __init__(self, rules: SectionRules | None = None) -> None:
        ensure_extensions()
        self.rules = rules or SectionRules.load()

    def __call__(self, doc: Doc) -> Doc:
        doc._.sections = detect_sections(doc_text(doc), self.rules)
        return doc


# Thin factories (spaCy's pipeline/factories.py convention). Components that need a taxonomy
# are created empty and filled by build_pipeline, as SpanRuler is filled by add_patterns:
# a Taxonomy object is no JSON-serialisable config value.


@Language.factory("line_sentencizer")
def make_line_sentencizer(nlp: Language, name: str) -> LineSentencizer:
    """Factory of :class:`LineSentencizer`."""
    return LineSentencizer(nlp)


@Language.factory("skill_matcher")
def make_skill_matcher(nlp: Language, name: str) -> SkillMatcher:
    """Factory of :class:`analyser.matcher.SkillMatcher` (call ``set_taxonomy`` next)."""
    return SkillMatcher(nlp)


@Language.factory("fuzzy_skill_linker")
def make_fuzzy_linker(nlp: Language, name: str) -> FuzzyLinker:
    """Factory of :class:`analyser.linking.FuzzyLinker` (call ``set_taxonomy`` next)."""
    return FuzzyLinker(nlp)


@Language.factory("skill_cues")
def make_cue_detector(nlp: Language, name: str) -> CueDetector:
    """Factory of :class:`analyser.cues.CueDetector` with the bundled cue lists."""
    return CueDetector(nlp)


@Language.factory("skill_sections")
def make_section_tagger(nlp: Language, name: str) -> SectionTagger:
    """Factory of :class:`SectionTagger` with the bundled heading rules."""
    return SectionTagger()


def build_pipeline(
    taxonomy: Taxonomy,
    *,
    section_rules: SectionRules | None = None,
    cue_rules: CueRules | None = None,
    fuzzy: bool = True,
) -> Language:
    """Build the analyser's spaCy pipeline for one taxonomy.

    Args:
        taxonomy: the validated taxonomy whose aliases are matched.
        section_rules: heading rules; default the bundled ``data/sections.toml``.
        cue_rules: cue lists; default the bundled ``data/cues.toml``.
        fuzzy: add the fuzzy linker (True by default).

    Returns:
        A ``spacy.language.Language``; ``nlp(text)`` gives a Doc with ``doc.spans["skills"]``
        and ``doc._.sections``. Building takes well under a second (figures in
        ``benchmarks/README.md``).
    """
    nlp = spacy.blank("en")
    install_norms(nlp.vocab)
    # a hyphen or slash at a token's edge is punctuation: "Python- Experience" (CV skill
    # tables), "-Python" (bullets), "R/ Python"; inside words they stay infixes
    # ("object-oriented", "A/B"); bullets glued to a word split off ("•Machine learning")
    nlp.tokenizer.prefix_search = spacy.util.compile_prefix_regex(list(nlp.Defaults.prefixes) + EDGE_HYPHENS + EDGE_SLASHES + BULLET_PREFIXES + MOJIBAKE_SPACES).search
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(list(nlp.Defaults.suffixes) + EDGE_HYPHENS + EDGE_SLASHES + MOJIBAKE_SPACES).search
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(
        list(nlp.Defaults.infixes) + SYMBOL_SLASH_INFIXES + GLUED_PARENTHESIS_INFIXES + MOJIBAKE_SPACES
    ).finditer
    nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
    nlp.add_pipe("line_sentencizer")
    nlp.add_pipe("skill_matcher").set_taxonomy(taxonomy)
    if fuzzy:
        nlp.add_pipe("fuzzy_skill_linker").set_taxonomy(taxonomy)
    cues = nlp.add_pipe("skill_cues")
    if cue_rules is not None:
        cues.set_rules(cue_rules)
    sections = nlp.add_pipe("skill_sections")
    if section_rules is not None:
        sections.rules = section_rules
    return nlp
