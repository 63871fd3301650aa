"""Bounded retries for Google requests: exponential backoff with jitter, honouring Retry-After.

gspread's own BackOffHTTPClient never gives up, ignores Retry-After and recurses, so kmsheets brings its own.
The clock is injected, so tests retry through fault storms without sleeping.
"""

from __future__ import annotations

import email.utils
import random
import time
from dataclasses import dataclass, field
from typing import Callable, TypeVar

import requests

from .errors import AccessError
from .messages import Message, message

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
# Drive says "too fast" with a 403 and one of these reasons, not only with a 429: nothing was done.
RATE_LIMIT_REASONS = frozenset({"userRateLimitExceeded", "rateLimitExceeded"})
T = TypeVar("T")


class OutcomeUnknown(AccessError):
    """A write was sent and no answer came back: it may or may not have been applied."""


@dataclass
class RetryPolicy:
    attempts: int = 5
    base: float = 1.0  # seconds before the first retry, doubled each time
    cap: float = 64.0  # no single wait is longer
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    random: Callable[[], float] = field(default=random.random, repr=False)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Wait before retry number `attempt` (0-based): half fixed, half random, never shorter than Retry-After."""
        backoff = min(self.cap, self.base * 2 ** attempt)
        wait = backoff / 2 + self.random() * backoff / 2
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.cap))
        return wait


def retry_after_seconds(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - now())
    except (TypeError, ValueError):
        return None


def send_with_retries(send: Callable[[], requests.Response], policy: RetryPolicy, what: str | Message,
                      *, idempotent: bool = True) -> requests.Response:
    """Call `send` until it answers with anything but a passing failure, at most `policy.attempts` times.

    A non-idempotent request (an append, an upload) is resent only after a refusal for going too fast (a 429,
    or Drive's 403 rate limits); after a lost answer or a 5xx it raises OutcomeUnknown, and the caller checks
    what landed before sending again (until_landed).
    """
    for attempt in range(policy.attempts):
        retry_after = None
        try:
            response = send()
        except (requests.ConnectionError, requests.Timeout) as error:
            if not idempotent:
                raise OutcomeUnknown(key="unknown_after_no_answer", what=what, error=type(error).__name__) from None
            failure = message("failure_no_answer", error=type(error).__name__)
        else:
            refused = response.status_code == 429 or rate_limited(response)
            if response.status_code not in RETRYABLE_STATUS and not refused:
                return response
            if not idempotent and not refused:
                # Only a 429 says for certain that nothing was done; a 5xx may follow a write that landed.
                raise OutcomeUnknown(key="unknown_after_server_error", what=what, status=str(response.status_code))
            failure = message("failure_http", status=str(response.status_code), answer=_google_message(response))
            retry_after = retry_after_seconds(response.headers.get("Retry-After"))
        if attempt + 1 < policy.attempts:
            policy.sleep(policy.delay(attempt, retry_after))
    raise AccessError(key="retries_exhausted", what=what, attempts=policy.attempts, last=failure)


def until_landed(send: Callable[[], T], landed: Callable[[], T | None], policy: RetryPolicy,
                 what: str | Message) -> T:
    """Send a request that adds something each time it lands, and when its answer is lost, ask `landed`
    whether it did (its result when it did, None when not) before sending it again."""
    last: object = ""
    for attempt in range(policy.attempts):
        try:
            return send()
        except OutcomeUnknown as error:
            last = error.as_message()
            found = landed()
            if found is not None:
                return found
            if attempt + 1 < policy.attempts:  # a 5xx says Google is struggling: back off as for any
                policy.sleep(policy.delay(attempt))
    raise AccessError(key="not_landed", what=what, attempts=policy.attempts, last=last)


def rate_limited(response: requests.Response) -> bool:
    """Drive's 403 for requests coming too fast, told apart from a 403 for a file one may not see."""
    if response.status_code != 403:
        return False
    try:
        errors = response.json()["error"].get("errors", [])
    except (ValueError, KeyError, TypeError, AttributeError):
        return False
    return any(isinstance(e, dict) and e.get("reason") in RATE_LIMIT_REASONS for e in errors)


def _google_message(response: requests.Response) -> str:
    try:
        return str(response.json()["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return ""
