from __future__ import annotations

from django.test import RequestFactory, override_settings

from core.http import client_ip


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.5"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_appended_is_the_client() -> None:
    # The client forged "1.2.3.4"; the proxy appended the real address last.
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.113.7.9")
    assert client_ip(request) == "203.113.7.9"
