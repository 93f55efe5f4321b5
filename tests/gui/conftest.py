"""GUI tests: real bundled models, a data dir in tmp_path, documents the tests make."""
import os

# Before any Qt import: no display is needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

PAGES = [
    "Chapter 1. Introduction. This handbook describes the lighthouse keepers of Varden Island "
    "and how they kept the lamp burning through the long winter nights.",
    "Chapter 2. The copper kettle. The keepers brewed juniper tea in a copper kettle every "
    "evening at nine o'clock; the kettle was polished each Sunday with vinegar and salt.",
    "Chapter 3. Storms. During the great storm of 1911 the keepers rang the fog bell for "
    "forty hours without rest until the fishing fleet returned safely to harbour.",
]

MARKDOWN = """# Garden notes

## Tomatoes

Tomato seedlings are planted out in late May, after the last frost, and watered at dawn.

## Bees

The beehive stands behind the apple tree; honey is harvested once a year in August.
"""


def write_pdf(path: Path, pages: list[str]) -> None:
    """A real text PDF drawn with Qt's own PDF writer, one paragraph a page."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QFont, QPageSize, QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    painter = QPainter(writer)
    painter.setFont(QFont("DejaVu Sans", 12))
    for i, text in enumerate(pages):
        if i:
            writer.newPage()
        painter.drawText(QRectF(40, 40, 500, 700), Qt.TextFlag.TextWordWrap, text)
    painter.end()


@pytest.fixture(scope="session")
def bundled_model(tmp_path_factory) -> Path:
    """The bundled Gemma 3 270M, assembled once for the whole session."""
    from assistant.core.answer.llm import bundled_model_path

    return bundled_model_path(tmp_path_factory.mktemp("models"))


@pytest.fixture
def data_dir(tmp_path, bundled_model) -> Path:
    d = tmp_path / "data"
    (d / "models").mkdir(parents=True)
    # The app looks for the bundled model in data_dir/models; a link saves re-assembling it.
    try:
        os.link(bundled_model, d / "models" / bundled_model.name)
    except OSError:
        shutil.copy(bundled_model, d / "models" / bundled_model.name)
    return d


@pytest.fixture
def corpus(tmp_path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    write_pdf(docs / "lighthouse.pdf", PAGES)
    (docs / "garden.md").write_text(MARKDOWN, encoding="utf-8")
    return docs


@pytest.fixture
def window(qtbot, data_dir):
    from assistant.core.services import Services
    from assistant.gui.main_window import MainWindow

    w = MainWindow(Services(data_dir))
    qtbot.addWidget(w)
    w.show()
    yield w
    w.shutdown()
