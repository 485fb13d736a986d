"""vosk (streaming Kaldi): one loaded model shared by every recognizer, as in vosk-server."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np

from ..audio import ASR_RATE, to_pcm16
from ..expect import Candidate, Expect, candidates
from .base import AsrEngine, AsrUnavailable, Recognizer, as_number
from .normalize import nlu_text

_models: dict[str, object] = {}
_lock = threading.Lock()


def model_present(path: Path) -> bool:
    return (Path(path) / "am" / "final.mdl").is_file() and (Path(path) / "conf" / "model.conf").is_file()


def shared_model(path: Path):
    """Loading a model costs seconds and hundreds of MB: do it once per process."""
    try:
        import vosk
    except ImportError as exc:
        raise AsrUnavailable("vosk is not installed") from exc
    if not model_present(path):
        raise AsrUnavailable(f"no vosk model at {path}")
    key = str(Path(path).resolve())
    with _lock:
        if key not in _models:
            vosk.SetLogLevel(-1)
            _models[key] = vosk.Model(key)
        return _models[key]


def grammar_phrase(model, said: str) -> str | None:
    """A phrase in the model's own words: whole if the lexicon has it, else character by character
    (Mandarin lexicons hold the single characters); None if some part is unknown to the model."""
    if model.vosk_model_find_word(said) >= 0:
        return said
    chars = [c for c in said if not c.isspace()]
    return " ".join(chars) if chars and all(model.vosk_model_find_word(c) >= 0 for c in chars) else None


class ExpectedGrammar:
    """The expected answers as a vosk runtime grammar, with [unk] for anything else: the grammar
    recognizer runs beside the free one, and its text counts only when it is exactly one answer."""

    def __init__(self, model, cands: list[Candidate]):
        import vosk

        self.answers = {}
        for c in cands:
            phrase = grammar_phrase(model, c.said)
            if phrase is not None:
                self.answers.setdefault(phrase, c.answer)
        self.rec = vosk.KaldiRecognizer(model, ASR_RATE, json.dumps([*self.answers, "[unk]"], ensure_ascii=False))

    def accept(self, pcm: bytes) -> None:
        self.rec.AcceptWaveform(pcm)

    def answer(self) -> str | None:
        heard = json.loads(self.rec.FinalResult()).get("text", "").strip()
        return self.answers.get(heard)


class VoskRecognizer(Recognizer):
    def __init__(self, model, sample_rate: int, phrases: list[str] | None, expect: Expect | None = None):
        super().__init__(sample_rate)
        import vosk

        self.expect = expect
        cands = candidates(expect)
        self._grammar = ExpectedGrammar(model, cands) if cands else None
        if phrases:
            # a grammar recognizer only hears these phrases (or [unk]): yes/no and menu turns
            self._rec = vosk.KaldiRecognizer(model, ASR_RATE, json.dumps([*phrases, "[unk]"], ensure_ascii=False))
        else:
            self._rec = vosk.KaldiRecognizer(model, ASR_RATE)
        # vosk ends segments at its own short pauses; the session's endpointer decides
        # where the utterance ends, so segment texts are collected here until finish()
        self._segments: list[str] = []
        self._partial = ""

    def _accept(self, x16k: np.ndarray) -> str | None:
        pcm = to_pcm16(x16k)
        if self._grammar is not None:
            self._grammar.accept(pcm)
        if self._rec.AcceptWaveform(pcm):
            self._segments.append(json.loads(self._rec.Result()).get("text", ""))
            partial = ""
        else:
            partial = json.loads(self._rec.PartialResult()).get("partial", "")
        text = nlu_text(" ".join([*self._segments, partial]).replace("[unk]", ""))
        if text != self._partial:
            self._partial = text
            return text
        return None

    def finish(self) -> str:
        self._segments.append(json.loads(self._rec.FinalResult()).get("text", ""))
        answer = self._grammar.answer() if self._grammar is not None else None
        return answer or as_number(nlu_text(" ".join(self._segments).replace("[unk]", "")), self.expect)


class VoskEngine(AsrEngine):
    name = "vosk"
    streaming = True

    def __init__(self, model_path: Path):
        self.model_path = Path(model_path)
        self.model = shared_model(self.model_path)

    def recognizer(self, sample_rate: int = ASR_RATE, phrases: list[str] | None = None,
                   expect: Expect | None = None) -> Recognizer:
        return VoskRecognizer(self.model, sample_rate, phrases, expect)
