"""Score arithmetic on hand-computed examples (tiny taxonomy, exact numbers)."""

from __future__ import annotations

import pytest

from analyser.scoring import IMPLIED_CREDIT, MENTION_WEIGHTS

JD = (
    "Requirements:\n- Python\n- TensorFlow\n- Deep learning frameworks\n\n"
    "Nice to have:\n- Kafka\n\n"
    "About us\nWe use SQL everywhere.\n"
)
CV = "Skills: Python, PyTorch, Golang programming.\nNo Kafka so far."


def test_weighted_coverage_with_implied_credit(mini):
    result = mini.match(CV, JD)
    w_req, w_pref = MENTION_WEIGHTS["required"], MENTION_WEIGHTS["preferred"]
    # python: 1 x 1; tensorflow: 1 x 0; deep-learning-frameworks: 1 x 0.5 (PyTorch implies it); kafka: 0.5 x 0
    expected = 100 * (w_req * 1 + w_req * IMPLIED_CREDIT) / (3 * w_req + w_pref)
    assert result.score == pytest.approx(round(expected, 1))
    assert result.score == pytest.approx(42.9)
    assert [m.skill_id for m in result.matched] == ["python", "deep-learning-frameworks"]
    assert result.matched[1].via == "pytorch" and result.matched[1].credit == IMPLIED_CREDIT
    # missing: most important first; SQL (boilerplate) is not demanded at all
    assert [(m.skill_id, m.weight) for m in result.missing] == [("tensorflow", 1.0), ("kafka", 0.5)]
    # the CV's negated Kafka is not present; its extras are what the posting did not ask for
    assert {e.skill_id for e in result.extra} == {"pytorch", "go"}


def test_category_breakdown_sums_to_the_total(mini):
    result = mini.match(CV, JD)
    by_id = {c.category: c for c in result.categories}
    assert (by_id["programming"].demanded, by_id["programming"].matched) == (2, 1)  # python, kafka
    assert by_id["programming"].score == pytest.approx(100 * 1 / 1.5, abs=0.05)
    assert (by_id["ml"].demanded, by_id["ml"].matched) == (2, 1)  # tensorflow, dlf
    assert by_id["ml"].score == pytest.approx(25.0)
    assert by_id["office"].score is None and by_id["office"].demanded == 0
    covered = sum(c.covered_weight for c in result.categories)
    demanded = sum(c.demanded_weight for c in result.categories)
    assert result.score == pytest.approx(round(100 * covered / demanded, 1))


def test_identical_documents_score_100_and_empty_posting_scores_0(mini):
    assert mini.match(JD, JD).score == 100.0
    result = mini.match(CV, "A posting that names no skill at all.")
    assert result.score == 0.0 and result.matched == () and result.missing == ()


def test_missing_ties_break_on_mention_count(mini):
    jd = "Requirements:\n- Kafka\n- SQL and more SQL and SQL\n"
    result = mini.match("nothing relevant", jd)
    assert [m.skill_id for m in result.missing] == ["sql", "kafka"]
    assert [m.mentions for m in result.missing] == [3, 1]


def test_match_result_to_dict_is_the_json_contract(mini):
    data = mini.match(CV, JD).to_dict()
    assert set(data) >= {"score", "categories", "matched", "missing", "extra"}
    for key in ("matched", "missing", "extra"):
        for entry in data[key]:
            assert {"skill_id", "label", "category", "weight"} <= set(entry)
    assert data["missing"][0]["jd_evidence"][0]["text"] == "TensorFlow"


def test_group_of_alternatives_counts_once(mini):
    jd = "Requirements:\n- Python, R or Go\n- Kafka\n"
    covered = mini.match("I write Golang daily.", jd)
    # two demands, each weight 1: the group (covered by Go) and Kafka (missing)
    assert covered.score == 50.0
    assert [(m.skill_id, m.one_of) for m in covered.matched] == [("go", ("python", "r", "go"))]
    missing = mini.match("nothing", jd).missing
    assert [m.label for m in missing] == ["one of: Python, R, Go", "Apache Kafka"]
    assert missing[0].one_of == ("python", "r", "go") and missing[0].weight == 1.0


def test_skill_named_alone_and_in_a_group_is_two_demands(mini):
    jd = "Requirements:\n- Python\n- Python or Go for tooling\n"
    result = mini.match("Golang services", jd)
    # Python alone (missing, weight 1) + the group (covered by Go, weight 1)
    assert result.score == 50.0
    assert [m.skill_id for m in result.missing] == ["python"]


def test_implied_credit_halves_per_link_and_stops_after_two(tmp_path):
    from analyser import Analyser

    toml = """
[taxonomy]
name = "chain"
version = "1"
[[categories]]
id = "c"
label = "C"
"""
    for sid, implies in (("alpha", "bravo"), ("bravo", "charlie"), ("charlie", "delta"), ("delta", None)):
        toml += f'[[skills]]\nid = "{sid}"\nlabel = "{sid.title()}skill"\ncategory = "c"\n'
        toml += f'implies = ["{implies}"]\n' if implies else ""
    path = tmp_path / "chain.toml"
    path.write_text(toml, encoding="utf-8")
    a = Analyser(path)
    result = a.match("Alphaskill", "Requirements: Bravoskill; Charlieskill; Deltaskill")
    credits = {m.skill_id: m.credit for m in result.matched + result.missing}
    assert credits == {"bravo": 0.5, "charlie": 0.25, "delta": 0.0}
    assert result.score == pytest.approx(round(100 * 0.75 / 3, 1))
