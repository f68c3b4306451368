"""The public templates' filters (iomkb/jinja2.py) give what Django's own would."""

from datetime import UTC, date, datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.template import defaultfilters
from django.test import override_settings
from django.utils.timezone import template_localtime

from iomkb import jinja2

FORMATS = ["j F Y", "Y/m/d", "c", "j F Y, H:i e", "DATETIME_FORMAT", "D j M", r"j \o\f F", None]
VALUES = [
    datetime(2026, 1, 1, 0, 30, tzinfo=UTC),
    datetime(2025, 12, 31, 23, 59, 59, 123456, tzinfo=UTC),
    datetime(2024, 2, 29, 12, 0, tzinfo=dt_timezone(timedelta(hours=-5))),
    date(2023, 7, 4),
    None,
    "",
]


@pytest.mark.parametrize("time_zone", ["UTC", "Pacific/Auckland", "America/New_York"])
@pytest.mark.parametrize("format", FORMATS)
def test_date_is_djangos_date_in_the_current_time_zone(time_zone, format):
    with override_settings(TIME_ZONE=time_zone):
        for value in VALUES:
            local = template_localtime(value) if isinstance(value, datetime) else value
            try:
                expected = defaultfilters.date(local, format)
            except TypeError:  # Django's own refusal: a time of day asked of a date
                with pytest.raises(TypeError):
                    jinja2.date(value, format)
                continue
            assert jinja2.date(value, format) == expected, value


@pytest.mark.parametrize("length", [0, 1, 3, 40])
def test_truncatewords_is_djangos(length):
    texts = [
        "",
        "One",
        "Three short words",
        "  Spaces\\tand\\nnewlines   between  words, more than three of them  ",
        "Ends with its own marker …",
        "Word " * 60,
        "Ünïcode wörds – with dashes — and “quotes”",
    ]
    for text in texts:
        assert jinja2.truncatewords(text, length) == defaultfilters.truncatewords(text, length)
