"""Loaders: each format yields its text with the right locations; bad files get a reason."""
import zipfile

import pytest

import assistant  # noqa: F401
from assistant.core.ingest import documents
from pdfmaker import make_encrypted_pdf, make_pdf


def test_pdf_pages_are_one_based_and_in_order(tmp_path):
    p = make_pdf(tmp_path / "a.pdf", ["first page words", "second page words", "third page words"])
    doc = documents.load(str(p))
    assert [s.page for s in doc.sections] == [1, 2, 3]
    assert "second page" in doc.sections[1].text


def test_encrypted_pdf_is_refused_with_reason(tmp_path):
    p = make_encrypted_pdf(tmp_path / "locked.pdf", "hidden")
    with pytest.raises(documents.LoadError) as err:
        documents.load(str(p))
    assert err.value.reason == documents.ENCRYPTED


def test_truncated_pdf_is_corrupt_not_a_crash(tmp_path):
    p = make_pdf(tmp_path / "a.pdf", ["some text"])
    p.write_bytes(p.read_bytes()[:60])
    with pytest.raises(documents.LoadError) as err:
        documents.load(str(p))
    assert err.value.reason == documents.CORRUPT


def test_html_keeps_visible_text_and_headings_only(tmp_path):
    p = tmp_path / "x.html"
    p.write_text("<html><head><title>T</title><script>alert('no')</script><style>p{}</style></head>"
                 "<body><h1>Top</h1><p>intro</p><h2>Sub</h2><p>body text</p></body></html>")
    doc = documents.load(str(p))
    text = " ".join(s.text for s in doc.sections)
    assert "alert" not in text and "p{}" not in text
    assert doc.title == "T"
    sub = [s for s in doc.sections if "body text" in s.text][0]
    assert sub.heading == "Top > Sub"


def test_html_source_line_breaks_are_spaces_but_pre_keeps_its_lines(tmp_path):
    """A manual's HTML wraps its source lines anywhere; a browser shows them as spaces. Kept as
    line breaks, a short one looked like the end of a heading or a table row and cut the
    sentence in two, for chunks and for quotes. Code in <pre> keeps its lines."""
    from assistant.core.ingest.chunking import chunk_document
    from assistant.core.search.embedding import Embedder
    from assistant.core.text import sentences

    p = tmp_path / "conn.html"
    p.write_text("<html><body><h2>max_connections</h2>\n<p>At most max_connections connections can be\n"
                 "active at once. Whenever the\nnumber of active connections is at least\n"
                 "max_connections minus\n<code>superuser_reserved_connections</code>, new\n"
                 "connections will be accepted only for superusers.</p>\n"
                 "<pre>$ psql testdb\npsql (15.18)\ntestdb=&gt;</pre></body></html>")
    doc = documents.load(str(p))
    text = "\n\n".join(s.text for s in doc.sections)
    whole = ("Whenever the number of active connections is at least max_connections minus "
             "superuser_reserved_connections, new connections will be accepted only for superusers.")
    assert whole in [text[a:b] for a, b in sentences.split(text)]
    assert "$ psql testdb\npsql (15.18)\ntestdb=>" in text
    # Between two Japanese characters a source line break is nothing at all (as browsers show
    # it); a space there would also split the words full-text search pairs up.
    p.write_text("<html><body><p>特定の Debian アーカイブファイル (.deb\nファイル) に関連するパッケージの\n"
                 "名前は以下のような方法で確認できます。</p></body></html>", encoding="utf-8")
    ja = documents.load(str(p)).sections[0].text
    assert ja == "特定の Debian アーカイブファイル (.deb ファイル) に関連するパッケージの名前は以下のような方法で確認できます。"
    chunks = chunk_document(doc, Embedder().counter)
    assert any(whole in c.text for c in chunks)


def test_an_html_tables_rows_are_lines_with_their_cells_side_by_side(tmp_path):
    """A manual's table (types and their ranges, options and their defaults) is read a row per
    line, cells split by tabs: the row says what a cell alone does not. A layout table (a long
    cell, a table in a table) keeps its blocks."""
    from assistant.core.text import sentences

    p = tmp_path / "numeric.html"
    p.write_text("<html><body><h2>Numeric Types</h2><p>Table 8.2 lists the types.</p>\n"
                 "<table><thead><tr><th>Name</th><th>Storage Size</th><th>Range</th></tr></thead>\n"
                 "<tbody><tr><td><code>smallint</code></td>\n<td>2 bytes</td><td>-32768 to +32767</td></tr>\n"
                 "<tr><td><code>bigserial</code></td><td>8 bytes</td><td><p>1 to\n9223372036854775807</p></td></tr>"
                 "</tbody></table>\n<table><tr><td><table><tr><td>a</td><td>b</td></tr></table></td>"
                 "<td><p>" + "A long paragraph of page layout. " * 12 + "</p><p>Its second paragraph.</p></td>"
                 "</tr></table></body></html>")
    text = documents.load(str(p)).sections[0].text
    lines = text.splitlines()
    assert "Name\tStorage Size\tRange" in lines
    assert "smallint\t2 bytes\t-32768 to +32767" in lines
    assert "bigserial\t8 bytes\t1 to 9223372036854775807" in lines
    assert "a\tb" in lines and "Its second paragraph." in lines  # the layout row kept its blocks
    units = [text[a:b] for a, b in sentences.split(text)]
    assert "bigserial\t8 bytes\t1 to 9223372036854775807" in units  # a row is one unit, not merged


