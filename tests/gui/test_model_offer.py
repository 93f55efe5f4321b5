"""First start: a bar offers a model that fits this computer (the bundled one is tiny), once;
"Choose a model…" opens the Models page with it selected; it is not shown again."""
from assistant.core.models import catalog


def _info(ram_gb, gpu=None, vram_gb=None):
    m = catalog.Machine(int(ram_gb * 1e9), gpu, int(vram_gb * 1e9) if vram_gb else None)
    rows = [e.to_json(catalog.fit(e, m), False) for e in catalog.load()]
    return {"catalog": rows, "machine": {"ram_bytes": m.ram_bytes, "gpu": gpu, "vram_free_bytes": m.vram_bytes},
            "models": [], "active": "gemma-3-270m-q4_k_m.gguf", "gpu_offload": False}


def test_the_recommendation_fits_the_machine_and_the_language():
    small = catalog.recommend(_info(4)["catalog"])
    assert small is None or small["size_bytes"] < 1.5e9  # 4 GB of RAM: only the smallest, if any
    big = catalog.recommend(_info(32)["catalog"])
    assert big is not None and big["fit"] == "fits" and big["sha256"]
    ja = catalog.recommend(_info(32)["catalog"], japanese=True)
    assert ja is not None and ja["japanese"] is True


def test_the_first_start_offers_a_model_once(qtbot, window, data_dir):
    w = window
    qtbot.waitUntil(lambda: w.models_info is not None, timeout=60000)
    assert w.model_offer.isVisible()
    assert "bundled model is tiny" in w.model_offer.text.text()
    w.model_offer.choose_button.click()
    assert not w.model_offer.isVisible()
    models = w.settings_dialog.models_dialog
    if w.model_offer.suggested is not None:
        assert models.selected()["name"] == w.model_offer.suggested["name"]
    models.reject()
    w.settings_dialog.reject()

    from assistant.core.services import Services
    from assistant.gui.main_window import MainWindow

    again = MainWindow(Services(data_dir))
    qtbot.addWidget(again)
    again.show()
    try:
        qtbot.waitUntil(lambda: again.models_info is not None, timeout=60000)
        assert not again.model_offer.isVisible()  # shown once
    finally:
        again.shutdown()
