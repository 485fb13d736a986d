"""Phone and ID numbers are masked in log lines, including propagated access logs."""
import logging

from assistant.privacy import MaskingFilter, mask


def test_mask_phone_and_id_numbers():
    assert mask("GET /elders?phone=13800138000") == "GET /elders?phone=138****8000"
    assert mask("id 42010219500304123X ok") == "id 420102********123X ok"
    assert mask("order 54770253") == "order 54770253"  # order numbers stay readable


def test_filter_masks_formatted_records(caplog):
    logger = logging.getLogger("test.privacy")
    caplog.handler.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO):
        logger.info("caller %s", "13912345678")
    assert "13912345678" not in caplog.text and "139****5678" in caplog.text


def test_api_tokens_and_identity_signatures_are_masked():
    line = mask('GET /conversations/x/tracker?token=s3cr3t-t0ken {"mac": "9f86d081884c7d65"}')
    assert "s3cr3t-t0ken" not in line and "9f86d081884c7d65" not in line
