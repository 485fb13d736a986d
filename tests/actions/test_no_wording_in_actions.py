"""The assistant's words live in the domain: actions/ names responses, it never holds a sentence.

Every string constant of actions/**/*.py is read with ``ast``; one holding Chinese (ideographs or
full-width punctuation) fails the test unless it is a docstring or stands in a word module. The
word modules hold what callers say that the actions recognise, and the canonical values the
services store: the package actions/words/ (one module per skill's words), and the two recognisers
that are nothing but words, answers.py (yes / no / stop) and dates.py (date expressions). They are
held to more: none may speak to the caller at all.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ACTIONS = Path(__file__).resolve().parents[2] / "actions"
WORDS = ACTIONS / "words"
RECOGNISERS = ("answers.py", "dates.py")
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
SPEAKING = ("utter_message", "say")


def modules():
    return sorted(p for p in ACTIONS.rglob("*.py") if "__pycache__" not in p.parts)


def word_modules():
    return sorted(WORDS.glob("*.py")) + [ACTIONS / name for name in RECOGNISERS]


def is_words(path: Path) -> bool:
    return path.parent == WORDS or path in [ACTIONS / name for name in RECOGNISERS]


def docstrings(tree: ast.AST) -> set:
    """The docstring constants of a module and of its classes and functions (documentation, not said)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def chinese_constants(path: Path) -> list:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = docstrings(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
            and CHINESE.search(node.value)]


def speaks(path: Path) -> list:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in SPEAKING]


@pytest.mark.parametrize("path", [p for p in modules() if not is_words(p)], ids=lambda p: p.name)
def test_no_chinese_text_outside_the_word_modules(path):
    found = chinese_constants(path)
    assert not found, f"{path.relative_to(ACTIONS.parent)}: words belong in assistant/domain/*.yml " \
                      f"(a response) or actions/words/ (a word callers say): {found}"


@pytest.mark.parametrize("path", word_modules(), ids=lambda p: p.name)
def test_the_word_modules_never_speak(path):
    assert path.exists(), f"{path.name} is allowed words: drop it from RECOGNISERS if it is gone"
    assert not speaks(path), f"{path.name} calls the dispatcher: what is said belongs in the domain"


def test_the_check_sees_chinese_where_it_is(tmp_path):
    """The check itself can fail: a sentence, an f-string piece and a joiner are found, a docstring is not."""
    sample = tmp_path / "sample.py"
    sample.write_text('"""模块说明。"""\ndef f(x):\n    """函数说明。"""\n'
                      '    return "好的，" + f"{x}份" + "；".join([]) + "ok"\n', encoding="utf-8")
    assert [text for _, text in chinese_constants(sample)] == ["好的，", "份", "；"]


def test_the_actions_choose_responses_the_domain_has():
    """Every response an action names (a literal, or an f-string prefix such as utter_order_) exists."""
    import yaml

    domain = Path(__file__).resolve().parents[2] / "assistant" / "domain"
    names = set()
    for path in domain.glob("*.yml"):
        names |= set((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {})
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.keyword) and node.arg == "response"):
                continue
            if isinstance(node.value, ast.Constant):
                assert node.value.value in names, f"{path.name}:{node.value.lineno} {node.value.value}"
            elif isinstance(node.value, ast.JoinedStr) and isinstance(node.value.values[0], ast.Constant):
                prefix = node.value.values[0].value
                assert any(n.startswith(prefix) for n in names), f"{path.name}:{node.value.lineno} {prefix}…"
