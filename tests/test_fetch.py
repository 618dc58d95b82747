"""The fetcher against a real loopback server (and httpx.MockTransport where a public address is needed)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest

from loopback import Site, serve
from pactwatch.errors import ConfigError
from pactwatch.fetch import ENV_ALLOW_PRIVATE, Fetcher, FetchError, FetchOptions

FAST = FetchOptions(allow_private=True, host_delay=0.0, backoff=0.05, timeout=2.0)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with serve() as s:
        yield s


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FAST) as f:
        yield f


def failure(fetcher: Fetcher, url: str) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetcher.get(url)
    return info.value


def test_page_is_fetched_with_a_pactwatch_user_agent(site: Site, fetcher: Fetcher) -> None:
    resp = fetcher.get(site.url("/article-en.html"))
    assert resp.status == 200
    assert resp.content_type == "text/html" and resp.charset == "utf-8"
    assert b"Marchenko" in resp.content
    assert resp.url == resp.requested == site.url("/article-en.html")
    last = [r for r in site.requests if r.path == "/article-en.html"][-1]
    assert last.headers["user-agent"].startswith("pactwatch/")


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/status/404", "HTTP 404"),
        ("/status/410", "HTTP 410"),
        ("/status/500", "HTTP 500"),
        ("/redirect/loop-a", "redirect loop"),
        ("/redirect/chain/9", "too many redirects"),
        ("/huge", "too large"),
        ("/huge-chunked", "too large"),
        ("/gzip-bomb", "too large"),  # the cap counts decompressed bytes
    ],
)
def test_failures_have_a_reason(site: Site, fetcher: Fetcher, path: str, reason: str) -> None:
    err = failure(fetcher, site.url(path))
    assert err.reason == reason
    assert err.url == site.url(path)
    assert site.url(path) in str(err)


def test_redirects_are_followed_to_the_final_url(site: Site, fetcher: Fetcher) -> None:
    resp = fetcher.get(site.url("/redirect/chain/3"))
    assert resp.url == site.url("/article-en.html")
    assert resp.requested == site.url("/redirect/chain/3")


def test_server_errors_are_retried_with_backoff_and_client_errors_are_not(site: Site) -> None:
    waits: list[float] = []
    with Fetcher(replace(FAST, retries=2, backoff=0.01), sleep=waits.append) as f:
        with pytest.raises(FetchError):
            f.get(site.url("/status/502"))
        assert site.hits["/status/502"] == 3
        assert waits == [0.01, 0.02]
        waits.clear()
        with pytest.raises(FetchError):
            f.get(site.url("/status/403"))
        assert site.hits["/status/403"] == 1 and waits == []


def test_a_flaky_server_succeeds_on_retry(site: Site) -> None:
    with Fetcher(replace(FAST, retries=2), sleep=lambda s: None) as f:
        resp = f.get(site.url("/flaky/2/article-en.html"))
    assert resp.status == 200
    assert site.hits["/flaky/2/article-en.html"] == 3


def test_timeout_is_retried_then_reported(site: Site) -> None:
    site.slow = 1.0
    waits: list[float] = []
    with Fetcher(replace(FAST, timeout=0.2, retries=1, backoff=0.01), sleep=waits.append) as f:
        err = failure(f, site.url("/slow/article-en.html"))
    assert err.reason == "timeout" and err.status is None
    assert waits == [0.01]


def test_conditional_get_returns_not_modified(site: Site, fetcher: Fetcher) -> None:
    first = fetcher.get(site.url("/etag-feed.xml"))
    assert first.etag == '"v1"' and first.last_modified and not first.not_modified
    again = fetcher.get(site.url("/etag-feed.xml"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.content == b""
    sent = [r for r in site.requests if r.path == "/etag-feed.xml"][-1]
    assert sent.headers["if-none-match"] == '"v1"'
    assert sent.headers["if-modified-since"] == first.last_modified


def test_robots_txt_is_obeyed() -> None:
    with serve(Site(robots="User-agent: *\nDisallow: /private/\n")) as s, Fetcher(FAST) as f:
        assert f.get(s.url("/article-en.html")).status == 200
        err = failure(f, s.url("/private/article-en.html"))
        assert err.reason == "robots.txt"
        assert s.paths().count("/robots.txt") == 1  # cached per host
        assert "/private/article-en.html" not in s.paths()


def test_robots_txt_naming_pactwatch_blocks_it() -> None:
    with serve(Site(robots="User-agent: otherbot\nAllow: /\n\nUser-agent: pactwatch\nDisallow: /\n")) as s:
        with Fetcher(FAST) as f:
            assert failure(f, s.url("/article-en.html")).reason == "robots.txt"


def test_robots_txt_for_other_agents_does_not_block_pactwatch() -> None:
    with serve(Site(robots="User-agent: otherbot\nDisallow: /\n")) as s, Fetcher(FAST) as f:
        assert f.get(s.url("/article-en.html")).status == 200


def test_requests_to_one_host_are_spaced_by_the_host_delay(site: Site) -> None:
    with Fetcher(replace(FAST, host_delay=0.25)) as f:
        for _ in range(3):
            f.get(site.url("/feed.rss"))
    times = [r.at for r in site.requests if r.path == "/feed.rss"][-3:]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert all(g >= 0.24 for g in gaps), gaps


def test_crawl_delay_from_robots_txt_is_honoured() -> None:
    waits: list[float] = []
    with serve(Site(robots="User-agent: *\nCrawl-delay: 5\n")) as s:
        with Fetcher(FAST, sleep=waits.append) as f:
            f.get(s.url("/feed.rss"))
            f.get(s.url("/feed.rss"))
    assert waits and max(waits) > 4


# -- SSRF ---------------------------------------------------------------------------------------------


def test_loopback_is_refused_by_default(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_ALLOW_PRIVATE, raising=False)
    with Fetcher(FetchOptions(host_delay=0)) as f:
        err = failure(f, site.url("/article-en.html"))
    assert err.reason == "private address"
    assert "--allow-private-urls" in err.detail


def test_environment_variable_allows_private_addresses(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_ALLOW_PRIVATE, "1")
    with Fetcher(FetchOptions(host_delay=0)) as f:
        assert f.get(site.url("/article-en.html")).status == 200


def _public(host: str) -> list[str]:
    return {"news.example": ["93.184.216.34"], "intranet.example": ["10.1.2.3"]}.get(host, ["127.0.0.1"])


def _mock(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/robots.txt":
        return httpx.Response(404)
    if request.url.path == "/to-private":
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:9/admin"})
    if request.url.path == "/to-metadata":
        return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    return httpx.Response(200, html="<html><body>public page</body></html>")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://news.example/story", None),
        ("http://intranet.example/story", "private address"),
        ("http://news.example/to-private", "private address"),
        ("http://news.example/to-metadata", "private address"),
        ("http://[::1]/x", "private address"),
        ("http://0.0.0.0/x", "private address"),
        ("ftp://news.example/story", "unsupported URL"),
        ("file:///etc/passwd", "unsupported URL"),
    ],
)
def test_address_checks(url: str, reason: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_ALLOW_PRIVATE, raising=False)
    with Fetcher(FetchOptions(host_delay=0), transport=httpx.MockTransport(_mock), resolver=_public) as f:
        if reason is None:
            assert f.get(url).content == b"<html><body>public page</body></html>"
        else:
            assert failure(f, url).reason == reason


def test_unresolvable_host_is_a_dns_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def nowhere(host: str) -> list[str]:
        raise OSError("Name or service not known")

    monkeypatch.delenv(ENV_ALLOW_PRIVATE, raising=False)
    with Fetcher(FetchOptions(host_delay=0), resolver=nowhere) as f:
        assert failure(f, "http://no-such-host.example/").reason == "DNS failure"


def test_host_name_that_cannot_be_encoded_is_a_dns_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_ALLOW_PRIVATE, raising=False)
    with Fetcher(FetchOptions(host_delay=0)) as f:  # the real resolver: IDNA rejects a 64-character label
        assert failure(f, "http://" + "a" * 64 + ".example/").reason == "DNS failure"


@pytest.mark.parametrize(
    "kwargs", [{"timeout": -1}, {"max_bytes": 0}, {"host_concurrency": 0}, {"retries": -1}]
)
def test_bad_options_are_config_errors(kwargs: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        FetchOptions(**kwargs)  # type: ignore[arg-type]


def test_at_most_host_concurrency_requests_in_flight_per_host() -> None:
    from concurrent.futures import ThreadPoolExecutor

    with serve(Site(slow=0.3)) as s, Fetcher(replace(FAST, host_concurrency=2)) as f:
        f.get(s.url("/feed.rss"))  # robots.txt read once, before the burst
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda _: f.get(s.url("/slow/feed.rss")), range(4)))
        starts = sorted(r.at for r in s.requests if r.path == "/slow/feed.rss")
    assert len(starts) == 4
    assert starts[2] - starts[0] >= 0.25  # the third waited for one of the first two to finish


def test_dns_rebinding_between_check_and_connect_is_refused(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The host resolves to a public address for the check, then to loopback: nothing may reach loopback."""
    monkeypatch.delenv(ENV_ALLOW_PRIVATE, raising=False)
    answers = iter([["93.184.216.34"]] + [["127.0.0.1"]] * 10)
    port = site.base.rsplit(":", 1)[1]
    before = len(site.requests)
    with Fetcher(FetchOptions(host_delay=0, respect_robots=False), resolver=lambda host: next(answers)) as f:
        err = failure(f, f"http://rebind.example:{port}/article-en.html")
    assert err.reason == "private address"
    assert "127.0.0.1" in str(err) and "when connecting" in str(err)
    assert len(site.requests) == before


def test_connections_go_to_the_address_that_was_checked(site: Site) -> None:
    """The guarded transport connects to the resolver's answer, not to a second lookup of the host name."""
    from pactwatch.fetch import _guarded_transport

    port = site.base.rsplit(":", 1)[1]
    looked_up: list[str] = []

    def resolver(host: str) -> list[str]:
        looked_up.append(host)
        return ["127.0.0.1"]

    transport = _guarded_transport(resolver, allowed=lambda address: True)
    with httpx.Client(transport=transport) as client:  # '.invalid' never resolves in real DNS
        resp = client.get(f"http://pinned.invalid:{port}/article-en.html")
    assert resp.status_code == 200 and b"Marchenko" in resp.content
    assert looked_up == ["pinned.invalid"]
    assert site.requests[-1].headers["host"] == f"pinned.invalid:{port}"
