"""Bulk synthetic content for benchmarks and load tests: realistic, deterministic, fast."""

import random
import time
from datetime import UTC, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from iomkb.content import content_models_by_dependency, term_models
from iomkb.dbtuning import refresh_planner_statistics
from iomkb.models import Status, Theme, Verification
from iomkb.search.indexing import rebuild_index
from iomkb.site.cache import bump_content_version

BATCH = 2000
# Fixed, so that the same seed gives byte-identical content whenever it runs.
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)

THEMES = [
    ("humanitarian-response", "Humanitarian response"),
    ("migration-governance", "Migration governance and policy"),
    ("international-law", "International law"),
    ("legal-assistance", "Legal assistance and capacity building"),
    ("trafficking-and-smuggling", "Human trafficking and smuggling"),
    ("labour-mobility", "Labour mobility"),
    ("climate-and-displacement", "Climate change and displacement"),
    ("return-and-reintegration", "Return and reintegration"),
]
REGIONS = [
    ("europe", "Europe"),
    ("asia-pacific", "Asia and the Pacific"),
    ("middle-east-north-africa", "Middle East and North Africa"),
    ("west-central-africa", "West and Central Africa"),
    ("east-horn-africa", "East and Horn of Africa"),
    ("southern-africa", "Southern Africa"),
    ("south-america", "South America"),
    ("central-north-america-caribbean", "Central and North America and the Caribbean"),
]
COUNTRIES = [
    ("PH", "Philippines"), ("BD", "Bangladesh"), ("NP", "Nepal"), ("ID", "Indonesia"),
    ("NG", "Nigeria"), ("NE", "Niger"), ("SN", "Senegal"), ("ET", "Ethiopia"), ("SO", "Somalia"),
    ("KE", "Kenya"), ("ZA", "South Africa"), ("MZ", "Mozambique"), ("CO", "Colombia"),
    ("PE", "Peru"), ("EC", "Ecuador"), ("GT", "Guatemala"), ("HN", "Honduras"), ("MX", "Mexico"),
    ("LB", "Lebanon"), ("JO", "Jordan"), ("LY", "Libya"), ("TN", "Tunisia"), ("UA", "Ukraine"),
    ("MD", "Moldova"), ("IT", "Italy"), ("GR", "Greece"),
]  # fmt: skip
INTERVENTIONS = [
    "Legal aid", "Psychosocial support", "Shelter", "Cash assistance", "Health screening",
    "Assisted voluntary return", "Reintegration support", "Border management training",
    "Labour migration policy advice", "Counter-trafficking training", "Data collection",
    "Community stabilisation",
]  # fmt: skip

SUBJECTS = [
    "labour migrants", "displaced families", "returning migrants", "seasonal workers",
    "unaccompanied children", "survivors of trafficking", "border communities",
    "climate-affected households", "stranded migrants", "host communities",
]  # fmt: skip
ACTIONS = [
    "Protecting", "Supporting", "Registering", "Reintegrating", "Training officials to assist",
    "Strengthening services for", "Coordinating assistance to", "Mapping the needs of",
]  # fmt: skip
TOPICS = [
    "the rights of migrant workers", "safe and regular pathways", "durable solutions",
    "border governance", "consular cooperation", "data on human mobility",
    "the prevention of trafficking", "climate-related displacement", "ethical recruitment",
    "access to justice",
]  # fmt: skip
SENTENCES = [
    "The programme worked with {partner} to reach {subject} in {country}.",
    "Staff recorded {number} cases over {years} years and referred them to local services.",
    "An evaluation found that {share} per cent of participants reported better access to help.",
    "National authorities adopted parts of the approach in their {topic} strategy.",
    "Funding came from a multi-donor trust fund and was renewed after the first phase.",
    "Partners met every quarter to compare data and adjust the referral pathways.",
    "Community leaders helped to identify {subject} who had not been reached before.",
    "The work followed international standards on {topic}.",
]
PARTNERS = ["the ministry of labour", "UNHCR", "UNICEF", "local NGOs", "the national police"]
FRAMEWORK_NAMES = [
    "Convention on", "Protocol on", "Regional Agreement on", "Memorandum of Understanding on",
    "Declaration on", "Compact on", "National Law on",
]  # fmt: skip


WORDS = {
    "subjects": SUBJECTS,
    "actions": ACTIONS,
    "topics": TOPICS,
    "partners": PARTNERS,
    "framework_names": FRAMEWORK_NAMES,
}
# Rows of the content apps' vocabularies, by the extraction table their model declares.
TERMS = {
    "regions": [{"slug": slug, "name": name} for slug, name in REGIONS],
    "countries": [
        {"slug": slugify(name), "name": name, "iso_code": code} for code, name in COUNTRIES
    ],
    "interventions": [{"slug": slugify(name), "name": name} for name in INTERVENTIONS],
}


