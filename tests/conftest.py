import pytest
from django.core.management import call_command

from iomkb.fixturegen import FIXTURE_FILES


@pytest.fixture
def demo(db):
    """The demo content, loaded from the committed fixtures."""
    call_command("loaddata", *FIXTURE_FILES, verbosity=0)


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(user)
    return client
