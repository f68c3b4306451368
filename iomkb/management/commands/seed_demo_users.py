import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from iomkb.editorial.roles import EDITORS, REVIEWERS

DEMO_USERS = [("editor", EDITORS), ("reviewer", REVIEWERS)]


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo accounts 'editor' (Editors group: writes, cannot publish "
        "or verify) and 'reviewer' (Reviewers group: also publishes and verifies), each with a "
        "fresh random password, printed. Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url", default="http://127.0.0.1:8000", help="Where the demo is served."
        )

    def handle(self, *args, site_url, **options):
        for username, group_name in DEMO_USERS:
            try:
                group = Group.objects.get(name=group_name)
            except Group.DoesNotExist as error:
                message = f"No '{group_name}' group: run manage.py migrate first."
                raise CommandError(message) from error
            password = secrets.token_urlsafe(12)
            user, _ = get_user_model().objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"}
            )
            user.is_staff, user.is_superuser = True, False
            user.set_password(password)
            user.save()
            user.groups.set([group])
            self.stdout.write(
                f"  {group_name[:-1]} login: {site_url}/admin/  "
                f"user: {username}  password: {password}"
            )
