"""Evaluation of skill extraction against the hand-annotated gold set (``eval/gold/*.jsonl``).

The gold format and the annotation rules are in ``eval/GUIDELINES.md``. A gold file holds
document references into ``../shared/corpus`` and our labels (character offsets, skill ids,
requirement levels, groups), never the text; :func:`analyser.corpus.corpus_text` reads the
text, and ``text_sha1`` proves it is the text that was annotated.

Metrics (precision, recall, F1 as in scikit-learn's ``precision_recall_fscore_support``):

* **span level**: a predicted mention is correct when a gold mention has the same skill id
  and the same offsets (*strict*), or the same skill id and overlapping offsets (*lenient*);
* **document level**: per document, the set of skill ids mentioned (any requirement level),
  and the set of skills *demanded* (gold requirement required / preferred / other; predicted
  weight > 0); micro (pooled over documents) and macro (mean over skills) averages, and
  micro averages per taxonomy category;
* **requirement level**: over skills demanded in both gold and prediction, the share whose
  level agrees (required / preferred / other, the strongest mention per document), with a
  confusion table;
* **groups of alternatives**: a predicted group is right when a gold group of the same
  posting has exactly the same skills.

:func:`evaluate` returns an :class:`EvaluationReport` with the figures and the false
positives and false negatives in their context, so that errors can be read.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .corpus import DEFAULT_CORPUS, CorpusRef, corpus_text
from .errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from .analyser import Analyser

REQUIREMENTS = ("required", "preferred", "other", "not_demanded")
"""Gold requirement labels (``eval/GUIDELINES.md``)."""
_STRENGTH = {"required": 3, "other": 2, "preferred": 1, "not_demanded": 0}
"""Document-level requirement of a skill: its strongest mention (the order of the demand weights)."""


class GoldError(InputError):
    """A gold file is missing, malformed, or points at text that has changed."""


@dataclass(frozen=True, slots=True)
class GoldMention:
    """One annotated mention: offsets, skill id, requirement level, alternatives group."""

    start: int
    end: int
    skill_id: str
    requirement: str
    group: str | None = None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One annotated document.

    Attributes:
        ref: where the text is in the corpus.
        kind: ``"posting"`` or ``"cv"``.
        split: ``"dev"`` or ``"test"``.
        text_sha1: SHA-1 of the UTF-8 text that was annotated.
        mentions: the gold mentions.
        source: the gold file and line it came from (for messages).
    """

    ref: CorpusRef
    kind: str
    split: str
    text_sha1: str
    mentions: tuple[GoldMention, ...]
    source: str = ""


def load_gold(paths: Iterable[str | Path]) -> list[GoldDocument]:
    """Read gold JSONL files (one document per line) or folders of them.

    Args:
        paths: files, or folders whose ``*.jsonl`` files are read (sorted by name).

    Returns:
        The documents, in file and line order.

    Raises:
        GoldError: a path is missing, a line is not JSON, or a field is missing or invalid.
    """
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(path.glob("*.jsonl")))
        elif path.is_file():
            files.append(path)
        else:
            raise GoldError(str(path), "no such gold file or folder")
    if not files:
        raise GoldError(", ".join(map(str, paths)), "no gold files (*.jsonl) found")
    docs = []
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{file}:{number}"
            try:
                raw = json.loads(line)
                mentions = tuple(
                    GoldMention(int(m["start"]), int(m["end"]), str(m["skill_id"]), str(m["requirement"]), m.get("group"))
                    for m in raw["mentions"]
                )
                doc = GoldDocument(
                    ref=CorpusRef(raw["doc"]["file"], raw["doc"].get("row")),
                    kind=raw["kind"],
                    split=raw["split"],
                    text_sha1=raw["text_sha1"],
                    mentions=mentions,
                    source=where,
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise GoldError(where, f"not a valid gold line ({type(exc).__name__}: {exc})") from None
            bad = [m.requirement for m in mentions if m.requirement not in REQUIREMENTS]
            if bad or doc.split not in ("dev", "test") or doc.kind not in ("posting", "cv"):
                raise GoldError(where, f"invalid requirement, split or kind: {bad or (doc.split, doc.kind)}")
            docs.append(doc)
    return docs


@dataclass(frozen=True, slots=True)
class Scores:
    """Precision, recall and F1 (each 0-1) with the counts behind them."""

    precision: float
    recall: float
    f1: float
    support: int  # gold items
    predicted: int

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (figures rounded to 4 decimals)."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.support,
            "predicted": self.predicted,
        }


