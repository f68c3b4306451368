"""The one list of content types.

Each type declares what varies about it on its model: `content_kind` (a stable key, stored in
the search index), its verbose names (the labels) and `get_absolute_url()` / `list_url_name`
(its public pages). Everything that works across types (search, feed, sitemaps, the page cache,
the source viewer, theme pages, the dashboard, the editorial groups) finds the types here and
never names one. A new content type needs its model, its admin registration and one line below.
"""

from django.apps import apps

CONTENT_TYPES = (
    "sections.Section",
    "casestudies.CaseStudy",
    "sections.LegalFramework",
)


def content_models():
    """The content models, in the order pages list the types."""
    return [apps.get_model(label) for label in CONTENT_TYPES]


def content_app_labels():
    return sorted({model._meta.app_label for model in content_models()})


def model_for_kind(kind):
    for model in content_models():
        if model.content_kind == kind:
            return model
    raise LookupError(f"no content type {kind!r}")


def kind_choices():
    """(kind, label) pairs, e.g. ("case_study", "Case study"): SearchEntry.kind's choices."""
    return [
        (model.content_kind, model._meta.verbose_name.capitalize()) for model in content_models()
    ]


def public_models():
    """Every model whose rows readers see: the content types, the models they link to (terms,
    citations, source documents) and their many-to-many tables. Saving any of these changes
    some public page; saving anything else (the search index, revisions, users) does not."""
    from django.conf import settings

    found = []
    for model in content_models():
        for related in [model, *(field.related_model for field in model._meta.get_fields())]:
            if related is None or related._meta.label == settings.AUTH_USER_MODEL:
                continue
            if related not in found:
                found.append(related)
        for field in model._meta.many_to_many:
            if field.remote_field.through not in found:
                found.append(field.remote_field.through)
    return found