class Fake:
    """The words and ids a content type's `synthetic_title` and `synthetic_fields` draw from."""

    def __init__(self, rng, ids):
        self.rng = rng
        self.ids = ids  # {model: ids of its rows}, terms and the content made so far

    def new_item(self):
        self.country = self.rng.choice(COUNTRIES)[1]
        self.subject, self.topic = self.rng.choice(SUBJECTS), self.rng.choice(TOPICS)

    def pick(self, words):
        return self.rng.choice(WORDS[words])

    @staticmethod
    def capitalised(text):
        return f"{text[0].upper()}{text[1:]}"

    def ids_for(self, model, field_name):
        """Ids of the rows `model.<field_name>` may point to."""
        return self.ids.get(model._meta.get_field(field_name).related_model, [])


class Command(BaseCommand):
    help = (
        "Create synthetic content of every type in bulk (--sections N, --case-studies N ...: one "
        "option per type), deterministically from --seed. "
        "Items whose slug already exists are left alone, so re-running is safe."
    )

    def add_arguments(self, parser):
        for model in content_models_by_dependency():
            option = model.synthetic_option or model.extraction_table.replace("_", "-")
            parser.add_argument(f"--{option}", type=int, default=0, dest=model.extraction_table)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, seed, **options):
        counts = {
            model: options[model.extraction_table] for model in content_models_by_dependency()
        }
        if min(counts.values()) < 0:
            raise CommandError("counts must be zero or more")
        started = time.monotonic()
        fake = Fake(random.Random(seed), {})
        with transaction.atomic():
            fake.ids.update(ensure_taxonomy())
            for model, count in counts.items():
                fake.ids[model] = self.create(model, count, seed, fake)
        # bulk_create sends no signals: bring the search index and the page cache up to date.
        rebuild_index()
        refresh_planner_statistics()
        bump_content_version()
        self.stdout.write(
            f"{sum(counts.values())} synthetic items (seed {seed}) in "
            f"{time.monotonic() - started:.1f} s"
        )

    def create(self, model, count, seed, fake):
        """Create `count` items of `model`; returns the ids of all of them, old and new."""
        ids = []
        for start in range(0, count, BATCH):
            items = [
                build_item(model, seed, number, fake)
                for number in range(start, min(start + BATCH, count))
            ]
            model.objects.bulk_create(items, ignore_conflicts=True)
            batch_ids = list(
                model.objects.filter(slug__in=[item.slug for item in items])
                .order_by("slug")
                .values_list("id", flat=True)
            )
            ids.extend(batch_ids)
            for name, (low, high) in model.synthetic_links.items():
                field = model._meta.get_field(name)
                if targets := fake.ids.get(field.related_model):
                    link(field, batch_ids, targets, fake.rng, low, high)
        return ids


def build_item(model, seed, number, fake):
    fake.new_item()
    rng = fake.rng
    title = model.synthetic_title(fake)
    body = make_body(rng, fake.country, fake.subject, fake.topic)
    roll = rng.random()
    status = Status.DRAFT if roll < 0.07 else Status.PUBLISHED
    published_at = EPOCH - timedelta(minutes=rng.randrange(1, 500_000))
    if 0.07 <= roll < 0.10:
        published_at = EPOCH + timedelta(days=3650)  # scheduled far ahead
    fields = {
        "title": title,
        "slug": f"{model._meta.model_name[:2]}{seed}-{number:06d}-{slugify(title)}"[:100],
        "summary": body.split("\n\n")[0][:200],
        "body": body,
        "body_html": paragraphs_html(body),
        "status": status,
        "published_at": published_at,
        "created_at": published_at,
        "updated_at": published_at,
        "verification": rng.choice(list(Verification)),
    }
    return model(**fields, **model.synthetic_fields(fake, number))


def make_body(rng, country, subject, topic):
    paragraphs = []
    for _ in range(rng.randrange(2, 5)):
        sentences = [
            rng.choice(SENTENCES).format(
                partner=rng.choice(PARTNERS),
                subject=subject,
                country=country,
                number=rng.randrange(50, 20_000),
                years=rng.randrange(2, 12),
                share=rng.randrange(40, 95),
                topic=topic,
            )
            for _ in range(rng.randrange(3, 7))
        ]
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def paragraphs_html(body):
    """What render_markdown gives for these plain paragraphs, at a hundredth of the cost."""
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in body.split("\n\n"))


def link(field, left_ids, right_ids, rng, low=1, high=3):
    """Link every left id to `low`..`high` distinct right ids through the many-to-many `field`."""
    through = field.remote_field.through
    left, right = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    rows = []
    for left_id in left_ids:
        for right_id in rng.sample(right_ids, min(len(right_ids), rng.randint(low, high))):
            rows.append(through(**{left: left_id, right: right_id}))
    through.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def ensure_taxonomy():
    """{model: ids} of the themes and the content apps' terms (regions...) items link to."""

    def ensure(model, slug, name, **extra):
        found = model.objects.filter(slug=slug).first() or model.objects.filter(name=name).first()
        return (found or model.objects.create(slug=slug, name=name, **extra)).pk

    ids = {Theme: [ensure(Theme, slug, name) for slug, name in THEMES]}
    for model in term_models():
        ids[model] = [ensure(model, **row) for row in TERMS.get(model.extraction_table, [])]
    return ids