@dataclass(frozen=True, slots=True)
class ErrorCase:
    """A false positive or false negative, with context for reading."""

    kind: str  # "fp" or "fn"
    doc_id: str
    skill_id: str
    text: str
    start: int
    end: int
    context: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "kind": self.kind,
            "doc": self.doc_id,
            "skill_id": self.skill_id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "context": self.context,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """The figures of one evaluation run (see the module docstring).

    Attributes:
        documents: number of documents evaluated, by kind.
        span_strict, span_lenient: span-level scores.
        doc_micro, doc_macro: document-level scores over the skills mentioned.
        demanded_micro: document-level micro scores over demanded skills (postings only).
        by_kind: document-level micro scores per document kind.
        by_category: document-level micro scores per taxonomy category.
        requirement_accuracy: share (0-1) of jointly demanded skills whose level agrees, or
            ``None`` when there are none.
        requirement_confusion: ``{gold level: {predicted level: count}}``.
        groups: requirement groups of alternatives: a predicted group is correct when a gold
            group of the same document has the same set of skill ids (postings only).
        errors: span-level false positives and false negatives (lenient), in document order.
    """

    documents: dict[str, int]
    span_strict: Scores
    span_lenient: Scores
    doc_micro: Scores
    doc_macro: Scores
    demanded_micro: Scores
    by_kind: dict[str, Scores]
    by_category: dict[str, Scores]
    requirement_accuracy: float | None
    requirement_confusion: dict[str, dict[str, int]]
    groups: Scores = Scores(0.0, 0.0, 0.0, 0, 0)
    errors: tuple[ErrorCase, ...] = field(default=())

    def to_dict(self, *, max_errors: int | None = None) -> dict[str, Any]:
        """Return a JSON-ready dict; ``max_errors`` caps the error list (None: all)."""
        errors = self.errors if max_errors is None else self.errors[:max_errors]
        return {
            "documents": self.documents,
            "span": {"strict": self.span_strict.to_dict(), "lenient": self.span_lenient.to_dict()},
            "document": {
                "micro": self.doc_micro.to_dict(),
                "macro": self.doc_macro.to_dict(),
                "demanded_micro": self.demanded_micro.to_dict(),
                "by_kind": {k: v.to_dict() for k, v in self.by_kind.items()},
                "by_category": {k: v.to_dict() for k, v in self.by_category.items()},
            },
            "requirement": {
                "accuracy": None if self.requirement_accuracy is None else round(self.requirement_accuracy, 4),
                "confusion": self.requirement_confusion,
            },
            "groups": self.groups.to_dict(),
            "errors": [e.to_dict() for e in errors],
        }


def _binary_scores(y_true: list[int], y_pred: list[int]) -> Scores:
    from sklearn.metrics import precision_recall_fscore_support

    if not y_true:
        return Scores(0.0, 0.0, 0.0, 0, 0)
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average="binary", zero_division=0)
    return Scores(float(p), float(r), float(f), int(sum(y_true)), int(sum(y_pred)))


def _set_scores(pairs: list[tuple[set[str], set[str]]], average: str = "micro") -> Scores:
    """Multi-label scores over documents: ``pairs`` of (gold set, predicted set)."""
    from sklearn.metrics import precision_recall_fscore_support
    from sklearn.preprocessing import MultiLabelBinarizer

    labels = sorted(set().union(*(g | p for g, p in pairs))) if pairs else []
    if not labels:
        return Scores(0.0, 0.0, 0.0, 0, 0)
    binarizer = MultiLabelBinarizer(classes=labels)
    y_true = binarizer.fit_transform([g for g, _ in pairs])
    y_pred = binarizer.transform([p for _, p in pairs])
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average=average, zero_division=0)
    return Scores(float(p), float(r), float(f), int(y_true.sum()), int(y_pred.sum()))


def _context(text: str, start: int, end: int, width: int = 50) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"{left}[{text[start:end]}]{right}"


