"""Candidate generation for fuzzy entity linking: character 3-gram TF-IDF over the aliases.

The method is scispacy's ``CandidateGenerator`` (Neumann et al., 2019, "ScispaCy: Fast and
Robust Models for Biomedical Natural Language Processing"), which itself follows the
character n-gram TF-IDF of Mohan & Li's MedMentions linker: every alias becomes a TF-IDF
vector of its character 3-grams (scikit-learn's ``TfidfVectorizer(analyzer="char_wb")``), a
surface form is vectorised the same way, and the aliases with the highest cosine similarity
are the candidates. Deciding among them is the linker's job (:mod:`analyser.linking`), so
that generating candidates and deciding stay separate steps.
"""

from __future__ import annotations

from dataclasses import dataclass

CANDIDATES_K = 10
"""Candidates returned per surface form (scispacy's default k is 30 for a 3M-alias KB; our
few hundred long aliases need far fewer)."""
MIN_SIMILARITY = 0.25
"""Cosine similarity (0-1) below which an alias is no candidate at all."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """An alias that may be meant by a surface form.

    Attributes:
        alias: the alias text (lower case).
        similarity: cosine similarity of the character 3-gram TF-IDF vectors, 0-1.
    """

    alias: str
    similarity: float


class CandidateGenerator:
    """Nearest aliases of a surface form by character 3-gram TF-IDF cosine similarity.

    Args:
        aliases: the alias strings to search (lower case recommended).
        k: candidates per query.
        min_similarity: cosine similarity floor, 0-1.

    Raises:
        ValueError: ``aliases`` is empty.
    """

    def __init__(self, aliases: list[str], k: int = CANDIDATES_K, min_similarity: float = MIN_SIMILARITY) -> None:
        if not aliases:
            raise ValueError("candidate generation needs at least one alias")
        import numpy
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.aliases = list(aliases)
        self.k = k
        self.min_similarity = min_similarity
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3), lowercase=True, dtype=numpy.float32)
        self.matrix = self.vectorizer.fit_transform(self.aliases)  # rows are L2-normalised

    def __call__(self, query: str) -> list[Candidate]:
        """Return up to ``k`` candidates for ``query``, most similar first.

        Args:
            query: a surface form.

        Returns:
            A list of :class:`Candidate` with similarity >= ``min_similarity``.
        """
        import numpy

        vector = self.vectorizer.transform([query])
        sims = (self.matrix @ vector.T).toarray().ravel()
        if not sims.size:
            return []
        k = min(self.k, sims.size)
        top = numpy.argpartition(-sims, k - 1)[:k]
        top = top[numpy.argsort(-sims[top], kind="stable")]
        return [Candidate(self.aliases[i], float(sims[i])) for i in top if sims[i] >= self.min_similarity]
