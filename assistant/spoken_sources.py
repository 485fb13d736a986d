"""Everything the assistant can say, gathered to be held to the spoken-form rules.

Domain responses (every variation, channel and slot conditioned ones too,
placeholders filled with what the actions pass or plausible values), any
sentence an action would say itself (string literals, f-strings and constants
passed to ``utter_message(text=...)``, found with ``ast``: there should be none,
tests/actions/test_no_wording_in_actions.py), and the fixed prompts of the voice
and widget gateways.

Standard library only (PyYAML is imported only to read the domain).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from assistant.spoken_form import Problem, problems

# Values put in for {slot} and f-string placeholders: typical, and on the long
# side, so the length rule sees a realistic turn. Keyed by slot, variable,
# attribute or function name.
PLAUSIBLE = {
    "hotline": "12349", "city": "武汉市", "district": "江岸区", "name": "张桂兰",
    "applicant_name": "张桂兰", "elder_name": "张桂兰", "MIN_AGE": "60", "length": "6000",
    "limit": "500", "max_chars": "300", "max_s": "60", "read_digits": "二 零 二 六 一 一 二 三",
    "number": "二 零 二 六 一 一 二 三", "order_id": "20261123", "application_id": "20261123",
    "spoken_date": "明天", "when": "明天", "date": "明天", "meal": "午餐", "portions": "两",
    "status": "正在审核", "done_words": "好的，已经为您订好了", "service_type": "打扫卫生",
    "time_of_day": "上午", "diet": "低盐", "dining_mode": "送到家里", "phone": "13800138000",
    "who": "张阿姨您好", "human": "转人工", "keys": "早餐按1，午餐按2，晚餐按3",
    "contact": "您女儿", "hint": "改成后天", "summary": "明天的午餐，两份，送到家里，低盐",
    "COUNTS": "两", "mode": "送到家里", "diet_text": "，低盐", "cue": "不要", "said": "上午",
    "names": "福寿苑、康乐园、夕阳红", "kind": "高龄津贴", "amount_yuan": "2100", "month": "12", "day": "3",
    "amount": "2100", "option1": "到饭堂吃", "option2": "送到家里", "option3": "没有要求",
    "name1": "江岸区福寿苑养老院", "price1": "2800", "beds1": "12", "name2": "江岸区康乐园养老院", "price2": "3200",
    "id_tail": "一 二 三 四", "phone_tail": "幺 二 三 四", "elder_card_min_age": "60",
}
DEFAULT_FILL = "这个"
_MAX_VARIANTS = 40  # one expression's expansions; keeps the walk bounded
_SLOT = re.compile(r"\{(\w+)\}")
_CJK = re.compile(r"[\u3400-\u9fff]")
# What the gateways say themselves: prompt functions and constants in these files, and sentence
# constants (UPPER_CASE names) in any module of the voice session, the phone gateway and the widget.
FIXED_PROMPT_FILES = ("voice/pipeline/prompts.py", "voice/phone/callers.py", "web/wording.py",
                      "assistant/deploy/apology.py")
PROMPT_CONSTANT_GLOBS = ("voice/pipeline/*.py", "voice/phone/*.py", "web/*.py",
                         "assistant/channels/*.py")


@dataclass(frozen=True)
class Said:
    """One turn the assistant can say. ``source`` is stable across edits (response name,
    file + function or constant); ``line`` only helps a reader find it."""
    source: str
    text: str
    buttons: int = 0
    line: int = 0


def fill_slots(text: str, values: dict | None = None) -> list[str]:
    """The text with each {slot} filled by every value given for it (else a plausible one)."""
    texts = [""]
    for i, part in enumerate(_SLOT.split(text)):
        fills = [part] if i % 2 == 0 else ((values or {}).get(part) or [PLAUSIBLE.get(part, DEFAULT_FILL)])
        texts = [t + f for t in texts for f in dict.fromkeys(fills)][:_MAX_VARIANTS]
    return texts


def domain_responses(domain_dir, passed: "_Passed | None" = None) -> list[Said]:
    """Every variation of every response in the domain files, placeholders filled with what the
    actions pass for them (``passed``) or plausible values."""
    import yaml  # only here: the checker itself needs no third-party package
    from pathlib import Path

    passed = passed or _Passed()
    found = []
    for path in sorted(Path(domain_dir).glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        for name, variations in responses.items():
            for i, variation in enumerate(variations or []):
                if isinstance(variation, dict) and variation.get("text"):
                    suffix = f"#{i}" if len(variations) > 1 else ""
                    values = {**passed.by_name, **passed.by_response.get(name, {})}
                    buttons = max(len(variation.get("buttons") or []), passed.buttons.get(name, 0))
                    found += [Said(f"assistant/domain/{path.name}:{name}{suffix}", text, buttons)
                              for text in fill_slots(str(variation["text"]), values)]
    return found


@dataclass
class _Passed:
    """What actions pass with ``utter_message(response=...)``: values per response and per
    placeholder name, and the most quick replies a response is sent with."""
    by_response: dict = field(default_factory=dict)
    by_name: dict = field(default_factory=dict)
    buttons: dict = field(default_factory=dict)


def everything_said(root) -> tuple[list[Said], list[str]]:
    """Every turn the assistant can say, and the places whose text is only known at run time."""
    from pathlib import Path

    root = Path(root)
    code = _Code({p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
                  for p in sorted((root / "actions").glob("*.py"))})
    said = domain_responses(root / "assistant" / "domain", code.passed())
    said += code.constants() + code.said()
    for rel in FIXED_PROMPT_FILES:
        if (root / rel).exists():
            said += _Code({rel: (root / rel).read_text(encoding="utf-8")}).prompts()
    for path in sorted({p for pattern in PROMPT_CONSTANT_GLOBS for p in root.glob(pattern)}):
        rel = path.relative_to(root).as_posix()
        if rel not in FIXED_PROMPT_FILES:
            said += [item for item in _Code({rel: path.read_text(encoding="utf-8")}).constants()
                     if item.source.split(":")[1][:1].isupper()]
    unique, seen = [], set()
    for item in said:
        if (item.source.split(":")[0], item.text) not in seen:
            seen.add((item.source.split(":")[0], item.text))
            unique.append(item)
    return unique, code.dynamic


def violations(said: Iterable[Said]) -> list[tuple[Said, Problem]]:
    return [(item, problem) for item in said for problem in problems(item.text, item.buttons)]


@dataclass(frozen=True)
class Known:
    """One tolerated violator: where, which rule, why, and the sentence (so a sentence that only
    moved, e.g. from an action into the domain, is still recognised)."""
    source: str
    kind: str
    reason: str
    text: str = ""


def read_known(path) -> list[Known]:
    """Known violators: ``source<TAB>kind<TAB>reason<TAB>sentence`` lines; # starts a comment."""
    from pathlib import Path

    known = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            source, kind, reason, text = (line.split("\t") + ["", "", ""])[:4]
            known.append(Known(source.strip(), kind.strip(), reason.strip(), text.strip()))
    return known


