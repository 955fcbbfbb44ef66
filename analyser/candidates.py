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
        self._analyze = self.vectorizer.build_analyzer()
        self._vocabulary: dict[str, int] = dict(self.vectorizer.vocabulary_)
        self._idf: list[float] = self.vectorizer.idf_.tolist()

    def __call__(self, query: str) -> list[Candidate]:
        """Return up to ``k`` candidates for ``query``, most similar first.

        Args:
            query: a surface form.

        Returns:
            A list of :class:`Candidate` with similarity >= ``min_similarity``.
        """
        return self.many([query])[0]

    def _vectorize(self, queries: list[str]):
        """TF-IDF rows of the queries, the same as ``vectorizer.transform`` gives.

        Built from the fitted vocabulary and IDF weights directly: ``transform`` spent about
        1 ms per call on input validation (cProfile on 442 real postings), more than the
        rest of the linker together.
        """
        import numpy
        from scipy.sparse import csr_matrix

        rows, cols, vals = [], [], []
        for row, query in enumerate(queries):
            counts: dict[int, int] = {}
            for gram in self._analyze(query):
                col = self._vocabulary.get(gram)
                if col is not None:
                    counts[col] = counts.get(col, 0) + 1
            if not counts:
                continue
            weights = {col: n * self._idf[col] for col, n in counts.items()}
            norm = sum(w * w for w in weights.values()) ** 0.5
            for col, weight in weights.items():
                rows.append(row)
                cols.append(col)
                vals.append(weight / norm)
        return csr_matrix((numpy.array(vals, dtype=numpy.float32), (rows, cols)), shape=(len(queries), len(self._idf)))

    def many(self, queries: list[str]) -> list[list[Candidate]]:
        """Candidates for several surface forms with one vectoriser call (one per Doc).

        scikit-learn's ``transform`` spends most of a single-query call validating its input,
        so the linker sends all the windows of a document at once.

        Args:
            queries: surface forms.

        Returns:
            One list of :class:`Candidate` per query, in order, as :meth:`__call__` gives.
        """
        import numpy

        if not queries:
            return []
        sims = (self.matrix @ self._vectorize(queries).T).toarray()  # aliases x queries
        k = min(self.k, sims.shape[0])
        # the k best aliases of every query at once, best first; ties keep alias order
        top = numpy.argpartition(-sims, k - 1, axis=0)[:k]
        top_sims = numpy.take_along_axis(sims, top, axis=0)
        order = numpy.argsort(-top_sims, axis=0, kind="stable")
        top = numpy.take_along_axis(top, order, axis=0).T.tolist()
        top_sims = numpy.take_along_axis(top_sims, order, axis=0).T.tolist()
        floor = self.min_similarity
        aliases = self.aliases
        return [
            [Candidate(aliases[i], sim) for i, sim in zip(ids, row_sims) if sim >= floor]
            for ids, row_sims in zip(top, top_sims)
        ]
