"""Builders of test documents for ``tests/test_documents.py``, all from our own text.

The posting below is fictional and was written for these tests (no real advert, no real
company). Each builder renders the same :data:`POSTING` blocks into one format, so a test can
compare what :func:`analyser.documents.read_document` gives back with :func:`posting_text`,
the text the loading layer promises for it (headings on their own lines, ``"- "`` bullets,
blank lines between paragraphs, a table row as ``"cell | cell"``).

python-docx writes DOCX, fpdf2 writes PDF (a test extra), pypdf encrypts PDFs.
"""

from __future__ import annotations

import datetime
import io
import zipfile

_FIXED_DATE = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)

# (kind, content): kind is "heading", "para", "item" (a bullet) or "table" (rows of cells).
POSTING: list[tuple[str, object]] = [
    ("heading", "Machine Learning Engineer"),
    ("para", "Fernhill Weather Labs is a fictional company that forecasts rain for farmers."),
    ("para", "You will turn radar images into forecasts that growers can trust."),
    ("heading", "Responsibilities"),
    ("item", "Train forecasting models in Python with PyTorch"),
    ("item", "Write SQL to clean years of sensor data"),
    ("item", "Ship models with Docker and Kubernetes"),
    ("heading", "Requirements"),
    ("item", "Three years of machine learning experience"),
    ("item", "Good knowledge of statistics and Apache Spark"),
    ("item", "Experience with object-oriented design"),
    ("heading", "Tools we use"),
    ("table", [["Tool", "Used for"], ["Airflow", "Scheduling pipelines"], ["Grafana", "Dashboards"]]),
    ("heading", "Nice to have"),
    ("para", "Some Go or R programming, and a liking for wet weather."),
]


def posting_text(blocks: list[tuple[str, object]] = POSTING) -> str:
    """The text ``read_document`` should return for a DOCX or HTML rendering of ``blocks``."""
    parts: list[str] = []
    previous = None
    for kind, content in blocks:
        lines = [" | ".join(row) for row in content] if kind == "table" else [str(content)]
        if kind == "item":
            lines = ["- " + lines[0]]
        for line in lines:
            if parts:
                same_run = kind == previous and kind in ("item", "table")
                parts.append("\n" if same_run else "\n\n")
            parts.append(line)
            previous = kind
    return "".join(parts)


# ----------------------------------------------------------------------------- DOCX
def build_docx(blocks: list[tuple[str, object]] = POSTING) -> bytes:
    """A DOCX made with python-docx: Heading 1/2 styles, "List Bullet" paragraphs, a table."""
    import docx

    document = docx.Document()
    first_heading = True
    for kind, content in blocks:
        if kind == "heading":
            document.add_heading(str(content), level=1 if first_heading else 2)
            first_heading = False
        elif kind == "para":
            document.add_paragraph(str(content))
        elif kind == "item":
            document.add_paragraph(str(content), style="List Bullet")
        elif kind == "table":
            rows = list(content)  # type: ignore[call-overload]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rezip(docx_bytes: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """Copy a DOCX zip, replacing and adding members (deflated)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = (replace or {}).get(info.filename, src.read(info.filename))
            dst.writestr(info.filename, data)
        for name, data in (add or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def zip_bomb_docx(member_bytes: int = 20 * 1024 * 1024) -> bytes:
    """A valid DOCX plus one member of ``member_bytes`` zeros (deflates about 1000 times)."""
    return rezip(build_docx(), add={"word/media/padding.bin": bytes(member_bytes)})


def many_small_members_docx(count: int = 200, size: int = 99 * 1024) -> bytes:
    """A DOCX plus ``count`` members of ``size`` zeros each: every member stays under the
    ratio check's grace size, only the total declared size gives the bomb away."""
    return rezip(build_docx(), add={f"word/media/pad{i}.bin": bytes(size) for i in range(count)})


# ----------------------------------------------------------------------------- PDF
def build_pdf(blocks: list[tuple[str, object]] = POSTING, *, image_page: bool = False) -> bytes:
    """A PDF made with fpdf2 (core Helvetica font): bold headings, "- " bullets, table rows as
    cells; with ``image_page`` a second page holding only an image (a scanned-like page)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(_FIXED_DATE)  # same bytes on every run
    pdf.add_page()
    for kind, content in blocks:
        if kind == "heading":
            pdf.set_font("Helvetica", "B", 14)
            pdf.cell(0, 9, str(content), new_x="LMARGIN", new_y="NEXT")
        elif kind in ("para", "item"):
            pdf.set_font("Helvetica", size=11)
            text = ("- " if kind == "item" else "") + str(content)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        elif kind == "table":
            pdf.set_font("Helvetica", size=11)
            for row in content:  # type: ignore[attr-defined]
                for cell in row:
                    pdf.cell(60, 7, cell, border=1)
                pdf.ln(7)
    if image_page:
        pdf.add_page()
        pdf.image(_png_bytes(), x=20, y=20, w=120)
    return bytes(pdf.output())


def image_only_pdf() -> bytes:
    """A one-page PDF whose page is an image and nothing else: what a scanner produces."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(_FIXED_DATE)
    pdf.add_page()
    pdf.image(_png_bytes(), x=20, y=20, w=160)
    return bytes(pdf.output())


def _png_bytes() -> io.BytesIO:
    """A small grey PNG with a darker band, made with Pillow (an fpdf2 dependency)."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (120, 60), color=230)
    ImageDraw.Draw(image).rectangle((10, 20, 110, 30), fill=40)
    out = io.BytesIO()
    image.save(out, format="PNG")
    out.seek(0)
    return out


def encrypt_pdf(pdf_bytes: bytes, user_password: str, owner_password: str = "owner-secret") -> bytes:
    """Encrypt a PDF with pypdf (RC4-128, which needs no extra package)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ----------------------------------------------------------------------------- HTML
def build_html(blocks: list[tuple[str, object]] = POSTING) -> str:
    """A job page: the posting in <main>, wrapped in the chrome a careers site adds (a banner
    header, nav, script, style, noscript, a footer), none of which is posting text."""
    body: list[str] = []
    in_list = False
    first_heading = True
    for kind, content in blocks:
        if kind != "item" and in_list:
            body.append("</ul>")
            in_list = False
        if kind == "heading":
            level = 1 if first_heading else 2
            first_heading = False
            body.append(f"<h{level}>{content}</h{level}>")
        elif kind == "para":
            body.append(f"<p>\n  {content}\n</p>")
        elif kind == "item":
            if not in_list:
                body.append("<ul>")
                in_list = True
            body.append(f"  <li>{content}</li>")
        elif kind == "table":
            rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in content)  # type: ignore[attr-defined]
            body.append(f"<table>{rows}</table>")
    if in_list:
        body.append("</ul>")
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>Careers | Fernhill</title>"
        "<style>body { font-family: sans-serif } .secret { color: red }</style></head>\n"
        "<body><header><a href='/'>Fernhill home</a> Sign in</header>\n"
        "<nav><ul><li>Jobs</li><li>Teams</li><li>Blog</li></ul></nav>\n"
        "<script>window.tracker = 'track everything';</script>"
        "<noscript>Please enable JavaScript</noscript>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n<footer>Copyright Fernhill. Privacy policy.</footer></body></html>\n"
    )