def is_known(item: Said, problem: Problem, known: Iterable[Known]) -> bool:
    return any(k.kind == problem.kind and (k.source == item.source or (k.text and k.text == item.text))
               for k in known)


class _Code:
    """Python sources read with ``ast``: string literals said, and what they are built from."""

    def __init__(self, sources: dict):
        import ast

        self.ast = ast
        self.trees = {rel: ast.parse(text) for rel, text in sources.items()}
        self.dynamic: list[str] = []
        self.scope = None  # the function whose local variables a name may be
        self.constants_of = {rel: self._module_assignments(tree) for rel, tree in self.trees.items()}
        self.functions: dict[str, list] = {}
        self.class_attrs: dict[str, list] = {}
        self.imports = {rel: self._imports(tree) for rel, tree in self.trees.items()}
        for rel, tree in self.trees.items():
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self.functions.setdefault(node.name, []).append((rel, node))
                elif isinstance(node, ast.ClassDef):
                    for name, value in self._module_assignments(node).items():
                        self.class_attrs.setdefault(name, []).append((rel, value))

    def _module_assignments(self, body_owner) -> dict:
        ast, found = self.ast, {}
        for stmt in body_owner.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                found[stmt.targets[0].id] = stmt.value
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value:
                found[stmt.target.id] = stmt.value
        return found

    def _imports(self, tree) -> dict:
        """Local name → (module file, name in it or None for the module itself)."""
        ast, found = self.ast, {}
        for stmt in tree.body:
            if isinstance(stmt, ast.ImportFrom) and stmt.module:
                for alias in stmt.names:
                    as_module = f"{stmt.module.replace('.', '/')}/{alias.name}.py"
                    if as_module in self.trees:
                        found[alias.asname or alias.name] = (as_module, None)
                    else:
                        found[alias.asname or alias.name] = (f"{stmt.module.replace('.', '/')}.py", alias.name)
        return found

    # -- turning an expression into the strings it can be
    def values(self, node, rel: str, depth: int = 0) -> list[str] | None:
        """Every string the expression can be, or None when only run time knows."""
        ast = self.ast
        if depth > 6 or node is None:
            return None
        if isinstance(node, ast.Constant):
            return [node.value] if isinstance(node.value, str) else None
        if isinstance(node, ast.JoinedStr):  # every combination of what the placeholders can be
            texts = [""]
            for part in node.values:
                fills = [part.value] if isinstance(part, ast.Constant) else self.fills(part.value, rel, depth)
                texts = [t + f for t in texts for f in fills][:_MAX_VARIANTS]
            return texts
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.values(node.left, rel, depth + 1), self.values(node.right, rel, depth + 1)
            if left is None or right is None:
                return None
            return [a + b for a in left for b in right][:_MAX_VARIANTS]
        if isinstance(node, (ast.BoolOp, ast.IfExp)):
            parts = node.values if isinstance(node, ast.BoolOp) else [node.body, node.orelse]
            found = [v for p in parts for v in (self.values(p, rel, depth + 1) or []) if v]
            return found[:_MAX_VARIANTS] or None
        if isinstance(node, ast.Subscript) or (isinstance(node, ast.Call) and _is_get(node, ast)):
            container = self.resolve(node.value if isinstance(node, ast.Subscript) else node.func.value, rel)
            if container and isinstance(container[0], (ast.Dict, ast.List, ast.Tuple)):
                items = container[0].values if isinstance(container[0], ast.Dict) else container[0].elts
                return [v for item in items for v in (self.values(item, container[1], depth + 1) or [])][:_MAX_VARIANTS] or None
            return None
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else (
                node.func.attr if isinstance(node.func, ast.Attribute) and _on_self(node.func, ast) else None)
            found, caller = [], self.scope
            for frel, func in self.functions.get(name, []) if name else []:
                self.scope = func
                for ret in (n for n in ast.walk(func) if isinstance(n, ast.Return)):
                    found += [v for v in (self.values(ret.value, frel, depth + 1) or []) if v]
            self.scope = caller
            return found[:_MAX_VARIANTS] or None
        if isinstance(node, ast.Attribute) and _on_self(node, ast):
            found = [v for arel, value in self.class_attrs.get(node.attr, [])
                     for v in (self.values(value, arel, depth + 1) or [])]
            return found or None
        if isinstance(node, ast.Name) and self.scope is not None:
            local = self.local(node.id, rel, depth)
            if local:
                return local
        resolved = self.resolve(node, rel)
        return self.values(resolved[0], resolved[1], depth + 1) if resolved else None

    def local(self, name: str, rel: str, depth: int) -> list[str] | None:
        """What a local variable of the current function can be: its assignments, then each ``+=``."""
        ast = self.ast
        nodes = list(ast.walk(self.scope))
        assigned = [n.value for n in nodes if isinstance(n, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)]
        found = [v for value in assigned for v in (self.values(value, rel, depth + 1) or [])]
        for n in nodes:
            if (found and isinstance(n, ast.AugAssign) and isinstance(n.op, ast.Add)
                    and isinstance(n.target, ast.Name) and n.target.id == name):
                found += [f + more for f in found for more in (self.values(n.value, rel, depth + 1) or [])]
        return list(dict.fromkeys(found))[:_MAX_VARIANTS] or None

    def resolve(self, node, rel: str):
        """A name or module attribute → (the expression assigned to it, its file), or None."""
        ast = self.ast
        if isinstance(node, ast.Name):
            if node.id in self.constants_of.get(rel, {}):
                return self.constants_of[rel][node.id], rel
            target = self.imports.get(rel, {}).get(node.id)
            if target and target[1] and target[1] in self.constants_of.get(target[0], {}):
                return self.constants_of[target[0]][target[1]], target[0]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            target = self.imports.get(rel, {}).get(node.value.id)
            if target and target[1] is None and node.attr in self.constants_of.get(target[0], {}):
                return self.constants_of[target[0]][node.attr], target[0]
        return None

    def fills(self, node, rel: str, depth: int) -> list[str]:
        """A placeholder's texts: the strings it can be, else a plausible value by its name."""
        ast = self.ast
        if (isinstance(node, ast.Call) and _name_of(node, ast) == "read_digits" and node.args
                and isinstance(node.args[0], ast.Subscript) and isinstance(node.args[0].slice, ast.Slice)):
            return ["幺 二 三 四"]  # read_digits(phone[-4:]): a last four
        return self.values(node, rel, depth + 1) or [PLAUSIBLE.get(_name_of(node, ast), DEFAULT_FILL)]

    def buttons(self, call, rel: str) -> int:
        for kw in call.keywords:
            if kw.arg == "buttons":
                node = kw.value
                resolved = node if isinstance(node, (self.ast.List, self.ast.Tuple)) else (self.resolve(node, rel) or [None])[0]
                return len(resolved.elts) if isinstance(resolved, (self.ast.List, self.ast.Tuple)) else 0
        return 0

    # -- what is collected
    def said(self) -> list[Said]:
        """Texts passed to say(dispatcher, text) and dispatcher.utter_message(text=...)."""
        ast, found = self.ast, []
        for rel, tree in self.trees.items():
            for owner, self.scope, call in _calls(tree, ast):
                func = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
                if func == "say" and len(call.args) >= 2:
                    arg = call.args[1]
                elif func in ("say", "utter_message"):
                    arg = next((kw.value for kw in call.keywords if kw.arg == "text"), None)
                else:
                    continue
                if arg is None:
                    continue
                texts = self.values(arg, rel)
                if texts is None:
                    self.dynamic.append(f"{rel}:{call.lineno}")
                    continue
                found += [Said(f"{rel}:{owner}", t, self.buttons(call, rel), call.lineno) for t in texts if t]
        self.scope = None
        return found

    def passed(self) -> _Passed:
        """Values actions give a response's placeholders: utter_message(response="utter_x", human=...)."""
        ast, passed = self.ast, _Passed()
        for rel, tree in self.trees.items():
            for _, self.scope, call in _calls(tree, ast):
                if not (isinstance(call.func, ast.Attribute) and call.func.attr == "utter_message"):
                    continue
                named = next((kw.value for kw in call.keywords if kw.arg == "response"), None)
                name = named.value if isinstance(named, ast.Constant) and isinstance(named.value, str) else None
                for kw in call.keywords:
                    if kw.arg in (None, "response", "buttons", "json_message", "attachment", "image"):
                        continue
                    values = [v for v in (self.values(kw.value, rel) or []) if isinstance(v, str)]
                    passed.by_name.setdefault(kw.arg, [])
                    passed.by_name[kw.arg] = list(dict.fromkeys(passed.by_name[kw.arg] + values))
                    if name and values:
                        slot_values = passed.by_response.setdefault(name, {}).setdefault(kw.arg, [])
                        slot_values += [v for v in values if v not in slot_values]
                if name:
                    passed.buttons[name] = max(passed.buttons.get(name, 0), self.buttons(call, rel))
        passed.by_name = {k: v for k, v in passed.by_name.items() if v}
        self.scope = None
        return passed

    def constants(self) -> list[Said]:
        """Module constants that are sentences (REPHRASE, QUESTIONS[...]): each checked on its own."""
        found = []
        for rel, assigned in self.constants_of.items():
            for name, node in assigned.items():
                found += self._sentences_in(rel, name, node)
        return found

    def prompts(self) -> list[Said]:
        """Fixed prompts: sentence constants and what prompt functions return."""
        ast, found = self.ast, self.constants()
        for rel, tree in self.trees.items():
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self.scope = node
                    for ret in (n for n in ast.walk(node) if isinstance(n, ast.Return)):
                        for text in self.values(ret.value, rel) or []:
                            if _CJK.search(text):
                                found.append(Said(f"{rel}:{node.name}", text, 0, ret.lineno))
        self.scope = None
        return found

    def _sentences_in(self, rel: str, name: str, node) -> list[Said]:
        ast = self.ast
        pairs = [(name, node)]
        if isinstance(node, ast.Dict):
            pairs = [(f"{name}[{getattr(k, 'value', '?')}]", v) for k, v in zip(node.keys, node.values)]
        found = []
        for key, value in pairs:
            if isinstance(value, (ast.Constant, ast.JoinedStr, ast.BinOp)):
                for text in self.values(value, rel) or []:
                    if _CJK.search(text) and re.search(r"[。？！，]", text):
                        found += [Said(f"{rel}:{key}", filled, 0, value.lineno) for filled in fill_slots(text)]
        return found


