"""A claim counts only with a fresh signature by the secret allowed to make it (assistant/channels/signing.py)."""
import pytest

from assistant.channels.signing import Keys, screened, sign

KEYS = Keys("hotline-secret", "widget-secret", {"speaker-0001": "speaker-one", "speaker-0002": "speaker-two"})
NOW = 1_796_000_000
SENDER = "phone-13800138000-abc"


def identity(metadata, sender=SENDER, now=NOW):
    return screened(metadata, sender, KEYS, 60, now).get("identity")


def test_a_gateway_signed_caller_id_is_verified():
    signed = sign({"channel": "phone", "caller_id": "13800138000"}, SENDER, "hotline-secret", NOW)
    assert identity(signed) == {"caller_id": "13800138000"}


@pytest.mark.parametrize("claim,secret", [
    ({"device_id": "speaker-0002"}, ""),               # unsigned: a guessable id alone
    ({"device_id": "speaker-0002"}, "speaker-one"),    # another speaker's secret
    ({"device_id": "speaker-0003"}, "speaker-one"),    # a device nobody registered
    ({"caller_id": "13800138000"}, "widget-secret"),   # the widget cannot assert a caller ID
    ({"login": "demo"}, "hotline-secret"),             # nor the SIP gateway a login
    ({"login": "demo"}, "guess"),
])
def test_a_claim_signed_by_the_wrong_secret_is_dropped(claim, secret):
    metadata = {"channel": "rest", **claim}
    screened_metadata = screened(sign(metadata, SENDER, secret, NOW), SENDER, KEYS, 60, NOW)
    assert "identity" not in screened_metadata
    assert not set(claim) & set(screened_metadata)  # the unverified claim itself is removed too


def test_a_signature_is_bound_to_its_conversation_its_claim_and_its_time():
    signed = sign({"channel": "speaker", "device_id": "speaker-0001"}, SENDER, "speaker-one", NOW)
    assert identity(signed)
    assert identity(signed, sender="another-conversation") is None
    assert identity({**signed, "device_id": "speaker-0002"}) is None
    assert identity({**signed, "channel": "widget"}) is None
    assert identity(signed, now=NOW + 61) is None   # expired
    assert identity(signed, now=NOW - 61) is None   # from the future
    assert identity({**signed, "signed": {**signed["signed"], "at": NOW + 1}}) is None


@pytest.mark.parametrize("bad", [None, "sig", {"at": "1", "mac": "x"}, {"at": True, "mac": "x"}, {"at": NOW},
                                 {"at": NOW, "mac": 5}, {"at": NOW, "mac": ""}])
def test_malformed_signatures_are_dropped(bad):
    assert identity({"channel": "speaker", "device_id": "speaker-0001", "signed": bad}) is None


def test_a_client_cannot_write_the_verified_identity_itself():
    metadata = {"channel": "widget", "identity": {"login": "demo"}, "login": "demo"}
    assert identity(metadata) is None


def test_two_claims_at_once_are_not_trusted():
    metadata = {"channel": "phone", "caller_id": "13800138000", "login": "demo"}
    assert identity(sign(metadata, SENDER, "hotline-secret", NOW)) is None


@pytest.mark.parametrize("metadata", [None, [], "x", 5, {"device_id": 7}, {"device_id": ["speaker-0001"]}])
def test_odd_metadata_never_identifies(metadata):
    assert identity(metadata) is None
