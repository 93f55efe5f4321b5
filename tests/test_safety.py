"""Settings survive corruption; chat templates cannot run code; one writer at a time."""
import pytest

import assistant  # noqa: F401
from assistant.core.platform import config
from assistant.core.answer import templates
from assistant.core.platform.lock import IndexBusy, WriterLock


def test_corrupt_settings_fall_back_to_defaults(tmp_path):
    (tmp_path / "settings.toml").write_text("this is = = not toml [[[")
    settings, warning = config.load(tmp_path)
    assert settings == config.Settings()
    assert warning and "defaults" in warning
    assert (tmp_path / "settings.toml.corrupt").exists()


def test_settings_round_trip(tmp_path):
    s = config.Settings(temperature=0.7, roots=["/x"], gpu_layers="off")
    config.save(tmp_path, s)
    loaded, warning = config.load(tmp_path)
    assert loaded == s and warning is None


def test_wrong_types_in_settings_are_ignored(tmp_path):
    (tmp_path / "settings.toml").write_text('temperature = "hot"\nsources = 8\n')
    s, _ = config.load(tmp_path)
    assert s.temperature == config.Settings().temperature and s.sources == 8


def test_template_cannot_reach_python_internals(tmp_path):
    marker = tmp_path / "pwned"
    evil = ("{{ ''.__class__.__mro__[1].__subclasses__() }}"
            "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}")
    with pytest.raises(templates.TemplateRefused):
        templates.render(evil, [{"role": "user", "content": "hi"}])
    assert not marker.exists()


def test_normal_template_renders():
    t = ("{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}"
         "{% if add_generation_prompt %}<|assistant|>{% endif %}")
    out = templates.render_chat(t, "be brief", "hello")
    assert "<|system|>be brief" in out and out.endswith("<|assistant|>")


def test_second_writer_is_refused_with_a_message(tmp_path):
    with WriterLock(tmp_path):
        with pytest.raises(IndexBusy, match="another assistant"):
            WriterLock(tmp_path).acquire()
    WriterLock(tmp_path).acquire().release()  # free again once the first let go
