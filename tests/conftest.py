import os
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import transaction

from iomkb.fixturegen import fixture_files


def load_demo():
    call_command("loaddata", *fixture_files(), verbosity=0)


# The name of the `*_shared` fixture whose data is loaded now, if any.
_shared_loaded = []


@contextmanager
def shared_data(request, django_db_blocker, load, *args):
    """For a module-scoped fixture named `*_shared`: `load(*args)` once, inside an outer
    transaction that lasts until the fixture is torn down, then rolled back.

    Each test's own transaction (pytest-django's `db`) is a savepoint inside this one, so
    whatever a test changes is rolled back after it and the next test sees the data as loaded.
    A module's tests that ask for no `*_shared` fixture run before those that do
    (`pytest_collection_modifyitems` below), so they still start from an empty database.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            value = load(*args)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    _shared_loaded.append(request.fixturename)
    try:
        yield value
    finally:
        _shared_loaded.remove(request.fixturename)
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo_shared(request, django_db_setup, django_db_blocker):
    """The demo content, loaded once per test module (see `shared_data`); tests ask for `demo`."""
    with shared_data(request, django_db_blocker, load_demo):
        yield


@pytest.fixture(scope="session", autouse=True)
def _jinja2_pages_report_their_context():
    """The test client learns a page's context (response.context, assertTemplateUsed) from the
    `template_rendered` signal, which Django's test setup sends only for its own template
    language; the public pages are Jinja2 (iomkb/jinja2.py). Send it for those too, as
    django.test.utils.instrumented_test_render does."""
    from django.template.backends.jinja2 import Template
    from django.test.signals import template_rendered

    render = Template.render

    def instrumented(self, context=None, request=None):
        context = {} if context is None else context
        template_rendered.send(sender=self, template=self.template, context=context)
        return render(self, context, request)

    Template.render = instrumented
    yield
    Template.render = render


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
def _no_shared_data_unless_asked(request):
    """A test that did not ask for the shared data loaded now must not find it (say, if tests
    were reordered)."""
    for name in _shared_loaded:
        if name not in request.fixturenames:
            pytest.fail(f"the data of `{name}` is still loaded for a test that did not ask for it")


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.fixture
def shared_db(request, db):
    """`db` for a test that reads data a `*_shared` fixture loaded; refuses transactional tests,
    whose commits would outlive the shared transaction."""
    if _is_transactional(request.node):
        pytest.fail("a transactional test cannot use shared data: load its own (`demo_committed`)")


@pytest.fixture
def demo(demo_shared, shared_db):
    """The demo content from the committed fixtures (shared per module, see `demo_shared`).

    Changes a test makes are rolled back after it. Tests that commit (transaction=True,
    live_server, browser tests) use `demo_committed` instead.
    """


@pytest.fixture
def demo_committed(transactional_db):
    """The demo content, loaded for this test alone, for tests whose transactions commit."""
    load_demo()


def _uses_shared_data(item):
    return any(name.endswith("_shared") for name in getattr(item, "fixturenames", ()))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Each module's tests that use shared data (a `*_shared` fixture) run right after its last
    other test.

    Runs after pytest-django's own ordering (non-transactional, transactional, no database),
    which it keeps for every other test, and after pytest's grouping by module-scoped
    parameters. So a `*_shared` fixture is set up once per module (and parameter), after the
    module's tests that need an empty database, and torn down before the next module's tests;
    also under pytest-xdist's `--dist loadfile`, which runs one module's tests together.
    """
    last = {item.path: index for index, item in enumerate(items)}
    ordered, waiting = [], {}
    for index, item in enumerate(items):
        if _uses_shared_data(item):
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


# Debian's headless shell first: the build Playwright itself runs headless (the same Blink,
# without the desktop browser around it); the browser tests take about 45% less CPU with it
# than with the full Chromium, which is used where the shell is not installed.
CHROMIUM_BUILDS = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"]
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
    chromium = next((path for path in CHROMIUM_BUILDS if os.path.exists(path)), None)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "Playwright is not installed (make test installs it)"
    if reason is None and chromium is None:
        builds = " or ".join(CHROMIUM_BUILDS)
        reason = f"no browser at {builds} (apt-get install chromium-headless-shell)"
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself (not the live server) are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
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
    """log_in(user) -> a page in a browser context of its own, signed in to the admin.

    Signed in with a session cookie, as the test client's force_login() does, which spares each
    user the login form and the admin home it leads to; test_browser_markdown_editor.py signs in
    through the form."""
    from django.conf import settings
    from django.test import Client

    contexts = []

    def log_in(user):
        client = Client()
        client.force_login(user)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield log_in
    # Closed before the live server stops, so no request thread outlives it.
    for context in contexts:
        context.close()
