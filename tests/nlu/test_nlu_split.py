"""The held-out split (never trained on): intent accuracy and emergency recall."""
import pytest

from assistant.evaluation import MODEL, evaluate, load_examples
from assistant.settings import REPO_ROOT

TRAIN = REPO_ROOT / "nlu_data" / "train"
SERVICE_INTENTS = ("book_meal", "cancel_meal", "ask_policy", "apply_elder_card", "check_application",
                   "book_home_care", "emergency", "query_allowance", "find_institution", "check_order", "complaint")


@pytest.fixture(scope="module")
def report():
    if not MODEL.exists():
        pytest.fail("no trained model: run bin/train")
    return evaluate()


def _plain(text):
    return "".join(ch for ch in text if ch.isalnum())


def test_split_is_large_enough_and_kept_out_of_training():
    from rasa.shared.nlu.training_data.loading import load_data

    examples = load_examples()
    counts = {intent: sum(1 for _, i in examples if i == intent) for intent in SERVICE_INTENTS}
    assert min(counts.values()) >= 15, counts
    trained = {_plain(m.get("text")) for m in load_data(str(TRAIN)).intent_examples}
    leaked = [text for text, _ in examples if _plain(text) in trained]
    assert not leaked, leaked


def test_intent_accuracy_at_least_95_percent(report):
    assert report.accuracy >= 0.95, f"accuracy {report.accuracy:.3f}; misses: {report.misses()}"


def test_every_emergency_is_recognised(report):
    assert report.recall("emergency") == 1.0, [m for m in report.misses() if m[1] == "emergency"]