def test_page_navigation_of_a_generated_manual_is_not_read(tmp_path):
    """"Prev | Up | Home | Next" and the neighbouring chapters' titles, on every page of a DocBook
    or Sphinx manual, are no text of the page: they were passages and quotes of their own. The
    page's own text, a table of its own, and text after the navigation are all kept."""
    p = tmp_path / "bgworker.html"
    p.write_text('<html><head><title>Chapter 48. Background Worker Processes</title></head><body>'
                 '<div class="navheader"><table summary="Navigation header"><tr><th colspan="3">Chapter 48. '
                 'Background Worker Processes</th></tr><tr><td><a href="spi.html">Prev</a></td><td><a href='
                 '"server-programming.html">Up</a></td><td><a href="logical.html">Next</a></td></tr></table>'
                 '<hr /></div><div class="chapter"><h2>Chapter 48. Background Worker Processes</h2>'
                 '<div><p>PostgreSQL can run user-supplied code in separate processes.</p></div>'
                 '<table><tr><td>max_worker_processes</td><td>8</td></tr></table></div>'
                 '<nav><ul><li><a href="index.html">Home</a></li></ul></nav>'
                 '<div role="navigation">Part V. Server Programming</div>'
                 '<p>The maximum number of registered background workers is limited.</p>'
                 '<div class="navfooter"><table><tr><td>Prev</td><td>Up</td><td>Next</td></tr>'
                 '<tr><td>SPI_start_transaction</td><td>Home</td><td>Chapter 49. Logical Decoding</td></tr>'
                 '</table></div></body></html>')
    doc = documents.load(str(p))
    text = "\n".join(s.text for s in doc.sections)
    for nav in ("Prev", "Next", "Home", "Part V", "SPI_start_transaction", "Logical Decoding"):
        assert nav not in text, nav
    assert "PostgreSQL can run user-supplied code in separate processes." in text
    assert "max_worker_processes\t8" in text.splitlines()
    assert "The maximum number of registered background workers is limited." in text
    assert doc.sections[0].heading == "Chapter 48. Background Worker Processes"
    # A page that is nothing but navigation (a site map) is still read, not indexed as empty.
    site_map = tmp_path / "sitemap.html"
    site_map.write_text('<html><body><nav><ul><li><a href="a.html">Installing the printer</a></li>'
                        '<li><a href="b.html">Warranty terms</a></li></ul></nav></body></html>')
    assert "Warranty terms" in documents.load(str(site_map)).sections[0].text
    # Navigation that never ends (a void element, a <li> without its end tag, an unclosed
    # <div class="navheader">) costs nothing of the page after it.
    for nav in ('<img class="navigation" src="x.png">', '<ul><li class="related">Prev<li>Next</ul>',
                '<div class="navheader">Prev | Next'):
        odd = tmp_path / "odd.html"
        odd.write_text(f"<html><body><p>Intro.</p>{nav}<p>The warranty lasts two years.</p></body></html>")
        assert "The warranty lasts two years." in "\n".join(s.text for s in documents.load(str(odd)).sections), nav


def test_markdown_heading_path(tmp_path):
    p = tmp_path / "n.md"
    p.write_text("# A\n\nalpha\n\n## B\n\nbeta\n\n```\n# not a heading\n```\n\n# C\n\ngamma\n")
    doc = documents.load(str(p))
    by_text = {s.text.strip().splitlines()[-1]: s.heading for s in doc.sections}
    assert by_text["alpha"] == "A"
    assert by_text["```"] == "A > B"  # the fenced '#' line did not start a section
    assert by_text["gamma"] == "C"


def test_text_encoding_is_detected(tmp_path):
    p = tmp_path / "sjis.txt"
    p.write_bytes("日本語のテキストファイルです。文字コードはシフトJISです。".encode("shift_jis"))
    doc = documents.load(str(p))
    assert "日本語のテキスト" in doc.sections[0].text


def test_binary_file_named_txt_is_unsupported(tmp_path):
    p = tmp_path / "fake.txt"
    p.write_bytes(bytes(range(256)) * 100)
    with pytest.raises(documents.LoadError) as err:
        documents.load(str(p))
    assert err.value.reason == documents.UNSUPPORTED


