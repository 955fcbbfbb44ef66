"""Real postings from ../shared/corpus, with expectations checked by hand against each text.

The texts are read from the corpus by file and row (they are not ours to copy into the repo);
each test skips with a clear reason where the corpus is absent. For every posting: skills
that must be found (with their requirement level where the posting is explicit) and words
that must not become skills.
"""

from __future__ import annotations

import re

import pytest

from analyser.corpus import CorpusRef, _frame, corpus_text


def glassdoor(corpus, name: str, row: int) -> str:
    return corpus_text(CorpusRef(f"postings/{name}", row), corpus)


def google(corpus, row: int) -> str:
    return corpus_text(CorpusRef("postings/google_job_skills_tech_subset.csv", row), corpus)


def levels(profile) -> dict[str, str]:
    return {s.skill_id: s.level for s in profile.skills if s.present}


def test_pulsepoint_mle_requirements(bundled, corpus):
    # 2021 file, row 14: "What you need to be successful in this role:" lists the stack
    text = glassdoor(corpus, "glassdoor_ds_jobs_2021_uncleaned.csv", 14)
    found = levels(bundled.extract(text))
    for skill in ("hadoop", "hive", "spark", "python", "numpy", "scipy", "pandas", "scikit-learn",
                  "logistic-regression", "decision-trees", "svm", "cnn", "rnn", "docker", "git",
                  "statistics", "applied-mathematics"):
        assert found.get(skill) == "required", skill
    # hard-wrapped lines: "Machine Learning\nEngineer" is still machine learning
    assert "machine-learning" in found
    # the benefits list ("What we offer": dental, vision, gym ...) demands nothing
    benefits_start = text.index("What we offer")
    demanded_after = [m for m in bundled.extract(text).mentions if m.start > benefits_start and m.section_kind != "boilerplate"]
    assert demanded_after == []


def test_pnnl_staff_scientist_levels(bundled, corpus):
    # 2020 file, row 3: Python only under "Preferred Qualifications"; the colleagues'
    # "expertise in ... statistics" sentence is description, not a requirement
    profile = bundled.extract(glassdoor(corpus, "glassdoor_ds_jobs_2020.csv", 3))
    found = levels(profile)
    assert found["python"] == "preferred"
    assert found["deep-learning"] == "other" and found["machine-learning"] == "other"
    assert found["statistics"] == "other"
    # named in the description (0.75) and in the preferred list (0.5): the heavier level wins
    assert found["computer-science"] == "other"
    assert {"eda", "parallel-computing"} <= set(found)


@pytest.mark.parametrize(
    "row, trap, absent",
    [
        (14, r"R&D", "r"),  # "across R&D and Vaccines"; the real R is in "Python, R, Java or Scala"
        (258, r"C-suite", "c"),  # "from the C-suite to the shop floor"
        (111, r"excel at", "excel"),  # "Do you excel at building predictive models"
    ],
)
def test_traps_in_real_postings(bundled, corpus, row, trap, absent):
    text = glassdoor(corpus, "glassdoor_ds_jobs_2020.csv", row)
    assert re.search(trap, text), "the trap is in the posting"
    mentions = [m for m in bundled.extract(text).mentions if m.skill_id == absent]
    for m in mentions:  # the trap itself is never a mention
        assert not text[m.start :].startswith(trap.replace("\\", "")), m
    if absent == "r":
        assert [m.sentence for m in mentions] == ["Experience with two of the following languages: Python, R, Java or Scala"]
    else:
        assert mentions == []


def test_lower_case_spark_in_real_text(bundled, corpus):
    # 2020 file, row 167: "a strong python and spark developer", "experience in spark and python"
    profile = bundled.extract(glassdoor(corpus, "glassdoor_ds_jobs_2020.csv", 167))
    spark = profile.get("spark")
    assert spark is not None and "spark" in {m.text for m in spark.mentions}
    found = levels(profile)
    assert found["spark"] == "required" and found["python"] == "required"
    assert found["kafka"] == "preferred" and found["azure"] == "preferred"


def test_google_posting_preferred_qualifications(bundled, corpus):
    # google subset, row 0: data analysis is only in "Preferred Qualifications"; statistics and
    # design of experiments are there too, and in the responsibilities ("validate (utilizing
    # statistical tools) process capability", "Utilize DOE's, FMEA and other Industry standard
    # tools"), which name the role's work: other
    found = levels(bundled.extract(google(corpus, 0)))
    assert found == {"statistics": "other", "data-analysis": "preferred", "experimental-design": "other"}


def test_takeda_enumeration_and_frameworks(bundled, corpus):
    # 2020 file, row 14: languages, deep-learning frameworks and SQL/NoSQL are required
    found = levels(bundled.extract(glassdoor(corpus, "glassdoor_ds_jobs_2020.csv", 14)))
    for skill in ("python", "r", "java", "scala", "tensorflow", "deep-learning-frameworks", "sql", "nosql", "spark"):
        assert found.get(skill) == "required", skill
    assert found["reinforcement-learning"] == "preferred"


def test_no_trap_survives_anywhere_in_the_glassdoor_postings(bundled, corpus):
    """Across all 1,038 Glassdoor postings: no strict alias is accepted in its trap position."""
    texts = list(_frame(str(corpus / "postings" / "glassdoor_ds_jobs_2020.csv"))["Job Description"])
    texts += list(_frame(str(corpus / "postings" / "glassdoor_ds_jobs_2021_uncleaned.csv"))["Job Description"])
    traps = {"r": ("&", "-"), "go": ("-",), "c": ("-",), "excel": (" at ", " in ")}
    for text, profile in zip(texts, bundled.extract_many(texts)):
        for m in profile.mentions:
            after = text[m.end : m.end + 4]
            for bad in traps.get(m.skill_id, ()):
                assert not after.startswith(bad), (m.text, text[m.start - 40 : m.end + 40])
            assert m.text.lower() != "spark" or not re.match(r"\s+(joy|curiosity|interest|creativity)", text[m.end :])
