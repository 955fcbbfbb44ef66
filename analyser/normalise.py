"""Surface-form normalisation: token norms and alias variants.

Two halves of one rule, so that an alias and a mention of it meet on the same form:

* :class:`LemmaNormaliser` gives every *lexeme* a norm: lower case, then the English lemma
  lookup table of ``spacy-lookups-data`` ("networks" -> "network", "structures" -> "structure").
  It is installed as the vocabulary's ``NORM`` getter, so it runs once per distinct word, not
  once per token: spaCy caches lexeme attributes in the vocabulary. This replaces a
  per-token lookup lemmatizer, which measured 2.5x slower than the tokenizer-plus-matcher
  path on the real postings and keeps case ("Python" -> "Python"; ``shared/MEASURED.md``).
* :func:`alias_variants` expands an alias into the spellings text uses for it: hyphen and
  space variants ("object-oriented" / "object oriented") and CamelCase splits ("TensorFlow"
  -> "Tensor Flow").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")


@lru_cache(maxsize=1)
def _lemma_table():
    """Return the English lemma lookup table of ``spacy-lookups-data`` (a ``spacy.lookups.Table``).

    The table is keyed by string hashes: ``table.get(word)`` and ``word in table`` hash for us.
    """
    from spacy.lookups import load_lookups

    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


KNOWN_WORD_MIN_LOG_PROB = -17.0
"""A word with at least this unigram log probability in ``spacy-lookups-data``'s
``en_lexeme_prob`` table counts as an ordinary English word. The table's values run from
about -3.5 ("the") to -19.5; misspellings seen in the real postings sit below -17
("probabilty" -17.7, "algoritms" -19.3) or are absent ("hyperparamter"), while rare real
words that the fuzzy linker must leave alone sit above it ("informatics" -16.3,
"observational" -14.3, "qualitative" -14.2)."""


@lru_cache(maxsize=1)
def _frequent_words() -> frozenset[str]:
    """Lower-case words of ``en_lexeme_prob`` at or above :data:`KNOWN_WORD_MIN_LOG_PROB`.

    Loaded on first use only, so building a pipeline stays fast. The table is a 30 MB JSON
    object of a million words; ``srsly.json_loads`` (ujson, shipped with spaCy) parses it in
    about half the time of the standard library's ``json`` (0.48 s against 0.91 s here), and
    every worker process of ``analyser batch`` pays this once.
    """
    import gzip
    from importlib.resources import files

    import srsly

    path = files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
    with path.open("rb") as raw:
        probs = srsly.json_loads(gzip.decompress(raw.read()))
    return frozenset(w for w, p in probs.items() if p >= KNOWN_WORD_MIN_LOG_PROB and w.islower())


class KnownWords:
    """Membership test for ordinary English words: ``word in KnownWords()``.

    A word is known when the lemma lookup table of ``spacy-lookups-data`` has it as an
    inflected form or as a lemma, when it is one of spaCy's English stop words, or when its
    unigram log probability is at least :data:`KNOWN_WORD_MIN_LOG_PROB`. The fuzzy linker
    uses this to tell a misspelling (an unknown word) from an ordinary word. Compare
    lower-case strings.
    """

    def __init__(self) -> None:
        from spacy.lang.en.stop_words import STOP_WORDS

        self.table = _lemma_table()
        self.lemmas = frozenset(self.table.values()) | frozenset(STOP_WORDS)

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        return word in self.lemmas or word in self.table or word in _frequent_words()


KEEP_AS_WRITTEN = frozenset({
    "engineering", "programming", "modeling", "modelling", "forecasting", "computing",
    "processing", "mining", "learning", "streaming", "scraping", "bagging", "boosting",
    "cleaning", "clustering", "ai", "aws", "data",
})
"""Words the lemma table would fold onto a different skill or a job title: "engineering" ->
"engineer" made the alias "software engineering" match the title "Software Engineer";
"modeling" -> "model" made "data modeling" match "data models"; "forecasting" ->
"forecast" made it match "revenue forecasts"; "ai" -> "have" and "aws" -> "aw" are table
quirks. Found on the real postings of ``shared/corpus`` (taxonomy review, 2026-11)."""


_ACRONYM_PLURAL_RE = re.compile(r"[A-Z][A-Z0-9]+s")
"""An upper-case acronym with a plural "s" ("ETLs", "APIs", "GPUs"); not "AWS", "SaaS"."""


class LemmaNormaliser:
    """The ``NORM`` lexeme getter: lower case, then the lemma lookup table.

    Words in :data:`KEEP_AS_WRITTEN` are only lower-cased. Call it with a token string; it
    returns the norm string. Instances are picklable (they hold only the table).
    """

    def __init__(self) -> None:
        self.table = _lemma_table()

    def __call__(self, text: str) -> str:
        lower = text.lower()
        if lower in KEEP_AS_WRITTEN:
            return lower
        if _ACRONYM_PLURAL_RE.fullmatch(text):  # "ETLs", "APIs", "DBMSs": the table has few of them
            return lower[:-1]
        return self.table.get(lower, lower)


def install_norms(vocab, normaliser: Callable[[str], str] | None = None) -> None:
    """Make ``normaliser`` the NORM getter of ``vocab`` and re-norm the lexemes it holds.

    Args:
        vocab: a ``spacy.vocab.Vocab`` (changed in place).
        normaliser: str -> str; default :class:`LemmaNormaliser`.
    """
    from spacy.attrs import NORM

    normaliser = normaliser or LemmaNormaliser()
    vocab.lex_attr_getters[NORM] = normaliser
    for lexeme in vocab:
        lexeme.norm_ = normaliser(lexeme.orth_)


MAX_HYPHEN_JOINED_WORDS = 3
"""Aliases of up to this many words also match with hyphens between their words."""


def alias_variants(alias: str) -> list[str]:
    """Return the spellings of an alias that text uses, the alias first, without duplicates.

    Variants: hyphens as spaces ("object-oriented" -> "object oriented"), hyphens removed
    ("e-commerce" -> "ecommerce"), CamelCase split ("TensorFlow" -> "Tensor Flow",
    "PyTorch" -> "Py Torch"), CamelCase split with hyphens ("Tensor-Flow"), the other
    number of a lower-case last word ("word embeddings" -> "word embedding"), and spaces as
    hyphens for aliases of up to :data:`MAX_HYPHEN_JOINED_WORDS` alphabetic words ("data
    cleaning" -> "data-cleaning"). Case and other inflection are left to the token norms.

    Args:
        alias: an ordinary (case-insensitive) alias.

    Returns:
        A list of distinct strings (at most 32).
    """
    out: list[str] = []

    def add(s: str) -> None:
        s = " ".join(s.split())
        if s and s not in out:
            out.append(s)

    add(alias)
    if "-" in alias:
        add(alias.replace("-", " "))
        add(alias.replace("-", ""))
    words = alias.split()
    split_words = [_CAMEL_RE.sub(" ", w) if _is_camel(w) else w for w in words]
    camel = " ".join(split_words)
    if camel != alias:
        add(camel)
        add(" ".join(w.replace(" ", "-") for w in split_words))
    # number of the last word: the lemma table is not consistent for every noun
    # ("embeddings" -> "embedding" but "embedding" -> "embed"), so both numbers are patterns
    for form in list(out):
        last = form.rsplit(" ", 1)[-1]
        if len(last) > 3 and last.isalpha() and last.islower():
            if last.endswith("s") and not last.endswith(("ss", "us", "is")):
                add(form[:-1])
            elif not last.endswith("s"):
                add(form + "s")
    # words joined by hyphens in text ("data-cleaning", "natural-language processing"): the
    # tokenizer splits them into word, "-", word, so each joint is its own pattern
    for form in list(out):
        words = form.split(" ")
        if 2 <= len(words) <= MAX_HYPHEN_JOINED_WORDS and all(w.isalpha() for w in words):
            for mask in range(1, 2 ** (len(words) - 1)):
                joined = words[0]
                for k, word in enumerate(words[1:]):
                    joined += ("-" if mask >> k & 1 else " ") + word
                add(joined)
    return out


def _is_camel(word: str) -> bool:
    """True for mixed-case words such as TensorFlow or PyTorch, not for acronyms (SQL, MLOps)."""
    return bool(_CAMEL_RE.search(word)) and sum(c.isupper() for c in word) < len(word) - 2 and word[:1].isupper()
