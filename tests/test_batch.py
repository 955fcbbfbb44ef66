"""Batch analysis (analyser.batch, ``analyser batch``): the same skills as ``analyser extract``,
output independent of --jobs, bad rows reported and skipped, --resume without repeated work,
demand statistics exact on a hand-built example, CSV cells safe for spreadsheets.

Real postings are read from ../shared/corpus where they are (tests skip otherwise); they are
passed to the batch as they lie there, or copied into pytest's tmp_path, never into the repo.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from analyser import batch as B
from analyser.cli import app
from conftest import DATA, MINI_TAXONOMY

runner = CliRunner()
MINI = ["--taxonomy", str(MINI_TAXONOMY)]
GLASSDOOR_2020 = "postings/glassdoor_ds_jobs_2020.csv"
GOOGLE = "postings/google_job_skills_tech_subset.csv"
ML_CV = "resumes/resume_matcher_2023_samples/harvey_dent_mle.pdf"


def run(*args, input=None):
    return runner.invoke(app, ["batch", *map(str, args)], input=input)


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def real_files(corpus: Path) -> list[Path]:
    """A small real set: the two TXT postings, three DOCX and one PDF."""
    folder20, folder23 = corpus / "postings" / "resume_matcher_jd_2020", corpus / "postings" / "resume_matcher_jd_2023"
    files = [folder23 / "job_1.txt", folder23 / "job_2.txt", folder23 / "job_desc_java_developer.pdf"]
    files += [folder20 / f"{name}.docx" for name in ("Data Scientist", "Backend Developer", "Primary English Teacher")]
    for f in files:
        if not f.is_file():
            pytest.skip(f"{f} is missing from the corpus")
    return files


def glassdoor_subset(corpus: Path, tmp_path: Path, rows: int) -> Path:
    """The first ``rows`` rows of a Glassdoor CSV, written to tmp_path as they are."""
    path = tmp_path / "glassdoor_subset.csv"
    pd.read_csv(corpus / GLASSDOOR_2020, nrows=rows).to_csv(path, index=False)
    return path


# ----------------------------------------------------------------------------- same as extract
def test_batch_gives_the_skills_of_analyser_extract_on_each_real_file(corpus, tmp_path):
    files = real_files(corpus)
    out = tmp_path / "out.jsonl"
    result = run(*files, "--out", out, "--jobs", "1", "--quiet")
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert list(rows) == [str(f) for f in files]
    for f in files:
        extracted = runner.invoke(app, ["extract", str(f), "--format", "json"])
        assert extracted.exit_code == 0, extracted.output
        skills = json.loads(extracted.stdout)["skills"]
        demanded = [s for s in skills if s["weight"] > 0]
        row = rows[str(f)]
        for level in ("required", "preferred"):
            assert row[level] == [s["skill_id"] for s in demanded if s["level"] == level], (f.name, level)
        assert row["other"] == [s["skill_id"] for s in demanded if s["level"] == "other"], f.name
        by_category = {k[len("skills_"):]: v for k, v in row.items() if k.startswith("skills_")}
        for s in demanded:
            assert s["skill_id"] in by_category[s["category"]]
        assert sum(map(len, by_category.values())) == len(demanded)
    assert rows[str(files[0])]["required"], "the ML-engineer posting demands skills"


@pytest.mark.parametrize("name", [GOOGLE, GLASSDOOR_2020, "postings/resume_matcher_jd_2020_Job_Data.csv"])
def test_table_rows_become_the_corpus_texts(corpus, name):
    from analyser.corpus import CorpusRef, corpus_text

    items = list(B.iter_postings([corpus / name]))
    assert len(items) == len(pd.read_csv(corpus / name))
    checked = 0
    for item in items:
        row = int(item.source.rsplit("#", 1)[1])
        if name.endswith("Job_Data.csv"):  # not a corpus.py file: the Context column as it is
            assert item.text == pd.read_csv(corpus / name)["Context"][row]
        elif item.error is None:
            assert item.text == corpus_text(CorpusRef(name, row), corpus), item.source
        checked += 1
    assert checked == len(items)
    if name == GOOGLE:  # the three text columns under headings, the title first
        assert items[0].title and items[0].text.startswith(items[0].title + "\n\nResponsibilities:\n")
        assert all(i.error.endswith("empty text; nothing to analyse") for i in items if i.error)


def test_the_real_postings_folder_works_as_it_is(corpus, tmp_path):
    items = list(B.iter_postings([corpus / "postings"]))
    documents = [i for i in items if i.path is not None]
    assert len(documents) == 20  # 14 DOCX, 4 PDF, 2 TXT
    tables = {i.source.rsplit("#", 1)[0] for i in items if i.path is None}
    assert len(tables) == 4  # both Glassdoor CSVs, the Google subset, Job_Data.csv
    assert len(items) == 596 + 442 + 264 + 2 + 20
    assert [i.position for i in items] == sorted(i.position for i in items)


# ----------------------------------------------------------------------------- jobs
def test_jobs_1_and_jobs_2_write_identical_files(corpus, tmp_path):
    subset = glassdoor_subset(corpus, tmp_path, 150)
    files = real_files(corpus)[:2]
    outputs = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}.csv"
        result = run(subset, *files, "--cv", corpus / ML_CV, "--out", out, "--jobs", jobs, "--quiet")
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    rows = read_csv_rows(tmp_path / "out1.csv")
    assert len(rows) == 152 and all(0 <= float(r["score"]) <= 100 for r in rows)
    assert rows[0]["id"] == f"{subset}#0" and rows[0]["title"]


def test_summary_counts_do_not_depend_on_the_block_size(corpus, tmp_path, monkeypatch):
    subset = glassdoor_subset(corpus, tmp_path, 60)
    out = tmp_path / "out.jsonl"
    assert run(subset, "--cv", corpus / ML_CV, "--out", out, "--jobs", "1", "--quiet").exit_code == 0
    frame = B.read_output(out)
    whole = B.summarise(frame)
    monkeypatch.setattr(B, "SUMMARY_BLOCK", 16)  # 60 rows: three full blocks and a partial one
    blocks = B.summarise(frame)
    for table in ("skill_demand", "category_demand", "skill_pairs", "learn_next", "ranking"):
        pd.testing.assert_frame_equal(getattr(whole, table)(), getattr(blocks, table)(), obj=table)
    demand = whole.skill_demand().set_index("skill_id")
    python = sum("python" in r for r in frame["required"] + frame["preferred"] + frame["other"])
    assert demand.loc["python", "postings"] == python and demand.loc["python", "share"] == python / 60


# ----------------------------------------------------------------------------- bad rows
def test_bad_rows_are_reported_and_skipped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [
        json.dumps({"id": "good-1", "title": "ML engineer", "text": "Requirements: Python and SQL."}),
        json.dumps({"id": "empty", "text": "   "}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "no-text", "body_html": "<p>x</p>", "title": "x"}),
        "",
        json.dumps({"id": "good-2", "text": "Nice to have: Kafka."}),
    ]
    (folder / "a.jsonl").write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "latin1", "text": "caf\xe9 Python"}\n')
    (folder / "b.csv").write_text('id,text\ng3,"Python, R or Go"\ng4,\ng5,"SQL",extra field\ng6,Spark\n', encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (folder / "c.md").write_text("# Data engineer\n\nRequired: Kafka and SQL.\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run(folder, "--out", out, "--jobs", "1", *MINI)
    assert result.exit_code == 0, result.output
    assert "could not be analysed" in result.stderr
    ids = [r["id"] for r in read_csv_rows(out)]
    assert ids == ["good-1", "good-2", "g3", "g6", str(folder / "c.md")]
    errors = read_csv_rows(tmp_path / "out.errors.csv")
    problems = {e["id"]: e["error"] for e in errors}
    assert problems["empty"] == "empty text; nothing to analyse"
    assert "invalid JSON" in problems[f"{folder / 'a.jsonl'}#2"]
    assert "not an object" in problems[f"{folder / 'a.jsonl'}#3"]
    assert "no text column" in problems[f"{folder / 'a.jsonl'}#4"] and "'body_html'" in problems[f"{folder / 'a.jsonl'}#4"]
    assert "not valid UTF-8" in problems[f"{folder / 'a.jsonl'}#7"]
    assert problems["g4"] == "empty text; nothing to analyse"
    assert "malformed CSV line" in problems[f"{folder / 'b.csv'}:4"]
    assert "empty" in problems[str(folder / "empty.txt")].lower()
    assert "PNG" in problems[str(folder / "image.png")]
    assert len(errors) == 9
    assert all(e["source"] for e in errors)


def test_a_table_without_the_text_column_is_one_clear_line_listing_the_columns(tmp_path):
    table = tmp_path / "jobs.csv"
    table.write_text("job_ref,summary_html\n1,x\n", encoding="utf-8")
    result = run(table, "--out", tmp_path / "out.csv")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "'job_ref', 'summary_html'" in result.stderr and "--text-column" in result.stderr
    assert not (tmp_path / "out.csv").exists()
    named = run(table, "--text-column", "summary_html", "--out", tmp_path / "out.csv", *MINI, "--quiet")
    assert named.exit_code == 0, named.output


def test_several_text_columns_are_joined_under_headings():
    plan = B.resolve_columns(["Title", "Duties", "Must"], text_column="Duties, Must")
    text = B.posting_text(plan, {"Title": "Data engineer", "Duties": "Build pipelines", "Must": "SQL"})
    assert plan.title == "Title"
    assert text == "Data engineer\n\nDuties:\nBuild pipelines\n\nMust:\nSQL\n"


# ----------------------------------------------------------------------------- output files
def test_an_existing_output_is_never_overwritten_silently(tmp_path):
    posting = DATA / "tiny_posting.md"
    out = tmp_path / "out.csv"
    out.write_text("precious\n", encoding="utf-8")
    result = run(posting, "--out", out, *MINI)
    assert result.exit_code == 2 and "--resume" in result.stderr and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "precious\n"
    assert run(posting, "--out", out, "--force", "--quiet", *MINI).exit_code == 0
    assert read_csv_rows(out)[0]["id"] == str(posting)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "out.errors.csv"], "no temporary file left"


def test_a_failed_run_leaves_no_output_and_no_temporary_file(tmp_path):
    def boom(*_):
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        B.run_batch([DATA / "tiny_posting.md"] * 1, out=tmp_path / "out.jsonl", taxonomy=MINI_TAXONOMY, progress=boom)
    assert list(tmp_path.iterdir()) == []


def test_csv_cells_from_the_input_cannot_run_as_formulas(tmp_path):
    table = tmp_path / "in.csv"
    rows = [("=HYPERLINK(\"http://x\")", "+1+2"), ("@SUM(A1)", "-3"), ("'quoted", "\tTab"), ("plain", "Engineer")]
    with open(table, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "text"])
        writer.writerows((i, t, "Requirements: Python.") for i, t in rows)
    out = tmp_path / "out.csv"
    assert run(table, "--out", out, "--quiet", *MINI).exit_code == 0
    written = read_csv_rows(out)
    assert [(r["id"], r["title"]) for r in written] == [
        ("'=HYPERLINK(\"http://x\")", "'+1+2"), ("'@SUM(A1)", "'-3"), ("''quoted", "'\tTab"), ("plain", "Engineer"),
    ]  # fmt: skip
    assert all(not r["source"].startswith(tuple(B.FORMULA_TRIGGERS)) for r in written)
    back = B.read_output(out)
    assert list(zip(back["id"], back["title"])) == rows
    assert back["required"].tolist() == [["python"]] * 4


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_jsonl_and_parquet_outputs_read_back_as_the_library_frame(tmp_path, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    texts = ["Requirements: Python, SQL and Kafka.", "Nice to have: Spark. Required: Excel."]
    frame = B.analyse_postings(texts, (DATA / "tiny_cv.txt").read_text(encoding="utf-8"), taxonomy=MINI_TAXONOMY)
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    result = run(source, "--cv", DATA / "tiny_cv.txt", "--out", out, "--quiet", *MINI)
    assert result.exit_code == 0, result.output
    back = B.read_output(out)
    for column in ("id", "required", "preferred", "other", "score", "top_missing", "gains"):
        assert [_plain(v) for v in back[column]] == [_plain(v) for v in frame[column]], column


def _plain(value):
    return list(value) if hasattr(value, "__len__") and not isinstance(value, (str, dict)) else value


def test_parquet_input_is_read_in_batches(tmp_path):
    pytest.importorskip("pyarrow")
    table = tmp_path / "in.parquet"
    pd.DataFrame({"posting_id": ["a", "b"], "Job Description": ["Requirements: Python.", ""]}).to_parquet(table)
    items = list(B.iter_postings([table], id_column="posting_id"))
    assert [(i.id, i.text, i.error is not None) for i in items] == [("a", "Requirements: Python.", False), ("b", None, True)]


def test_parquet_without_pyarrow_is_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    result = run(DATA / "tiny_posting.md", "--out", tmp_path / "out.parquet", *MINI)
    assert result.exit_code == 2 and "pip install 'analyser[parquet]'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_stdin_dash_reads_jsonl(tmp_path):
    data = "".join(json.dumps({"id": f"s{i}", "description": t}) + "\n" for i, t in enumerate(["Python and SQL", "Kafka"]))
    out = tmp_path / "out.jsonl"
    result = run("-", "--out", out, "--quiet", *MINI, input=data)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["s0", "s1"] and rows[1]["other"] == ["kafka"]


# ----------------------------------------------------------------------------- resume
def test_resume_keeps_finished_rows_and_analyses_only_new_ids(tmp_path, monkeypatch):
    table = tmp_path / "in.csv"
    texts = ["Requirements: Python.", "Requirements: SQL.", "Nice to have: Kafka.", "Required: Excel.", "Spark"]
    pd.DataFrame({"id": [f"p{i}" for i in range(3)], "text": texts[:3]}).to_csv(table, index=False)
    out = tmp_path / "out.csv"
    assert run(table, "--out", out, "--quiet", *MINI).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("sql", "sql; kept-as-it-was")  # proves the row is copied, not recomputed
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")

    pd.DataFrame({"id": [f"p{i}" for i in range(5)], "text": texts}).to_csv(table, index=False)
    analysed = []
    original = B._Worker._result
    monkeypatch.setattr(B._Worker, "_result", lambda self, profile, text: analysed.append(text) or original(self, profile, text))
    with pytest.raises(B.ResumeMismatchError):  # the tampered row names a skill the taxonomy lacks
        B.run_batch([table], out=out, resume=True, taxonomy=MINI_TAXONOMY, jobs=1)
    lines[2] = lines[2].replace("; kept-as-it-was", "; python")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = B.run_batch([table], out=out, resume=True, taxonomy=MINI_TAXONOMY, jobs=1)
    assert analysed == texts[3:]
    assert (report.kept, report.skipped, report.postings) == (3, 3, 2)
    new_lines = out.read_text(encoding="utf-8").splitlines()
    assert new_lines[:4] == lines[:4] and len(new_lines) == 6
    assert report.summary.postings == 5
    assert report.summary.skill_demand().set_index("skill_id").loc["python", "postings"] == 2

    analysed.clear()
    again = B.run_batch([table], out=out, resume=True, taxonomy=MINI_TAXONOMY, jobs=1)
    assert analysed == [] and (again.kept, again.postings) == (5, 0)


def test_resume_refuses_an_output_of_other_columns(tmp_path):
    posting = DATA / "tiny_posting.md"
    out = tmp_path / "out.csv"
    assert run(posting, "--out", out, "--quiet", *MINI).exit_code == 0
    result = run(posting, "--out", out, "--resume", "--cv", DATA / "tiny_cv.txt", *MINI)
    assert result.exit_code == 2 and "cannot resume" in result.stderr


# ----------------------------------------------------------------------------- statistics
def hand_built_frame() -> pd.DataFrame:
    """Four postings of the mini taxonomy, skills by level, as a per-posting frame."""
    rows = [
        {"id": "a", "required": ["python", "sql"], "preferred": ["kafka"], "other": []},
        {"id": "b", "required": ["python"], "preferred": [], "other": ["tensorflow"]},
        {"id": "c", "required": [], "preferred": ["python"], "other": ["sql"]},
        {"id": "d", "required": [], "preferred": [], "other": []},
    ]
    return pd.DataFrame(rows)


def test_skill_demand_shares_on_a_hand_built_example():
    demand = B.skill_demand(hand_built_frame(), MINI_TAXONOMY).set_index("skill_id")
    assert list(demand.index) == ["python", "sql", "kafka", "tensorflow"]
    assert demand.loc["python", ["postings", "required", "preferred", "other"]].tolist() == [3, 2, 1, 0]
    assert demand.loc["python", "share"] == 0.75 and demand.loc["python", "required_share"] == 0.5
    assert demand.loc["python", "preferred_share"] == 0.25
    assert demand.loc["sql", ["postings", "share", "required_share", "other_share"]].tolist() == [2, 0.5, 0.25, 0.25]
    assert demand.loc["kafka", ["postings", "preferred"]].tolist() == [1, 1]

    categories = B.category_demand(hand_built_frame(), MINI_TAXONOMY).set_index("category")
    assert categories.loc["programming", ["postings", "share", "required", "preferred"]].tolist() == [3, 0.75, 2, 2]
    assert categories.loc["programming", "mean_skills"] == (3 + 1 + 2) / 4
    assert categories.loc["ml", ["postings", "share", "required"]].tolist() == [1, 0.25, 0]
    assert categories.loc["office", "postings"] == 0

    pairs = B.skill_pairs(hand_built_frame(), MINI_TAXONOMY)
    assert list(zip(pairs["skill_a"], pairs["skill_b"], pairs["postings"])) == [
        ("python", "sql", 2), ("python", "tensorflow", 1), ("python", "kafka", 1), ("kafka", "sql", 1),
    ]  # fmt: skip
    assert pairs["share"].tolist() == [0.5, 0.25, 0.25, 0.25]


def test_ranking_and_learn_next_on_a_hand_built_example():
    frame = hand_built_frame().assign(
        title=["A", "B", "C", "D"],
        score=[50.0, 80.0, 50.0, 0.0],
        top_missing=[["sql"], [], ["sql"], []],
        gains=[{"sql": 25.0, "kafka": 12.5}, {"tensorflow": 20.0}, {"sql": 50.0}, {}],
    )
    ranked = B.rank_by_fit(frame)
    # "a" demands 3 skills (MIN_DEMANDED_FOR_RANKING); b, c, d fewer, so they follow, by score
    assert B.MIN_DEMANDED_FOR_RANKING == 3
    assert ranked["id"].tolist() == ["a", "b", "c", "d"] and ranked["rank"].tolist() == [1, 2, 3, 4]
    assert ranked["demanded"].tolist() == [3, 2, 2, 0]
    learn = B.learn_next(frame, MINI_TAXONOMY)
    assert learn["skill_id"].tolist() == ["sql", "tensorflow", "kafka"]
    assert learn["postings"].tolist() == [2, 1, 1] and learn["mean_gain"].tolist() == [37.5, 20.0, 12.5]
    assert learn["share"].tolist() == [0.5, 0.25, 0.25]
    summary = B.summarise(frame, MINI_TAXONOMY, top_postings=2)
    summary._top = 2  # the streaming ranking keeps only the best rows
    streaming = B.BatchSummary(B._taxonomy(MINI_TAXONOMY), top_postings=2)
    for record in frame.to_dict("records"):
        streaming.add(record)
    assert streaming.ranking()["id"].tolist() == ["a", "b"]
    assert streaming.ranking()["demanded"].tolist() == [3, 2]
    assert streaming.mean_score == 45.0


def test_gains_are_the_score_rises_of_learning_each_skill(bundled, corpus):
    from analyser.corpus import CorpusRef, corpus_text
    from analyser.documents import read_document

    cv_text = read_document(corpus / ML_CV).text
    cv = bundled.extract(cv_text)
    checked = 0
    for row in (3, 14, 40):
        jd = bundled.extract(corpus_text(CorpusRef(GLASSDOOR_2020, row), corpus))
        match = bundled.match_profiles(cv, jd)
        gains = B.score_gains(match, bundled.taxonomy)
        assert list(gains.values()) == sorted(gains.values(), reverse=True)
        for skill_id, gain in list(gains.items())[:6]:
            label = bundled.taxonomy.skill(skill_id).label
            more = bundled.extract(cv_text + f"\n\nSkills\n- {label}\n")
            if more.skill_ids != cv.skill_ids | {skill_id}:
                continue  # the label brought other skills with it; not a clean experiment
            rise = bundled.match_profiles(more, jd).score - match.score
            assert abs(rise - gain) <= 0.1 + 1e-9, (row, skill_id, rise, gain)
            checked += 1
    assert checked >= 5


# ----------------------------------------------------------------------------- library
def test_analyse_postings_on_texts_and_on_a_frame():
    texts = ["Requirements: Python and SQL.", "", "Nice to have: Kafka."]
    frame = B.analyse_postings(texts, taxonomy=MINI_TAXONOMY)
    assert frame["id"].tolist() == ["0", "2"]
    assert frame["required"].tolist() == [["python", "sql"], []] and frame["preferred"].tolist() == [[], ["kafka"]]
    assert frame.attrs["errors"].to_dict("records") == [{"id": "1", "source": "<text 1>", "error": "empty text; nothing to analyse"}]
    with pytest.raises(B.InputError):
        B.analyse_postings(texts, taxonomy=MINI_TAXONOMY, on_error="raise")

    table = pd.DataFrame({"Job Title": ["DE", "MLE"], "Job Description": ["Required: Spark.", "Required: PyTorch."]})
    analysed = B.analyse_postings(table, taxonomy=MINI_TAXONOMY)
    assert analysed["title"].tolist() == ["DE", "MLE"] and analysed["id"].tolist() == ["<frame>#0", "<frame>#1"]
    assert analysed["skills_ml"].tolist() == [[], ["pytorch"]]
    with pytest.raises(B.MissingColumnError, match="'Job Title'"):
        B.analyse_postings(table[["Job Title"]], taxonomy=MINI_TAXONOMY)


def test_inputs_that_do_not_exist_fail_cleanly(tmp_path):
    (tmp_path / "empty").mkdir()
    assert "no such file or folder" in run(tmp_path / "nope.csv").stderr
    assert "holds no files" in run(tmp_path / "empty").stderr
    result = run(str(tmp_path / "*.jsonl"))
    assert result.exit_code == 2 and "no file matches" in result.stderr


def test_the_output_folder_is_not_read_as_input(tmp_path):
    (tmp_path / "a.txt").write_text("Requirements: Python.\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert run(tmp_path, "--out", out, "--quiet", *MINI).exit_code == 0
    assert run(tmp_path, "--out", out, "--force", "--quiet", *MINI).exit_code == 0
    assert [r["id"] for r in read_csv_rows(out)] == [str(tmp_path / "a.txt")]


def test_summary_tables_are_printed(tmp_path):
    result = run(DATA / "tiny_posting.md", "--cv", DATA / "tiny_cv.txt", *MINI)
    assert result.exit_code == 0, result.output
    for title in ("Skill demand", "Demand per category", "Skills demanded together", "ranked by fit", "Learn next"):
        assert title in result.stdout, title
    assert os.listdir(tmp_path) == []
