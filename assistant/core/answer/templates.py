"""Chat templates from model files, rendered only in Jinja's immutable sandbox.

A GGUF's template is code written by whoever made the file (CVE-2024-34359 ran it unsandboxed).
The sandbox refuses attribute access to internals (__class__, __globals__, ...), so a template
can format messages and nothing else.
"""
from __future__ import annotations

from jinja2 import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment


class TemplateRefused(Exception):
    pass


def _raise(message: str):
    raise TemplateError(message)


def render(template: str, messages: list[dict], bos_token: str = "", eos_token: str = "") -> str:
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    env.globals["raise_exception"] = _raise
    try:
        return env.from_string(template).render(messages=messages, add_generation_prompt=True,
                                                bos_token=bos_token, eos_token=eos_token)
    except Exception as exc:  # SecurityError, TemplateError, anything the template throws
        raise TemplateRefused(f"{type(exc).__name__}: {exc}") from exc


def render_chat(template: str, system: str, user: str, bos_token: str = "", eos_token: str = "") -> str:
    """Templates that reject a system role (Gemma 2, Mistral) get it folded into the user turn."""
    try:
        return render(template, [{"role": "system", "content": system},
                                 {"role": "user", "content": user}], bos_token, eos_token)
    except TemplateRefused:
        return render(template, [{"role": "user", "content": f"{system}\n\n{user}"}], bos_token, eos_token)
