"""Issue 11's emergency target on an independent set (emergency_independent.yaml, ≥120 lines each way,
four cities' voices, written apart from nlu_data/ and the other tests): every true emergency is
raised at once, no health remark that is no emergency raises one — by the words alone and through
the trained model (PriorityIntents decides last)."""
import pytest

from assistant.components.emergency_words import RAISE, judge
from assistant.evaluation import MODEL
from tests.nlu.emergency_set import by_model, lines

TRUE, FALSE = lines("raise"), lines("calm")


def test_the_set_is_large_and_covers_four_cities():
    assert len(TRUE) >= 120 and len(FALSE) >= 120
    assert {"wuhan", "zhuzhou", "hebi", "dongguan"} <= {group for group, _ in TRUE}
    assert not {text for _, text in TRUE} & {text for _, text in FALSE}


@pytest.mark.parametrize("text", [text for _, text in TRUE])
def test_a_true_emergency_is_judged_acute(text):
    assert judge(text) == RAISE


@pytest.mark.parametrize("text", [text for _, text in FALSE])
def test_a_health_remark_is_never_judged_acute(text):
    assert judge(text) != RAISE


@pytest.fixture(scope="module")
def parsed():
    if not MODEL.exists():
        pytest.fail("no trained model: run bin/train")
    return by_model(MODEL)


def test_the_model_raises_every_true_emergency_at_once(parsed):
    missed = parsed["raise"].asked + parsed["raise"].other
    assert not missed, f"{len(missed)} of {len(TRUE)} not raised at once: {missed}"


def test_the_model_raises_no_false_emergency(parsed):
    assert not parsed["calm"].raised, f"{len(parsed['calm'].raised)} of {len(FALSE)} raised: {parsed['calm'].raised}"
