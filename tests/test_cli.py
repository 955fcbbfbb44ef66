"""The CLI through typer's CliRunner: contracts, formats, and one-line errors with exit code 2."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from analyser.cli import app
from conftest import DATA, MINI_TAXONOMY, SAMPLES

runner = CliRunner()
POSTING = str(DATA / "tiny_posting.md")
CV = str(DATA / "tiny_cv.txt")
MINI = ["--taxonomy", str(MINI_TAXONOMY)]


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_extract_json_matches_the_golden_file():
    result = run("extract", POSTING, "--format", "json", *MINI)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    golden = json.loads((DATA / "tiny_posting.extract.json").read_text(encoding="utf-8"))
    assert data["mentions"] == golden["mentions"]


def test_extract_mentions_carry_the_documented_keys_and_offsets():
    data = json.loads(run("extract", POSTING, "--format", "json", *MINI).stdout)
    text = open(POSTING, encoding="utf-8").read()
    assert data["mentions"], "the tiny posting names skills"
    for m in data["mentions"]:
        assert {"skill_id", "label", "category", "text", "start", "end", "section"} <= set(m)
        assert m["section"] in ("required", "preferred", "other")
        assert text[m["start"] : m["end"]] == m["text"]


def test_match_json_contract():
    result = run("match", CV, POSTING, "--format", "json", *MINI)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert 0 <= data["score"] <= 100
    assert {"score", "categories", "matched", "missing", "extra"} <= set(data)
    # "Python, R or Go" and "Tensor Flow or PyTorch" are groups of alternatives the CV covers
    groups = {tuple(m["one_of"]): m["skill_id"] for m in data["matched"] if m["one_of"]}
    assert groups == {("python", "r", "go"): "python", ("tensorflow", "pytorch"): "pytorch"}
    # Kafka is preferred ("is a plus"); Spark is negated ("no prior Spark experience needed")
    assert [(m["skill_id"], m["level"]) for m in data["missing"]] == [("kafka", "preferred")]
    for entry in data["matched"]:
        assert entry["cv_match_type"] in ("exact", "normalised", "fuzzy", "implied")
        assert 0 < entry["cv_confidence"] <= 1 and entry["jd_match_type"] in ("exact", "normalised", "fuzzy")


@pytest.mark.parametrize("fmt, needle", [("table", "Match score"), ("markdown", "# Match:")])
def test_match_human_formats(fmt, needle):
    result = run("match", CV, POSTING, "--format", fmt, *MINI)
    assert result.exit_code == 0, result.output
    assert needle in result.stdout and "Missing" in result.stdout


def test_stdin_dash_reads_the_posting():
    text = open(POSTING, encoding="utf-8").read()
    result = run("extract", "-", "--format", "json", *MINI, input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["source"] == "<stdin>"


def test_both_stdin_is_refused():
    assert run("match", "-", "-", *MINI).exit_code == 2


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "make, problem",
    [
        (lambda p: p / "missing.txt", "missing.txt"),
        (lambda p: p, "director"),
        (lambda p: _write(p / "empty.txt", b""), "empty"),
        (lambda p: _write(p / "bin.txt", bytes(range(256)) * 40), "bin.txt"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, make, problem):
    path = make(tmp_path)
    result = run("extract", str(path), *MINI)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith("analyser: error: ") and problem in lines[0].lower()


def test_invalid_taxonomy_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[taxonomy]\nname = "x"\nversion = "1"\n[[categories]]\nid = "a"\nlabel = "A"\n'
                   '[[skills]]\nid = "s"\nlabel = "S"\ncategory = "zzz"\n', encoding="utf-8")
    for args in (["extract", POSTING, "--taxonomy", str(bad)], ["taxonomy", "validate", str(bad)]):
        result = run(*args)
        assert result.exit_code == 2
        assert result.stderr.strip() == f"analyser: error: {bad}:7: skill 's': unknown category 'zzz'; declared: a"


def test_taxonomy_validate_and_show():
    ok = run("taxonomy", "validate", str(MINI_TAXONOMY))
    assert ok.exit_code == 0 and "valid: 16 skills in 3 categories" in ok.stdout
    shown = run("taxonomy", "show", *MINI, "--format", "json")
    data = json.loads(shown.stdout)
    assert [(c["id"], c["skills"]) for c in data["categories"]] == [("programming", 8), ("ml", 7), ("office", 1)]


def test_bundled_taxonomy_runs_on_the_sample_data():
    cv = SAMPLES / "cvs" / "jordan-ellery-ml-engineer.md"
    jd = SAMPLES / "postings" / "senior-ml-engineer-ledgerwise.md"
    result = run("match", str(cv), str(jd), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    matched = {m["skill_id"] for m in data["matched"]}
    assert {"python", "pytorch", "scikit-learn", "docker", "sql"} <= matched
    assert data["score"] > 50


def test_max_bytes_option_refuses_large_input():
    result = run("extract", POSTING, "--max-bytes", "100", *MINI)
    assert result.exit_code == 2
    assert "tiny_posting.md" in result.stderr and "limit" in result.stderr.lower()


def test_docx_and_pdf_inputs_work_through_the_cli(tmp_path):
    docx = pytest.importorskip("docx")
    fpdf = pytest.importorskip("fpdf")
    lines = open(POSTING, encoding="utf-8").read().replace("#", "").splitlines()
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(tmp_path / "posting.docx")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "posting.pdf"))
    expected = {m["skill_id"] for m in json.loads(run("extract", POSTING, "-f", "json", *MINI).stdout)["mentions"]}
    for name in ("posting.docx", "posting.pdf"):
        result = run("extract", str(tmp_path / name), "-f", "json", *MINI)
        assert result.exit_code == 0, result.output
        assert {m["skill_id"] for m in json.loads(result.stdout)["mentions"]} == expected, name


@pytest.mark.parametrize(
    "name, make, cause",
    [
        ("secret.pdf", lambda fx: fx.encrypt_pdf(fx.build_pdf(), "pw"), "password"),
        ("scan.pdf", lambda fx: fx.image_only_pdf(), "ocr"),
        ("cut.pdf", lambda fx: fx.build_pdf()[:300], "pdf"),
        ("cut.docx", lambda fx: fx.build_docx()[:500], "docx"),
        ("bomb.docx", lambda fx: fx.zip_bomb_docx(), "zip bomb"),
    ],
)
def test_bad_documents_are_one_line_and_exit_2(tmp_path, name, make, cause):
    fixtures = pytest.importorskip("fixtures_documents")
    path = _write(tmp_path / name, make(fixtures))
    result = run("match", str(path), POSTING, *MINI)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and cause in lines[0].lower(), lines
    assert result.stdout == ""  # no partial result
