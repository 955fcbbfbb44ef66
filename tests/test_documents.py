"""The loading layer: real documents in, bad documents out (``analyser/documents.py``).

Real files come from the corpus beside the repo (``../shared/corpus``, see its SOURCES.md);
those tests skip when it is absent. Every other document is built here from our own fictional
posting (``tests/fixtures_documents.py``).
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import fixtures_documents as fx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyser.documents import (
    DEFAULT_MAX_BYTES,
    MIN_WORD_RATIO,
    Document,
    detect_format,
    read_document,
    word_ratio,
)
from analyser.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedDocumentError,
    InputError,
    IsADirectoryInputError,
    MissingFileError,
    NotEnoughWordsError,
    NoTextLayerError,
    UndecodableTextError,
    UnsupportedFormatError,
)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
RESUME_PDFS = CORPUS / "resumes" / "resume_matcher_2023_samples"
POSTING_DOCX = CORPUS / "postings" / "resume_matcher_jd_2020"
POSTING_2023 = CORPUS / "postings" / "resume_matcher_jd_2023"


def _need(folder: Path) -> Path:
    if not folder.is_dir():
        pytest.skip(f"corpus folder {folder} is absent (the corpus sits in shared/ beside the repo)")
    return folder


def _files(folder: Path, pattern: str) -> list[str]:
    """File names for parametrize; one placeholder when the folder is absent, so the test skips."""
    return sorted(p.name for p in folder.glob(pattern)) if folder.is_dir() else ["<corpus absent>"]


def lines(text: str) -> list[str]:
    return text.split("\n")


# ============================================================================ real files
def test_data_scientist_docx_keeps_paragraphs_and_bullets():
    doc = read_document(_need(POSTING_DOCX) / "Data Scientist.docx")
    assert doc.format == "docx"
    assert doc.source.endswith("Data Scientist.docx")
    got = lines(doc.text)
    assert got[0] == "Data Scientist/ ML Engineer"
    # the section labels are paragraphs of their own, followed by the list they introduce
    assert "Responsibilities –" in got
    assert "Skills required -" in got
    assert "- Proficiency in using query languages such as SQL, Hive, Pig" in got
    assert "- Experience with NoSQL databases, such as MongoDB, Cassandra, HBase" in got
    assert "- Experience with common data science toolkits, such as R, Weka, NumPy, OpenCV, MatLab, etc." in got
    # consecutive list paragraphs: one per line; ordinary paragraphs: a blank line apart
    assert "- Great communication skills\n- Experience with data visualisation tools" in doc.text
    assert "Job Type: Full-time\n\nSalary:" in doc.text
    assert "\r" not in doc.text and "\n\n\n" not in doc.text


def test_docx_heading_style_is_a_line_of_its_own():
    doc = read_document(_need(POSTING_DOCX) / "Global Industry Content Manager.docx")
    # "About the job" and "Responsibilities" carry the Heading 2 style in this file
    assert "\n\nAbout the job\n\nGoogle is developing groundbreaking cloud solutions" in doc.text
    assert "\n\nResponsibilities\n\n- Partner with Global Industry Solutions Leaders" in doc.text


@pytest.mark.parametrize("name", _files(POSTING_DOCX, "*.docx"))
def test_every_corpus_docx_reads(name):
    doc = read_document(_need(POSTING_DOCX) / name)
    assert doc.format == "docx"
    assert len(doc.text.split()) >= 50
    assert word_ratio(doc.text) >= 0.85


def test_john_doe_pdf_headings_and_bullets():
    doc = read_document(_need(RESUME_PDFS) / "john_doe.pdf")
    assert doc.format == "pdf"
    got = lines(doc.text)
    assert got[0] == "JOHN DOE"
    for heading in ("PROFESSIONAL SUMMARY", "SKILLS", "WORK EXPERIENCE", "EDUCATION", "CERTIFICATIONS"):
        assert heading in got
    assert "- Java and J2EE" in got  # "•" bullets become "- "
    assert "- Docker" in got
    assert "- Spring Boot, Spring MVC, and Hibernate" in got


def test_pdf_words_are_not_glued():
    # pdfplumber's default x_tolerance glued these tightly justified lines into one token each
    # ("LeadingateamofAIengineers."); pypdf, our choice, keeps the spaces (docs/documents.md).
    harvey = read_document(_need(RESUME_PDFS) / "harvey_dent_mle.pdf").text
    assert "Leading a team of AI engineers." in harvey
    java = read_document(_need(POSTING_2023) / "job_desc_java_developer.pdf").text
    assert "We are seeking a skilled Java Developer with at least 3 years of experience" in java
    assert lines(harvey)[:2] == ["Harvey Dent", "Machine Learning Engineer"]  # reading order


def test_java_developer_posting_pdf():
    doc = read_document(_need(POSTING_2023) / "job_desc_java_developer.pdf")
    got = lines(doc.text)
    for heading in ("About Us", "Job Description", "Responsibilities", "Requirements", "Benefits", "How to Apply"):
        assert heading in got
    assert "- Delivering high availability and performance." in got
    assert "- Experience with test-driven development." in got
    assert got.index("Responsibilities") < got.index("Requirements") < got.index("Benefits")


@pytest.mark.parametrize(
    "folder, name",
    [(RESUME_PDFS, n) for n in _files(RESUME_PDFS, "*.pdf")]
    + [(POSTING_2023, n) for n in _files(POSTING_2023, "*.pdf")],
)
def test_every_corpus_pdf_reads(folder, name):
    doc = read_document(_need(folder) / name)
    assert doc.format == "pdf"
    assert len(doc.text.split()) >= 150
    assert not any(line.startswith("•") or line != line.rstrip() for line in lines(doc.text))


def test_plain_text_posting():
    doc = read_document(_need(POSTING_2023) / "job_1.txt")
    assert doc.format == "txt"
    got = lines(doc.text)
    assert got[0] == "Job Description: Machine Learning Engineer"
    assert "Responsibilities:" in got and "Requirements:" in got


# ============================================================================ own documents
EXPECTED = fx.posting_text()


def test_docx_paragraphs_headings_bullets_and_table_in_order():
    doc = read_document(fx.build_docx(), name="posting.docx")
    assert doc == Document(text=EXPECTED, format="docx", source="posting.docx")
    assert "\n\nTools we use\n\nTool | Used for\nAirflow | Scheduling pipelines\nGrafana | Dashboards\n\n" in doc.text


def test_docx_text_in_content_controls_insertions_and_numbered_lists():
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_heading("Data Engineer", level=1)
    body = document.element.body
    sdt = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtPr><w:alias w:val='Summary'/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>Text inside a content control.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    body.insert(len(body) - 1, sdt)  # before w:sectPr
    tracked = document.add_paragraph("Knows ")
    w = nsdecls("w")
    tracked._p.append(parse_xml(f"<w:ins {w} w:id='1' w:author='x'><w:r><w:t>Kafka</w:t></w:r></w:ins>"))
    tracked._p.append(parse_xml(f"<w:del {w} w:id='2' w:author='x'><w:r><w:delText>COBOL</w:delText></w:r></w:del>"))
    document.add_paragraph("Build pipelines", style="List Number")
    out = io.BytesIO()
    document.save(out)
    text = read_document(out.getvalue()).text
    assert text == "Data Engineer\n\nText inside a content control.\n\nKnows Kafka\n\n- Build pipelines"


def test_pdf_lines_headings_and_bullets():
    doc = read_document(fx.build_pdf(), name="posting.pdf")
    assert doc.format == "pdf"
    # a PDF has no paragraph markup: its lines come back in order, without blank lines
    expected = [line.replace(" | ", " ") for line in EXPECTED.split("\n") if line]
    assert lines(doc.text) == expected


def test_pdf_with_only_an_owner_password_reads():
    doc = read_document(fx.encrypt_pdf(fx.build_pdf(), user_password=""))
    assert "- Ship models with Docker and Kubernetes" in lines(doc.text)


def test_html_drops_page_chrome_and_keeps_structure():
    doc = read_document(fx.build_html().encode("utf-8"), name="job.html")
    assert doc.format == "html"
    assert doc.text == EXPECTED
    for chrome in ("Sign in", "Blog", "tracker", "enable JavaScript", "Copyright", "font-family", "Careers"):
        assert chrome not in doc.text


def test_html_is_detected_from_content_and_keeps_article_headers():
    page = (
        "<html><body><article><header><h1>QA Analyst</h1></header>"
        "<p>Test our apps by hand<br>and with Selenium.</p>"
        "<div hidden>hidden text</div><p aria-hidden='true'>icon</p></article></body></html>"
    )
    doc = read_document(page.encode(), name="posting.txt")
    assert doc.format == "html"
    assert doc.text == "QA Analyst\n\nTest our apps by hand\nand with Selenium."


def test_html_meta_charset_is_honoured():
    page = "<html><head><meta charset='windows-1252'></head><body><p>Café “naïve” résumé reader</p></body></html>"
    doc = read_document(page.encode("cp1252"))
    assert doc.text == "Café “naïve” résumé reader"


OWN_TEXT = "Senior Data Analyst\r\n\r\nYou will build dashboards in Tableau.\r\n• Strong SQL\r\n● Some Python\r\n"
OWN_TEXT_READ = "Senior Data Analyst\n\nYou will build dashboards in Tableau.\n- Strong SQL\n- Some Python"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(OWN_TEXT.encode("utf-8"), id="utf-8"),
        pytest.param(OWN_TEXT.encode("utf-8-sig"), id="utf-8 BOM"),
        pytest.param(OWN_TEXT.encode("utf-16"), id="utf-16 BOM"),
        pytest.param(b"\xfe\xff" + OWN_TEXT.encode("utf-16-be"), id="utf-16-be BOM"),
        pytest.param(OWN_TEXT.encode("utf-16-le"), id="utf-16-le no BOM"),
    ],
)
def test_text_encodings_line_endings_and_bullets(data):
    doc = read_document(data, name="posting.txt")
    assert doc == Document(text=OWN_TEXT_READ, format="txt", source="posting.txt")


def test_latin1_text_is_detected():
    text = (
        "Ingénieur données à Genève. Vous maîtrisez Python, SQL et les systèmes distribués.\n"
        "Rémunération attractive, équipe soudée, télétravail possible deux jours par semaine.\n"
    )
    assert read_document(text.encode("latin-1")).text == text.strip()


@pytest.mark.parametrize("name, fmt", [("cv.md", "md"), ("cv.markdown", "md"), ("cv.txt", "txt"), (None, "txt")])
def test_markdown_and_text_by_extension(name, fmt):
    doc = read_document(b"# Data Analyst\n\n* SQL and Excel\n* Tableau dashboards\n", name=name)
    assert doc.format == fmt
    assert doc.text == "# Data Analyst\n\n- SQL and Excel\n- Tableau dashboards"
    assert doc.source == (name or "<bytes>")


def test_path_stdin_and_bytes_give_the_same_document(tmp_path, monkeypatch):
    path = tmp_path / "posting.docx"
    path.write_bytes(fx.build_docx())
    from_path = read_document(path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))
    from_stdin = read_document("-")
    from_bytes = read_document(path.read_bytes())
    assert from_path.text == from_stdin.text == from_bytes.text == EXPECTED
    assert (from_path.source, from_stdin.source, from_bytes.source) == (str(path), "<stdin>", "<bytes>")
    assert from_path.to_dict() == {"source": str(path), "format": "docx", "text": EXPECTED}


def test_default_size_limit_is_10_mib_and_a_file_at_the_limit_reads(tmp_path):
    assert DEFAULT_MAX_BYTES == 10 * 1024 * 1024
    data = b"Python and SQL for data engineering.\n"
    path = tmp_path / "exact.txt"
    path.write_bytes(data)
    assert read_document(path, max_bytes=len(data)).text == data.decode().strip()


# ============================================================================ bad input
def _ole2(extra: bytes = b"") -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + extra


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _pdf_damaged_in_the_middle() -> bytes:
    pdf = fx.build_pdf()
    return pdf[: len(pdf) // 3] + pdf[2 * len(pdf) // 3 :]  # still ends with %%EOF


BASE64 = b"\n".join(
    bytes(f"UEsDBBQABgAIAAAAIQDfpNJsWgEAACAFAAATAAgCW0NvbnRlbnRfVHlwZXNdLnhtbCCiBAIooAAC{i:04d}", "ascii")
    for i in range(40)
)
NUMBERS = b"\n".join(b"2019, 4.5, 1200, 37, 18.2, 99, 3, 2021" for _ in range(30))

BAD_BYTES = [
    # (bytes or a builder, name, error class, words the message must contain)
    (b"", "empty.txt", EmptyDocumentError, "empty"),
    (b" \n\t\r\n  ", "blank.txt", EmptyDocumentError, "no text"),
    (bytes(range(256)) * 8, "blob.bin", UnsupportedFormatError, "binary"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "photo.png", UnsupportedFormatError, "PNG image"),
    (b"{\\rtf1\\ansi Data Scientist}", "cv.rtf", UnsupportedFormatError, "RTF"),
    (_zip({"xl/workbook.xml": b"<workbook/>"}), "sheet.xlsx", UnsupportedFormatError, "Excel"),
    (_ole2(), "cv.doc", UnsupportedFormatError, "legacy Word .doc"),
    (_ole2("EncryptedPackage".encode("utf-16-le")), "cv.docx", EncryptedDocumentError, "password"),
    (bytes(range(256)) * 8, "cv.pdf", CorruptDocumentError, "misnamed"),
    (lambda: fx.encrypt_pdf(fx.build_pdf(), "s3cret"), "locked.pdf", EncryptedDocumentError, "password"),
    (fx.image_only_pdf, "scan.pdf", NoTextLayerError, "OCR is not supported"),
    (lambda: fx.build_pdf(image_page=True), "half-scan.pdf", NoTextLayerError, "page(s) 2 of 2"),
    (lambda: fx.build_pdf()[:900], "cut.pdf", CorruptDocumentError, "truncated PDF"),
    (_pdf_damaged_in_the_middle, "hole.pdf", CorruptDocumentError, "damaged PDF"),
    (b"%PDF-1.4\nnot really a pdf\n%%EOF\n", "fake.pdf", CorruptDocumentError, "damaged PDF"),
    (lambda: fx.build_docx()[:20_000], "cut.docx", CorruptDocumentError, "truncated or damaged"),
    (
        lambda: fx.rezip(fx.build_docx(), replace={"word/document.xml": b"<w:document><w:body><w:p>"}),
        "broken.docx",
        CorruptDocumentError,
        "cannot parse the DOCX",
    ),
    (b"<html><body>" + b"<div>" * 20_000 + b"Python", "deep.html", DocumentTooLargeError, "nested about 20,000 deep"),
    (b"\xef\xbb\xbfData \xff\xfe scientist", "bom.txt", UndecodableTextError, "UTF-8"),
    (b"\xff\xfeA\x00B", "odd.txt", UndecodableTextError, "UTF-16"),
    (bytes(range(0x80, 0x100)) * 3, "mystery.txt", UndecodableTextError, "no other text encoding"),
    (BASE64, "attachment.txt", NotEnoughWordsError, "word-like"),
    (NUMBERS, "table.txt", NotEnoughWordsError, "word-like"),
]


@pytest.mark.parametrize(
    "data, name, error, words", BAD_BYTES, ids=[f"{row[2].__name__}:{row[1]}" for row in BAD_BYTES]
)
def test_bad_documents_raise_a_specific_error_naming_the_file(data, name, error, words, tmp_path):
    path = tmp_path / name
    path.write_bytes(data() if callable(data) else data)
    with pytest.raises(error) as caught:
        read_document(path)
    assert caught.type is error
    assert caught.value.source == str(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert words in str(caught.value)


def test_missing_file(tmp_path):
    with pytest.raises(MissingFileError, match="no such file"):
        read_document(tmp_path / "nope.pdf")


def test_directory(tmp_path):
    with pytest.raises(IsADirectoryInputError, match="is a directory"):
        read_document(tmp_path)


def test_too_large_file_bytes_and_stdin(tmp_path, monkeypatch):
    path = tmp_path / "long.txt"
    path.write_bytes(b"Python " * 200)
    with pytest.raises(DocumentTooLargeError, match=r"1,400 bytes, over the size limit of 1,000 bytes.*max_bytes"):
        read_document(path, max_bytes=1000)
    with pytest.raises(DocumentTooLargeError, match="max_bytes"):
        read_document(b"Python " * 200, max_bytes=1000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Python " * 200)))
    with pytest.raises(DocumentTooLargeError) as caught:
        read_document("-", max_bytes=1000)
    assert caught.value.source == "<stdin>"


def test_zip_bomb_is_refused_before_anything_is_extracted(monkeypatch):
    import docx

    bomb = fx.zip_bomb_docx()  # 20 MiB of zeros in a 60 KiB file

    def must_not_run(*args, **kwargs):
        raise AssertionError("the DOCX was opened before the zip-bomb check")

    monkeypatch.setattr(docx, "Document", must_not_run)
    with pytest.raises(DocumentTooLargeError, match=r"'word/media/padding.bin' would inflate [\d,]+ times"):
        read_document(bomb, name="bomb.docx")


def test_many_small_members_hit_the_total_uncompressed_limit():
    bomb = fx.many_small_members_docx()  # 200 x 99 KiB of zeros, each under the ratio check
    assert len(bomb) < 1024 * 1024
    with pytest.raises(DocumentTooLargeError, match=r"would expand to 20.1 MiB \(at most 10.0 MiB"):
        read_document(bomb, max_bytes=1024 * 1024)
    assert read_document(bomb).format == "docx"  # within 10 x the default limit


# ============================================================================ definitions
@pytest.mark.parametrize(
    "text, ratio",
    [
        ("Python, SQL and R&D (Preferred).", 1.0),
        ("CI/CD with Node.js - don't panic", 1.0),
        ("2019 - 2021 Data Scientist", 2 / 4),
        ("₹20,00,000 K8s C++", 1 / 3),
        ("- | • --", 0.0),
    ],
)
def test_word_ratio(text, ratio):
    assert word_ratio(text) == pytest.approx(ratio)


def test_the_word_ratio_threshold_is_between_real_text_and_garbage():
    assert word_ratio(fx.posting_text()) > 0.9 > MIN_WORD_RATIO
    assert word_ratio(BASE64.decode()) < 0.2 < MIN_WORD_RATIO


@pytest.mark.parametrize(
    "data, name, fmt",
    [
        (b"  %PDF-1.7 ...", None, "pdf"),
        (b"<!DOCTYPE html><p>x</p>", None, "html"),
        (b"<p>a</p><p>b</p><ul><li>c</li></ul>", "notes.txt", "html"),
        (b"<p>a</p><p>b</p><ul><li>c</li></ul>", "notes.md", "md"),
        (b"<p>one tag</p>", None, "txt"),
        (b"plain", "x.HTML", "html"),
    ],
)
def test_detect_format(data, name, fmt):
    assert detect_format(data, name) == fmt


def test_import_analyser_does_not_import_the_parsers():
    code = (
        "import sys, analyser, analyser.documents\n"
        "parsers = ('pypdf', 'docx', 'selectolax', 'charset_normalizer', 'bs4', 'fpdf')\n"
        "print([m for m in parsers if m in sys.modules])"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True)
    assert out.stdout.strip() == "[]"


# ============================================================================ properties
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_PDF_SEED = fx.build_pdf()
_DOCX_SEED = fx.build_docx()


def _read_or_input_error(data: bytes) -> None:
    try:
        doc = read_document(data)
    except InputError:
        return
    assert doc.text and doc.text == doc.text.strip("\n") and "\r" not in doc.text
    assert doc.format in ("txt", "md", "html", "pdf", "docx")


@FUZZ
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_give_a_document_or_an_input_error(data):
    _read_or_input_error(data)


@FUZZ
@given(
    st.sampled_from(
        [b"%PDF-1.4\n", b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xff\xfe", b"<html>"]
    ),
    st.binary(max_size=1024),
)
def test_bytes_behind_a_magic_number_give_a_document_or_an_input_error(magic, rest):
    _read_or_input_error(magic + rest)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from([_PDF_SEED, _DOCX_SEED]),
    st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8),
    st.floats(0.05, 1),
)
def test_damaged_pdf_and_docx_give_a_document_or_an_input_error(seed, flips, keep):
    data = bytearray(seed[: max(1, int(len(seed) * keep))])
    for where, value in flips:
        data[int(where * len(data))] = value
    _read_or_input_error(bytes(data))


# ============================================================================ same skills
def test_docx_pdf_html_and_text_of_one_posting_give_the_same_skills():
    """The loading layer must not change what the extractor finds: the posting's own text,
    its DOCX, its PDF and its HTML give the same skill ids (exact equality: each line of the
    fixture fits on one PDF line, so no multi-word skill is split by a line break)."""
    try:
        from analyser import Analyser
    except ImportError as exc:  # pragma: no cover - the extractor is written in parallel
        pytest.skip(f"analyser.Analyser cannot be imported (the extractor or spaCy is missing): {exc}")
    from analyser.errors import AnalyserError

    try:
        analyser = Analyser()
    except AnalyserError:
        mini = Path(__file__).resolve().parent / "data" / "mini_taxonomy.toml"
        if not mini.is_file():
            pytest.skip("neither the bundled taxonomy nor tests/data/mini_taxonomy.toml is available")
        analyser = Analyser(mini)
    expected = analyser.extract(EXPECTED).skill_ids
    assert len(expected) >= 3, f"the posting should mention several known skills, got {sorted(expected)}"
    for data in (fx.build_docx(), fx.build_pdf(), fx.build_html().encode()):
        doc = read_document(data)
        assert analyser.extract(doc.text).skill_ids == expected, doc.format