def evaluate(
    analyser: "Analyser",
    gold: list[GoldDocument],
    *,
    split: str | None = None,
    corpus: str | Path = DEFAULT_CORPUS,
    text_of: Callable[[CorpusRef], str] | None = None,
) -> EvaluationReport:
    """Run the analyser on the gold documents and score it.

    Args:
        analyser: the analyser to evaluate (its taxonomy must hold the gold skill ids).
        gold: documents from :func:`load_gold`.
        split: ``"dev"``, ``"test"`` or ``None`` for both.
        corpus: the corpus folder.
        text_of: reads a document's text (default :func:`analyser.corpus.corpus_text` on
            ``corpus``); tests pass their own.

    Returns:
        An :class:`EvaluationReport`.

    Raises:
        GoldError: a gold document's text changed (SHA-1 mismatch) or is missing from the corpus.
    """
    docs = [d for d in gold if split is None or d.split == split]
    taxonomy = analyser.taxonomy
    strict_true: list[int] = []
    strict_pred: list[int] = []
    lenient_true: list[int] = []
    lenient_pred: list[int] = []
    doc_pairs: list[tuple[set[str], set[str]]] = []
    demanded_pairs: list[tuple[set[str], set[str]]] = []
    kind_pairs: dict[str, list[tuple[set[str], set[str]]]] = {}
    confusion: dict[str, Counter] = {}
    group_true: list[int] = []
    group_pred: list[int] = []
    errors: list[ErrorCase] = []
    for doc in docs:
        try:
            text = text_of(doc.ref) if text_of is not None else corpus_text(doc.ref, corpus)
        except (FileNotFoundError, KeyError) as exc:
            raise GoldError(doc.source, f"cannot read {doc.ref.doc_id} from the corpus: {exc}") from None
        if hashlib.sha1(text.encode("utf-8")).hexdigest() != doc.text_sha1:
            raise GoldError(doc.source, f"the text of {doc.ref.doc_id} changed since it was annotated (SHA-1 differs)")
        unknown = {m.skill_id for m in doc.mentions} - {s.id for s in taxonomy.skills}
        if unknown:
            raise GoldError(doc.source, f"skill ids not in the taxonomy: {sorted(unknown)}")
        profile = analyser.extract(text, source=doc.ref.doc_id)
        predicted = profile.mentions
        gold_keys = {(m.start, m.end, m.skill_id) for m in doc.mentions}
        pred_keys = {(m.start, m.end, m.skill_id) for m in predicted}
        union = sorted(gold_keys | pred_keys)
        strict_true += [int(k in gold_keys) for k in union]
        strict_pred += [int(k in pred_keys) for k in union]
        # lenient: same skill and overlapping offsets
        matched_gold = set()
        for m in predicted:
            hit = next(
                (g for g in doc.mentions if g.skill_id == m.skill_id and g.start < m.end and m.start < g.end), None
            )
            lenient_pred.append(1)
            lenient_true.append(int(hit is not None))
            if hit is None:
                errors.append(ErrorCase("fp", doc.ref.doc_id, m.skill_id, m.text, m.start, m.end,
                                        _context(text, m.start, m.end), f"{m.match_type}, {m.section}"))
            else:
                matched_gold.add(hit)
        for g in doc.mentions:
            if g not in matched_gold:
                lenient_true.append(1)
                lenient_pred.append(0)
                errors.append(ErrorCase("fn", doc.ref.doc_id, g.skill_id, text[g.start : g.end], g.start, g.end,
                                        _context(text, g.start, g.end), g.requirement))
        gold_skills = {m.skill_id for m in doc.mentions}
        pred_skills = {m.skill_id for m in predicted}
        doc_pairs.append((gold_skills, pred_skills))
        kind_pairs.setdefault(doc.kind, []).append((gold_skills, pred_skills))
        if doc.kind == "posting":
            gold_level: dict[str, str] = {}  # strongest mention per skill
            for m in doc.mentions:
                current = gold_level.get(m.skill_id)
                if current is None or _STRENGTH[m.requirement] > _STRENGTH[current]:
                    gold_level[m.skill_id] = m.requirement
            gold_demanded = {s for s, level in gold_level.items() if level != "not_demanded"}
            pred_demanded = {s.skill_id: s.level for s in profile.demanded}
            demanded_pairs.append((gold_demanded, set(pred_demanded)))
            for skill_id in gold_demanded & set(pred_demanded):
                confusion.setdefault(gold_level[skill_id], Counter())[pred_demanded[skill_id]] += 1
            gold_groups: dict[str, set[str]] = {}
            for m in doc.mentions:
                if m.group is not None:
                    gold_groups.setdefault(str(m.group), set()).add(m.skill_id)
            gold_sets = {frozenset(g) for g in gold_groups.values() if len(g) > 1}
            pred_sets = {frozenset(g.skill_ids) for g in profile.groups}
            for group in sorted(gold_sets | pred_sets, key=sorted):
                group_true.append(int(group in gold_sets))
                group_pred.append(int(group in pred_sets))

    by_category = {}
    for category in taxonomy.categories:
        ids = {s.id for s in taxonomy.skills_in(category.id)}
        pairs = [(g & ids, p & ids) for g, p in doc_pairs]
        if any(g or p for g, p in pairs):
            by_category[category.id] = _set_scores(pairs)
    agree = sum(c[level] for level, c in confusion.items())
    total = sum(sum(c.values()) for c in confusion.values())
    return EvaluationReport(
        documents=dict(Counter(d.kind for d in docs)),
        span_strict=_binary_scores(strict_true, strict_pred),
        span_lenient=_binary_scores(lenient_true, lenient_pred),
        doc_micro=_set_scores(doc_pairs, "micro"),
        doc_macro=_set_scores(doc_pairs, "macro"),
        demanded_micro=_set_scores(demanded_pairs, "micro"),
        by_kind={k: _set_scores(v) for k, v in sorted(kind_pairs.items())},
        by_category=by_category,
        requirement_accuracy=agree / total if total else None,
        requirement_confusion={k: dict(v) for k, v in sorted(confusion.items())},
        groups=_binary_scores(group_true, group_pred),
        errors=tuple(errors),
    )