def test_docx_headings_and_tables(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("Contract", level=1)
    d.add_paragraph("The parties agree as follows.")
    d.add_heading("Payment", level=2)
    d.add_paragraph("Invoices are due within 30 days.")
    t = d.add_table(rows=1, cols=2)
    t.rows[0].cells[0].text = "Fee"
    t.rows[0].cells[1].text = "500 EUR"
    d.save(tmp_path / "c.docx")
    doc = documents.load(str(tmp_path / "c.docx"))
    pay = [s for s in doc.sections if "30 days" in s.text][0]
    assert pay.heading == "Contract > Payment"
    assert "500 EUR" in pay.text


def test_zip_bomb_docx_is_refused_before_inflating(tmp_path):
    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (600 * 1024 * 1024))
    with pytest.raises(documents.LoadError) as err:
        documents.load(str(p))
    assert err.value.reason == documents.TOO_LARGE


def test_a_pdfs_bookmarks_give_each_part_of_a_page_its_section(tmp_path):
    """A manual's PDF names its sections in its outline: each chunk is embedded and searched
    with the section it lies in, a page that starts a new section half-way down included, and
    a page that only continues a section keeps that section's name."""
    from assistant.core.ingest.chunking import chunk_document
    from assistant.core.search.embedding import Embedder

    console = " ".join(f"The console line {i} shows text without any graphics." for i in range(30))
    shutdown = " ".join(f"Step {i}: the machine stops its services before power is cut." for i in range(30))
    p = make_pdf(tmp_path / "manual.pdf",
                 ["1.1 Console basics\n" + console + "\n1.2 How to shutdown the system\n" + shutdown,
                  "More steps: halt and poweroff both work from the root prompt.\n2 Network setup\n"
                  "Interfaces are configured in /etc/network/interfaces."],
                 outline=[(0, "Tutorials", 0), (1, "Console basics", 0), (1, "How to shutdown the system", 0),
                          (0, "Network setup", 1)])
    doc = documents.load(str(p))
    first, second = doc.sections
    assert second.heading == "How to shutdown the system"  # in effect at the top of page 2
    assert [h for _at, h in second.marks] == ["Network setup"]
    chunks = chunk_document(doc, Embedder().counter)
    by_heading = {}
    for c in chunks:
        by_heading.setdefault(c.heading, []).append(c.text)
    assert any("console line 3 " in t for t in by_heading["Console basics"])
    assert any("Step 3:" in t for t in by_heading["How to shutdown the system"])
    assert not any("Step 3:" in t for t in by_heading["Console basics"])
    assert any(t.startswith("Interfaces are configured") or "Interfaces are configured" in t
               for t in by_heading["Network setup"])
    page1 = [c for c in chunks if c.page == 1]
    assert all(first.text[c.start:c.end] == c.text for c in page1)  # offsets are still the page's
    # A title printed in capitals is still found; a page's bookmark whose title is not printed
    # (a chapter's banner image) names the page from its top.
    p = make_pdf(tmp_path / "caps.pdf", ["Intro text.", "GETTING STARTED\nPlug the machine in.",
                                         "Maintenance steps follow here."],
                 outline=[(0, "Introduction", 0), (0, "Getting started", 1), (0, "Care and cleaning", 2)])
    pages = documents.load(str(p)).sections
    assert pages[1].marks == [(0, "Getting started")] or pages[1].heading_at(0) == "Getting started"
    assert pages[2].heading_at(0) == "Care and cleaning"


def test_a_pdfs_running_header_and_footer_are_not_read_as_text(tmp_path):
    """The book's title and page number printed on every page are in no passage's meaning:
    they are left out of the pages' text (so out of the full-text terms, the embeddings and
    the quotes), while a line that merely repeats inside the pages stays."""
    bodies = ["Rent is due on the first day of each month.\nLate payment costs 5 percent.",
              "The tenant may keep one cat.\nLate payment costs 5 percent.",
              "Repairs are the landlord's duty.\nThe deposit is two months of rent.",
              "Notice must be given in writing.\nLate payment costs 5 percent.",
              "Either party may end the lease with three months of notice.\nSigned in Springfield."]
    pages = [f"Acme Lease Agreement {i + 1} / 5\n{body}\nConfidential - page {i + 1}"
             for i, body in enumerate(bodies)]
    doc = documents.load(str(make_pdf(tmp_path / "lease.pdf", pages)))
    texts = [" ".join(s.text.split()) for s in doc.sections]
    assert not any("Acme Lease Agreement" in t or "Confidential" in t for t in texts)
    for text, body in zip(texts, bodies):
        assert text == " ".join(body.split())
    # Two pages are too few to tell a running header from a repeated first line.
    doc = documents.load(str(make_pdf(tmp_path / "memo.pdf", pages[:2])))
    assert all("Acme Lease Agreement" in s.text for s in doc.sections)
    # A page of invoices says which invoice and how much on its first and last lines: only a
    # number that counts the pages makes a line running, so these stay.
    invoices = [f"Invoice No. 2024-{1000 + 7 * i}\nCleaning of the stairs, month {i + 1}.\nTotal: {90 + 13 * i}.00 EUR"
                for i in range(5)]
    doc = documents.load(str(make_pdf(tmp_path / "invoices.pdf", invoices)))
    assert [" ".join(s.text.split()) for s in doc.sections] == [" ".join(t.split()) for t in invoices]
