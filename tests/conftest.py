import os

import pytest
from django.core.management import call_command
from django.db import transaction

from iomkb.fixturegen import fixture_files


def load_demo():
    call_command("loaddata", *fixture_files(), verbosity=0)


@pytest.fixture(scope="module")
def demo_shared(django_db_setup, django_db_blocker):
    """The demo content, loaded once per test module inside an outer transaction.

    Each test's own transaction (pytest-django's `db`) is then a savepoint inside this one,
    so whatever a test changes is rolled back after it and the next test sees the demo as
    loaded. Rolled back when the module's last test using it is done. A module's tests that do
    not ask for `demo` are run before those that do (`pytest_collection_modifyitems` below), so
    they still start from an empty database.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_demo()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    _shared_demo_loaded[0] = True
    yield
    _shared_demo_loaded[0] = False
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


_shared_demo_loaded = [False]


@pytest.fixture(autouse=True)
def _fresh_content_version():
    """Each test starts under a new content version, so no answer cached per version (pages,
    counts, choice lists) survives from another test's content, which bulk_create and the
    rollbacks between tests change without a signal. A cache failure another test simulated
    is forgotten first, or the cache would be skipped for a second."""
    from iomkb.site.cache import bump_content_version, health

    health.forget()
    bump_content_version()


@pytest.fixture(autouse=True)
def _no_shared_demo_unless_asked(request):
    """A test that did not ask for `demo` must not find it loaded (say, if tests were reordered)."""
    if _shared_demo_loaded[0] and "demo_shared" not in request.fixturenames:
        pytest.fail("the shared demo is still loaded for a test that did not ask for `demo`")


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.fixture
def demo(request, demo_shared, db):
    """The demo content from the committed fixtures (shared per module, see `demo_shared`).

    Changes a test makes are rolled back after it. Tests that commit (transaction=True,
    live_server, browser tests) use `demo_committed` instead.
    """
    if _is_transactional(request.node):
        pytest.fail("a transactional test cannot use the shared `demo`: use `demo_committed`")


@pytest.fixture
def demo_committed(transactional_db):
    """The demo content, loaded for this test alone, for tests whose transactions commit."""
    load_demo()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Each module's tests that use the shared `demo` run right after its last other test.

    Runs after pytest-django's own ordering (non-transactional, transactional, no database),
    which it keeps for every other test. So `demo_shared` is set up once per module, after the
    module's tests that need an empty database, and torn down before the next module's tests;
    also under pytest-xdist's `--dist loadfile`, which runs one module's tests together.
    """
    last = {item.path: index for index, item in enumerate(items)}
    ordered, waiting = [], {}
    for index, item in enumerate(items):
        if "demo_shared" in getattr(item, "fixturenames", ()):
            waiting.setdefault(item.path, []).append(item)
        else:
            ordered.append(item)
        if last[item.path] == index:
            ordered.extend(waiting.pop(item.path, []))
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # Hand out the slowest files, the browser ones, first: started last, one of them would
        # leave a worker running alone at the end.
        ordered.sort(key=lambda item: item.get_closest_marker("browser") is None)
    items[:] = ordered


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(user)
    return client


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium via Playwright; skipped if missing, unless REQUIRE_BROWSER=1."""

    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "Playwright is not installed (make test installs it)"
    if reason is None and not os.path.exists(CHROMIUM):
        reason = f"no browser at {CHROMIUM} (apt-get install chromium)"
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself (not the live server) are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# Shared by the editorial tests (test_drafts.py, test_review.py) and the browser tests.
@pytest.fixture
def editor(db):
    from tests.editorial_helpers import make_editor

    return make_editor()


@pytest.fixture
def reviewer(db):
    from tests.editorial_helpers import make_reviewer

    return make_reviewer()


@pytest.fixture
def live(db):
    """A published section, as the draft and review tests start from."""
    from tests.factories import make_section

    return make_section(title="Live title", body="Old words.")


@pytest.fixture
def log_in(browser, live_server):
    """log_in(user) -> a page in a browser context of its own, signed in to the admin."""
    from playwright.sync_api import expect

    contexts = []

    def log_in(user):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", "pw")
        page.click("input[type=submit]")
        expect(page.locator("#user-tools")).to_contain_text(user.username)
        return page

    yield log_in
    # Closed before the live server stops, so no request thread outlives it.
    for context in contexts:
        context.close()
