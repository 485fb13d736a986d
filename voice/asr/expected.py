"""Expected-answer recognition for Whisper: each way of saying an expected answer is scored against the
audio by forced decoding (the log-likelihood of its tokens and of ending there), in batches over one
encoder pass; the best answer is taken only when it clearly beats every other answer and Whisper's own
free decoding of the same audio. Otherwise there is no answer and the caller is asked again or offered
the keypad — a wrong answer is never confirmed silently.

Works on CTranslate2's public Whisper API (``encode`` / ``generate`` with ``return_logits_vocab``), so no
faster-whisper internals are touched.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import re
from difflib import SequenceMatcher

import numpy as np

from ..audio import ASR_RATE
from ..expect import Candidate, Expect, candidates
from ..expect.vocab import YES_ANSWER

# nats the best answer must lead by: over every other answer, and over free decoding (which may say
# something no candidate covers, unless it sounds like the answer). Chosen on the synthesised short-answer
# set (bench/bench_expect.py --dump), never on the real clips: the lowest margin with no wrong answer
# accepted under any perturbation (at 4.3 nats a bare 不 said lower was taken for 对); less when free
# decoding independently heard the same answer.
MARGIN = 5.0
FREE_SLACK = 3.0
# when free decoding, made without the list, heard the same answer — but never for a yes, which confirms
# an order: a bare 不 over a noisy phone line was heard as 对 by both (bench_expect, noise10dB+g711)
MARGIN_AGREED = 2.0
PRUNE = 8.0  # nats behind the best first token: not scored in full
MAX_SCORED = 12
_REPEATS = re.compile(r"(.+?)\1+")
_PUNCT = re.compile(r"[，。！？、；：,.!?;:\s]+")
QUESTIONS = {"yes_no": "对不对？", "count": "要几份？", "date": "哪天？", "meal": "早饭、午饭还是晚饭？"}


@dataclass
class Scored:
    answer: str | None  # None: not sure enough
    said: str = ""
    margin: float = 0.0  # over the best other answer
    lead: float = 0.0  # over free decoding
    free_text: str = ""
    scores: dict[str, float] = field(default_factory=dict)  # answer → best log-likelihood


def _log_softmax(x: np.ndarray) -> np.ndarray:
    top = x.max(-1, keepdims=True)
    return x - top - np.log(np.exp(x - top).sum(-1, keepdims=True))


class ExpectedScorer:
    def __init__(self, model, prompt: str, pad_s: float = 2.0):
        """``model``: a faster_whisper.WhisperModel (its CTranslate2 model, features and tokenizer)."""
        from faster_whisper.tokenizer import Tokenizer

        self.model = model
        self.tok = Tokenizer(model.hf_tokenizer, True, task="transcribe", language="zh")
        self.start = [*self.tok.sot_sequence, self.tok.no_timestamps]
        self.pad_s = pad_s
        self._tokens: dict[str, list[int]] = {}

    def tokens(self, text: str) -> list[int]:
        if text not in self._tokens:
            self._tokens[text] = self.tok.encode(text)
        return self._tokens[text]

    def encode(self, audio16k: np.ndarray) -> np.ndarray:
        """The encoder's output for the utterance plus ``pad_s`` of silence, as an array (shared by all)."""
        import ctranslate2

        feats = self.model.feature_extractor(audio16k, padding=int(self.pad_s * ASR_RATE))
        feats = feats[:, : feats.shape[1] // 2 * 2]
        out = self.model.model.encode(ctranslate2.StorageView.from_array(np.ascontiguousarray(feats[None])))
        return np.array(out)

    def prefix_for(self, expect: Expect) -> list[int]:
        """The question asked, short, as Whisper's previous text: it makes the answers to it likely
        (a long prompt would be decoded again for every candidate)."""
        return [self.tok.sot_prev, *self.tokens(QUESTIONS.get(expect.kind) or "、".join(expect.options) + "？"),
                *self.start]

    def forced(self, enc: np.ndarray, prefix: list[int], sequences: list[list[int]]) -> list[float]:
        """log P(tokens, then end of text | audio) for each token sequence, batched by length."""
        import ctranslate2

        scores = [0.0] * len(sequences)
        by_len: dict[int, list[int]] = {}
        for i, seq in enumerate(sequences):
            by_len.setdefault(len(seq), []).append(i)
        eot = self.tok.eot
        for n, idx in by_len.items():
            batch = ctranslate2.StorageView.from_array(np.ascontiguousarray(np.repeat(enc, len(idx), axis=0)))
            # the text after the start tokens, end-of-text included, is forced; the log-probabilities of every
            # forced step come back with return_logits_vocab (max_length has spare steps: it must not cut them)
            results = self.model.model.generate(
                batch, [prefix + sequences[i] + [eot] for i in idx], beam_size=1,
                max_length=len(prefix) + 2 * n + 6, suppress_blank=False, suppress_tokens=[],
                return_logits_vocab=True)
            for i, res in zip(idx, results):
                logp = _log_softmax(np.asarray(res.logits[0], dtype=np.float32))
                steps = [*sequences[i], eot]
                # rows missing (a decoder that stopped early) leave the candidate unscored, never mis-scored
                scores[i] = float(sum(logp[k, t] for k, t in enumerate(steps))) if len(logp) >= len(steps) \
                    else float("-inf")
        return scores

    def free(self, enc: np.ndarray, prefix: list[int], seconds: float,
             beam_size: int) -> tuple[list[int], float, np.ndarray]:
        """Whisper's own best text, its log-likelihood, and the log-probabilities of the first token."""
        import ctranslate2

        res = self.model.model.generate(ctranslate2.StorageView.from_array(np.ascontiguousarray(enc)),
                                        [prefix], beam_size=beam_size, length_penalty=0, return_scores=True,
                                        # a short answer otherwise runs on as 三三三三… (then a poor competitor)
                                        no_repeat_ngram_size=3,
                                        return_logits_vocab=True, max_length=len(prefix) + int(6 + 6 * seconds))
        first = _log_softmax(np.asarray(res[0].logits[0], dtype=np.float32))[0]
        return [t for t in res[0].sequences_ids[0] if t < self.tok.eot], float(res[0].scores[0]), first

    def score(self, audio16k: np.ndarray, expect: Expect, beam_size: int = 1,
              cands: list[Candidate] | None = None) -> Scored | None:
        """None: nothing to score for this kind (numbers, free talk)."""
        cands = candidates(expect) if cands is None else cands
        if not cands or not len(audio16k):
            return None
        enc = self.encode(audio16k)
        prefix = self.prefix_for(expect)
        free, _, first = self.free(enc, prefix, len(audio16k) / ASR_RATE, beam_size)
        free_text = self.tok.decode(free).strip()
        # forced decoding costs a decoder pass per candidate: those whose first token is already far behind
        # cannot catch up, so only the likely ones are scored in full — and the likeliest way of saying
        # each answer, so that the margin over every other answer is measured, never assumed
        heads = [float(first[self.tokens(c.said)[0]]) for c in cands]
        order = sorted(range(len(cands)), key=lambda i: -heads[i])
        keep = [i for i in order[:MAX_SCORED] if heads[i] >= heads[order[0]] - PRUNE]
        per_answer = {}
        for i in order:
            per_answer.setdefault(cands[i].answer, i)
        keep = list(dict.fromkeys([*keep, *per_answer.values()]))
        # free decoding is scored the same way (its own score lacks the end of text when it ran on)
        *forced, free_score = self.forced(enc, prefix, [self.tokens(cands[i].said) for i in keep] + [free])
        best: dict[str, tuple[float, str]] = {}
        for i, s in zip(keep, forced):
            c = cands[i]
            if c.answer not in best or s > best[c.answer][0]:
                best[c.answer] = (s, c.said)
        ranked = sorted(best.items(), key=lambda kv: -kv[1][0])
        (answer, (top, said)) = ranked[0]
        margin = top - ranked[1][1][0] if len(ranked) > 1 else float("inf")
        lead = top - free_score
        agreed = answer != YES_ANSWER and sounds_alike(free_text, said)
        sure = (margin >= MARGIN and lead >= -FREE_SLACK) or (margin >= MARGIN_AGREED and agreed)
        return Scored(answer if sure else None, said, margin, lead, free_text,
                      {a: s for a, (s, _) in ranked})


def sounds_alike(heard: str, said: str) -> bool:
    """Free decoding wrote what the candidate says, perhaps in other characters (兩分 for 两份), repeats and
    punctuation aside — not merely somewhere inside (对不对 holds 对 but means neither answer)."""
    from pypinyin import lazy_pinyin

    def spoken(text: str) -> str:
        return " ".join(lazy_pinyin(_REPEATS.sub(r"\1", _PUNCT.sub("", text))))

    heard_py, said_py = spoken(heard), spoken(said)
    return bool(said_py) and SequenceMatcher(None, heard_py, said_py).ratio() >= 0.75
