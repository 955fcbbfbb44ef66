"""The evaluator's arithmetic on a hand-built gold set, and the gold files' integrity."""

from __future__ import annotations

import hashlib
import json

import pytest

from analyser.corpus import CorpusRef
from analyser.evaluation import GoldError, evaluate, load_gold
from conftest import ROOT

TEXT = "Requirements:\n- Python and SQL\n- Kafka is a plus\n- hyperparamter tuning\nWe spark joy."
# gold: python (required), sql (required), kafka (preferred), hyperparameter-tuning (required),
# and a skill the mini taxonomy's aliases miss ("ML engineering" is not an alias of anything)
GOLD = [
    {"start": 16, "end": 22, "skill_id": "python", "requirement": "required"},
    {"start": 27, "end": 30, "skill_id": "sql", "requirement": "required"},
    {"start": 33, "end": 38, "skill_id": "kafka", "requirement": "preferred"},
    {"start": 51, "end": 71, "skill_id": "hyperparameter-tuning", "requirement": "other"},
    {"start": 73, "end": 75, "skill_id": "go", "requirement": "required"},  # deliberately wrong: "We"
]


def write_gold(tmp_path, mentions, sha=None):
    line = {
        "doc": {"file": "inline.txt", "row": None},
        "kind": "posting",
        "split": "dev",
        "text_sha1": sha or hashlib.sha1(TEXT.encode("utf-8")).hexdigest(),
        "mentions": [dict(m, group=None) for m in mentions],
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    return path


def test_scores_on_a_hand_built_gold_document(mini, tmp_path):
    for m in GOLD:
        assert TEXT[m["start"] : m["end"]]  # offsets are inside the text
    gold = load_gold([write_gold(tmp_path, GOLD)])
    report = evaluate(mini, gold, text_of=lambda ref: TEXT)
    # predicted: python, sql, kafka, hyperparameter-tuning (fuzzy): 4 right, "go" missed
    assert (report.span_strict.predicted, report.span_strict.support) == (4, 5)
    assert report.span_strict.precision == 1.0 and report.span_strict.recall == pytest.approx(0.8)
    assert report.doc_micro.recall == pytest.approx(0.8) and report.doc_micro.precision == 1.0
    assert [(e.kind, e.skill_id) for e in report.errors] == [("fn", "go")]
    # requirement: python, sql required/required; kafka preferred/preferred;
    # hyperparameter-tuning gold "other", predicted "required" (Requirements section)
    assert report.requirement_confusion == {"required": {"required": 2}, "preferred": {"preferred": 1},
                                            "other": {"required": 1}}
    assert report.requirement_accuracy == pytest.approx(3 / 4)


def test_changed_text_is_refused(mini, tmp_path):
    gold = load_gold([write_gold(tmp_path, GOLD[:1], sha="0" * 40)])
    with pytest.raises(GoldError, match="changed since it was annotated"):
        evaluate(mini, gold, text_of=lambda ref: TEXT)


def test_malformed_gold_line_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc": {"file": "x"}}\n', encoding="utf-8")
    with pytest.raises(GoldError, match=r"bad.jsonl:1: not a valid gold line"):
        load_gold([bad])


def test_bundled_gold_files_are_consistent(bundled, corpus):
    """Every gold file parses, its texts are unchanged, ids exist, spans of one skill do not
    overlap (spans of different skills may: a paraphrase or an elided coordination can hold a
    shorter mention of another skill, GUIDELINES.md)."""
    from analyser.corpus import corpus_text

    docs = load_gold([ROOT / "eval" / "gold"])
    assert len([d for d in docs if d.kind == "posting"]) >= 25 and len([d for d in docs if d.kind == "cv"]) >= 10
    ids = {s.id for s in bundled.taxonomy.skills}
    for doc in docs:
        text = corpus_text(doc.ref, corpus)
        assert hashlib.sha1(text.encode("utf-8")).hexdigest() == doc.text_sha1, doc.source
        spans = sorted((m.skill_id, m.start, m.end) for m in doc.mentions)
        assert all(a[0] != b[0] or a[2] <= b[1] for a, b in zip(spans, spans[1:])), doc.source
        assert {m.skill_id for m in doc.mentions} <= ids, doc.source
        assert all(0 <= m.start < m.end <= len(text) for m in doc.mentions)
    assert {d.split for d in docs} == {"dev", "test"}
    assert len({d.ref.doc_id for d in docs}) == len(docs), "no document is annotated twice"
    assert not {d.ref.doc_id for d in docs if d.split == "dev"} & {d.ref.doc_id for d in docs if d.split == "test"}
    assert CorpusRef("x").doc_id == "x"