def _calls(tree, ast):
    """(enclosing Class.function, that function's node, call) for every call in a module."""
    def walk(node, owner, function):
        for child in ast.iter_child_nodes(node):
            name, inside = owner, function
            if isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{owner}.{child.name}" if owner else child.name
                inside = child if not isinstance(child, ast.ClassDef) else None
            if isinstance(child, ast.Call):
                yield owner or "<module>", function, child
            yield from walk(child, name, inside)
    yield from walk(tree, "", None)


def _on_self(node, ast) -> bool:
    return isinstance(node.value, ast.Name) and node.value.id == "self"


def _is_get(node, ast) -> bool:
    return isinstance(node.func, ast.Attribute) and node.func.attr == "get" and not _on_self(node.func, ast)


def _name_of(node, ast) -> str:
    """The name a placeholder is known by: read_digits(x) → read_digits, get_slot('meal') → meal."""
    if isinstance(node, ast.Call):
        if (isinstance(node.func, ast.Attribute) and node.func.attr in ("get_slot", "get") and node.args
                and isinstance(node.args[0], ast.Constant)):
            return str(node.args[0].value)
        return _name_of(node.func, ast)
    if isinstance(node, ast.Subscript):
        key = node.slice
        return str(key.value) if isinstance(key, ast.Constant) else _name_of(node.value, ast)
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.BoolOp):
        return _name_of(node.values[0], ast)
    return ""
