import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from iomkb.content import content_models, public_models
from iomkb.dbtuning import refresh_planner_statistics
from iomkb.editorial.demo import seed_review_demo
from iomkb.fixturegen import fixture_files
from iomkb.models import Citation, NamedTerm


def initial_revision_models():
    """What the admin keeps history of: content, citations and the named terms."""
    return [
        model._meta.label
        for model in public_models()
        if model in content_models() or model is Citation or issubclass(model, NamedTerm)
    ]


class Command(BaseCommand):
    help = (
        "Bring up the demo: migrate, load the fixtures (first run only, so edits survive), "
        "give that content its first revision, and (re)set the demo accounts (admin, editor, "
        "reviewer) with fresh random passwords. Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--site-url", default="http://127.0.0.1:8000", help="Where the demo will be served."
        )

    def handle(self, *args, username, site_url, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if any(model.objects.exists() for model in content_models()):
            self.stdout.write("Content already present: fixtures not reloaded, so edits are kept.")
        else:
            call_command("loaddata", *fixture_files(), verbosity=0)
            self.stdout.write(f"Loaded fixtures: {', '.join(fixture_files())}")
            refresh_planner_statistics()
        # History starts at the imported text (items that already have revisions are skipped).
        call_command(
            "createinitialrevisions",
            *initial_revision_models(),
            comment="Imported from the source text.",
            verbosity=0,
        )

        password = secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        verb = "Created" if created else "Reset the password of"
        self.stdout.write(self.style.SUCCESS(f"{verb} the demo admin account."))
        self.stdout.write(
            f"  Admin login: {site_url}/admin/  user: {username}  password: {password}"
        )
        call_command("seed_demo_users", site_url=site_url, stdout=self.stdout)
        # The review queue, working: one change awaiting review, one sent back to the editor.
        users = get_user_model().objects.in_bulk(["editor", "reviewer"], field_name="username")
        for line in seed_review_demo(users["editor"], users["reviewer"]):
            self.stdout.write(f"  {line}")
