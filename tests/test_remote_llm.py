"""Answers from a server the user runs: llama-cpp-python's OpenAI-compatible server on loopback,
serving the bundled model, with an API key. Streaming, Stop, quotes, citations and the checks
work as with the local model, and the only connection made is to that server."""
import subprocess
import sys
from pathlib import Path

import pytest

from clihelpers import json_lines, run_cli
from llmserver import llama_server

from assistant.core.answer import ask
from assistant.core.answer.llm import ModelError, bundled_model_path
from assistant.core.answer.remote_llm import RemoteLLM
from assistant.core.services import Services

KEY = "test-key-123"
GUARD = Path(__file__).parent / "netguard"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("llmserver")
    model = bundled_model_path(base / "models")
    with llama_server(model, base / "server.log", api_key=KEY) as url:
        yield url, model


def _env(url: str, api: str = "completions") -> dict:
    return {"ASSISTANT_LLM_URL": url, "ASSISTANT_LLM_API": api, "ASSISTANT_LLM_API_KEY": KEY}


def test_cli_answer_comes_from_the_server_with_quotes_and_citations(indexed, server):
    _, data = indexed
    url, model = server
    r = run_cli("ask", "How long is the warranty?", "--json", data_dir=data, env=_env(url))
    assert r.returncode == 0, r.stderr
    out = json_lines(r.stdout)[0]
    assert out["model"] == str(model)  # the name the server gave, not the local file's
    assert out["answer"].strip()
    assert out["quotes"] and "36 months" in " ".join(out["quotes"][0]["text"].split())
    assert any(s["cited"] for s in out["sources"])
    assert out["sources"][0]["path"].endswith("manual.pdf")
    assert out["timings"]["first_token_ms"] > 0


@pytest.mark.parametrize("api", ["completions", "chat"])
def test_tokens_stream_one_by_one_then_a_checked_answer(indexed, server, monkeypatch, api):
    _, data = indexed
    url, _ = server
    for k, v in _env(url, api).items():
        monkeypatch.setenv(k, v)
    services = Services(data)
    assert isinstance(services.llm, RemoteLLM)
    # Greedy: what is checked is the streaming and the answer checks, not one sampled draw of a
    # base model (behind the chat endpoint it may copy a source instead of answering).
    events = list(ask.answer("How often should I descale the machine?", services.retriever, services.llm,
                             max_tokens=48, temperature=0.0))
    kinds = [type(e).__name__ for e in events]
    assert kinds[:2] == ["SourcesFound", "QuotesFound"] and kinds[-1] == "AnswerDone"
    tokens = [e.text for e in events if isinstance(e, ask.Token)]
    assert len(tokens) > 3  # streamed, not one block at the end
    done = events[-1]
    assert done.error is None and not done.cancelled
    assert any(s.cited for s in done.sources)
    assert "[" in done.answer  # a citation, the model's own or attributed
    assert "90 days" in " ".join(" ".join(q.text.split()) for q in done.quotes)
    assert services.answers_from() == f"{url} ({services.llm.model})"


def test_stop_ends_the_stream_between_tokens(indexed, server):
    _, data = indexed
    url, _ = server
    services = Services(data)
    llm = RemoteLLM(url, api="completions", key=KEY)
    seen = []

    def cancel():
        return len(seen) >= 3

    for ev in ask.answer("How often should I descale the machine?", services.retriever, llm,
                         max_tokens=300, cancel=cancel):
        if isinstance(ev, ask.Token):
            seen.append(ev.text)
        last = ev
    assert isinstance(last, ask.AnswerDone) and last.cancelled
    assert len(seen) == 3


def test_wrong_key_and_missing_server_are_one_sentence(indexed, server):
    _, data = indexed
    url, _ = server
    with pytest.raises(ModelError, match="refused the API key"):
        RemoteLLM(url, key="wrong").load()
    r = run_cli("ask", "How long is the warranty?", data_dir=data,
                env={"ASSISTANT_LLM_URL": "http://127.0.0.1:9/v1", "ASSISTANT_LLM_API_KEY": KEY})
    assert r.returncode == 1
    err = r.stderr.strip().splitlines()
    assert len(err) == 1 and "cannot be reached" in err[0] and "Traceback" not in r.stderr
    assert "36 months" in " ".join(r.stdout.split())  # the quotes were printed before the server was needed


def test_only_the_configured_server_is_contacted(tmp_path, indexed, server):
    """The offline guarantee with an answer server: index, search and ask, and every connection
    attempted goes to that host:port (the socket guard refuses and logs any other, loopback too)."""
    docs, data = indexed
    url, _ = server
    log = tmp_path / "net.log"
    hostport = url.split("//")[1].split("/")[0]
    env = {**_env(url), "PYTHONPATH": str(GUARD), "NET_GUARD_LOG": str(log), "NET_GUARD_ALLOW": hostport,
           "HF_HOME": str(tmp_path / "hf")}
    for args in (("search", "warranty months", "--json"), ("ask", "How long is the warranty?", "--json")):
        r = run_cli(*args, data_dir=data, env=env)
        assert r.returncode == 0, r.stderr
    lines = log.read_text().splitlines() if log.exists() else []
    others = [line for line in lines if "allowed" not in line]
    assert others == [], f"connections other than {hostport}:\n" + "\n".join(others)
    assert any(f"allowed {hostport}" in line for line in lines)  # the answer did come from there


def test_ask_with_a_local_model_ignores_the_server(indexed, server):
    _, data = indexed
    services = Services(data)
    services.settings.llm_url = "http://127.0.0.1:9/v1"
    services.local_only = True
    assert services.answers_from() == "this computer"
    assert not isinstance(services.llm, RemoteLLM)


if __name__ == "__main__":
    sys.exit(subprocess.call([sys.executable, "-m", "pytest", "-q", __file__]))
