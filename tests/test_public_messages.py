"""Messages on a public (Jinja2) page are shown as Django templates showed them: a message
made safe with format_html() (as the admin's own are: "The section “<a …>…</a>” was changed
successfully.") keeps its markup, anything else is escaped."""

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.template import engines
from django.test import RequestFactory
from django.utils.html import format_html

pytestmark = pytest.mark.django_db


def test_a_safe_message_keeps_its_link_and_a_plain_one_is_escaped():
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    messages.success(
        request, format_html('The section “<a href="{}">{}</a>” was changed.', "/x/", "A&B")
    )
    messages.warning(request, "Not <b>bold</b>")
    html = engines["jinja2"].get_template("includes/messages.html").render({}, request)
    assert 'The section “<a href="/x/">A&amp;B</a>” was changed.' in html
    assert "Not &lt;b&gt;bold&lt;/b&gt;" in html
