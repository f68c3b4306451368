"""Bulk synthetic content for benchmarks and load tests: realistic, deterministic, fast."""

import random
import time
from datetime import UTC, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from casestudies.models import CaseStudy, Country, Intervention, Region
from iomkb.dbtuning import refresh_planner_statistics
from iomkb.models import Status, Theme, Verification
from iomkb.search.indexing import rebuild_index
from iomkb.site.cache import bump_content_version
from sections.models import LegalFramework, Section

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


class Command(BaseCommand):
    help = (
        "Create synthetic sections, case studies and legal frameworks in bulk, deterministically "
        "from --seed. Items whose slug already exists are left alone, so re-running is safe."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sections", type=int, default=0)
        parser.add_argument("--case-studies", type=int, default=0)
        parser.add_argument("--frameworks", type=int, default=0)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, sections, case_studies, frameworks, seed, **options):
        if min(sections, case_studies, frameworks) < 0:
            raise CommandError("counts must be zero or more")
        started = time.monotonic()
        rng = random.Random(seed)
        with transaction.atomic():
            taxonomy = ensure_taxonomy()
            section_ids = self.create(Section, sections, seed, rng, taxonomy)
            framework_ids = self.create(LegalFramework, frameworks, seed, rng, taxonomy)
            self.create(CaseStudy, case_studies, seed, rng, taxonomy, section_ids, framework_ids)
            if framework_ids and section_ids:
                link(
                    LegalFramework.sections.through,
                    "legalframework_id",
                    "section_id",
                    framework_ids,
                    section_ids,
                    rng,
                    1,
                    2,
                )
        # bulk_create sends no signals: bring the search index and the page cache up to date.
        rebuild_index()
        refresh_planner_statistics()
        bump_content_version()
        total = sections + case_studies + frameworks
        self.stdout.write(
            f"{total} synthetic items (seed {seed}) in {time.monotonic() - started:.1f} s"
        )

    def create(self, model, count, seed, rng, taxonomy, section_ids=(), framework_ids=()):
        """Create `count` items of `model`; returns the ids of all of them, old and new."""
        kind = model._meta.model_name
        ids = []
        for start in range(0, count, BATCH):
            items = [
                build_item(model, kind, seed, number, rng, taxonomy, section_ids)
                for number in range(start, min(start + BATCH, count))
            ]
            model.objects.bulk_create(items, ignore_conflicts=True)
            batch_ids = list(
                model.objects.filter(slug__in=[item.slug for item in items])
                .order_by("slug")
                .values_list("id", flat=True)
            )
            ids.extend(batch_ids)
            link(model.themes.through, f"{kind}_id", "theme_id", batch_ids, taxonomy["themes"], rng)
            if model is CaseStudy:
                link(model.countries.through, "casestudy_id", "country_id", batch_ids,
                     taxonomy["countries"], rng, 1, 3)  # fmt: skip
                link(model.interventions.through, "casestudy_id", "intervention_id", batch_ids,
                     taxonomy["interventions"], rng, 1, 2)  # fmt: skip
                if framework_ids:
                    link(model.frameworks.through, "casestudy_id", "legalframework_id",
                         batch_ids, framework_ids, rng, 0, 2)  # fmt: skip
        return ids


def build_item(model, kind, seed, number, rng, taxonomy, section_ids):
    country = rng.choice(COUNTRIES)[1]
    subject, topic = rng.choice(SUBJECTS), rng.choice(TOPICS)
    if model is LegalFramework:
        title = f"{rng.choice(FRAMEWORK_NAMES)} {topic[0].upper()}{topic[1:]} ({country})"
    elif model is Section:
        title = f"{topic[0].upper()}{topic[1:]}: {subject} and {rng.choice(TOPICS)}"
    else:
        title = f"{rng.choice(ACTIONS)} {subject} in {country}"
    body = make_body(rng, country, subject, topic)
    roll = rng.random()
    status = Status.DRAFT if roll < 0.07 else Status.PUBLISHED
    published_at = EPOCH - timedelta(minutes=rng.randrange(1, 500_000))
    if 0.07 <= roll < 0.10:
        published_at = EPOCH + timedelta(days=3650)  # scheduled far ahead
    fields = {
        "title": title,
        "slug": f"{kind[:2]}{seed}-{number:06d}-{slugify(title)}"[:100],
        "summary": body.split("\n\n")[0][:200],
        "body": body,
        "body_html": paragraphs_html(body),
        "status": status,
        "published_at": published_at,
        "created_at": published_at,
        "updated_at": published_at,
        "verification": rng.choice(list(Verification)),
    }
    if model is Section:
        fields["order"] = 1000 + number
    elif model is LegalFramework:
        fields["kind"] = rng.choice(list(LegalFramework.Kind))
        fields["binding"] = rng.choice(list(LegalFramework.Binding))
        fields["year_adopted"] = rng.randrange(1951, 2025)
    else:
        fields["year"] = rng.randrange(1995, 2025)
        fields["region_id"] = rng.choice(taxonomy["regions"])
        if section_ids and rng.random() < 0.8:
            fields["section_id"] = rng.choice(section_ids)
    return model(**fields)


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


def link(through, left, right, left_ids, right_ids, rng, low=1, high=3):
    """Link every left id to `low`..`high` distinct right ids, in bulk."""
    rows = []
    for left_id in left_ids:
        for right_id in rng.sample(right_ids, min(len(right_ids), rng.randint(low, high))):
            rows.append(through(**{left: left_id, right: right_id}))
    through.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def ensure_taxonomy():
    """Ids of the themes, regions, countries and interventions items are spread over."""

    def ensure(model, slug, name, **extra):
        found = model.objects.filter(slug=slug).first() or model.objects.filter(name=name).first()
        return (found or model.objects.create(slug=slug, name=name, **extra)).pk

    return {
        "themes": [ensure(Theme, slug, name) for slug, name in THEMES],
        "regions": [ensure(Region, slug, name) for slug, name in REGIONS],
        "countries": [
            ensure(Country, slugify(name), name, iso_code=code) for code, name in COUNTRIES
        ],
        "interventions": [ensure(Intervention, slugify(name), name) for name in INTERVENTIONS],
    }
