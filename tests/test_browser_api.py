"""The API's pages and CORS in headless Chromium: the docs and data pages pass axe with no
console errors (a CSP violation would be one), and a page on another origin can read the API."""

import pytest

from tests.axe import run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_docs_and_data_pages_have_no_axe_violations_and_no_console_errors(
    browser, live_server, demo_committed
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and not response.url.endswith("/favicon.ico")
            and errors.append(f"{response.status} {response.url}")
        ),
    )
    try:
        for path in ("/api/v1/docs/", "/data/"):
            page.goto(live_server.url + path)
            assert page.locator("h1").count() == 1
            results = run_axe(page)
            assert not results.violations_count, results.generate_report()
    finally:
        context.close()
    assert not [error for error in errors if "favicon" not in error and "404" not in error]
    assert not [error for error in errors if error[:3].isdigit()]


def test_a_page_on_another_origin_reads_the_api_with_a_conditional_request(
    browser, live_server, demo_committed
):
    context = browser.new_context()
    # Chromium asks before a page reads a loopback address; a reader's browser would too.
    context.grant_permissions(["local-network-access"])
    page = context.new_page()
    # Another origin on the loopback (browsers block public pages from reading loopback ones).
    elsewhere = "http://127.0.0.1:9/elsewhere"
    page.route(elsewhere, lambda route: route.fulfill(body="<!doctype html><title>x</title>"))
    try:
        page.goto(elsewhere)
        result = page.evaluate(
            """async (url) => {
                const first = await fetch(url);
                const etag = first.headers.get("ETag");
                const body = await first.json();
                const again = await fetch(url, {headers: {"If-None-Match": etag}});
                return {status: first.status, count: body.count, etag, again: again.status};
            }""",
            live_server.url + "/api/v1/sections/",
        )
    finally:
        context.close()
    assert result["status"] == 200 and result["count"] > 0 and result["etag"]
    assert result["again"] == 304
