import requests

import pytest

from kmsheets.errors import AccessError
from kmsheets.retry import OutcomeUnknown, RetryPolicy, retry_after_seconds, send_with_retries


def response(status, headers=None, body=b"{}"):
    made = requests.Response()
    made.status_code = status
    made.headers.update(headers or {})
    made._content = body
    return made


def policy(clock, attempts=4):
    return RetryPolicy(attempts=attempts, base=1.0, cap=30.0, sleep=clock.sleep, random=lambda: 0.5)


def test_backs_off_exponentially_with_jitter_then_succeeds(clock):
    answers = iter([response(500), response(503), response(200)])
    assert send_with_retries(lambda: next(answers), policy(clock), "GET x").status_code == 200
    assert clock.waits == [0.75, 1.5]  # half fixed, half random (0.5 here), doubling


def test_retry_after_is_honoured_and_capped(clock):
    answers = iter([response(429, {"Retry-After": "7"}), response(429, {"Retry-After": "999"}), response(200)])
    send_with_retries(lambda: next(answers), policy(clock), "GET x")
    assert clock.waits == [7.0, 30.0]


def test_gives_up_after_the_attempts_with_googles_message(clock):
    body = b'{"error": {"code": 503, "message": "The service is currently unavailable."}}'
    with pytest.raises(AccessError, match="failed 4 times; last: HTTP 503 The service is currently unavailable"):
        send_with_retries(lambda: response(503, body=body), policy(clock), "GET x")
    assert len(clock.waits) == 3


def test_client_errors_are_returned_at_once(clock):
    assert send_with_retries(lambda: response(404), policy(clock), "GET x").status_code == 404
    assert clock.waits == []


def test_a_lost_answer_to_a_write_that_adds_is_not_resent(clock):
    def drop():
        raise requests.ConnectionError("reset")

    with pytest.raises(OutcomeUnknown):
        send_with_retries(drop, policy(clock), "POST append", idempotent=False)
    with pytest.raises(OutcomeUnknown):
        send_with_retries(lambda: response(500), policy(clock), "POST append", idempotent=False)
    answers = iter([response(429), response(200)])
    assert send_with_retries(lambda: next(answers), policy(clock), "POST append", idempotent=False).ok


def test_retry_after_as_an_http_date():
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=lambda: 1445412480.0) == 10.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
