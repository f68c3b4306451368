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


def _linked_models(model):
    """The models `model`'s own foreign keys and many-to-many fields point at."""
    return [
        field.related_model
        for field in [*model._meta.fields, *model._meta.many_to_many]
        if field.is_relation and field.related_model not in (None, model)
    ]


def _each_after_what_it_links_to(models):
    """`models` in their given order, except that each comes after those of them it links to."""
    ordered, waiting = [], list(models)
    while waiting:
        ready = next(
            (m for m in waiting if not set(_linked_models(m)) & (set(waiting) - {m})), waiting[0]
        )
        ordered.append(ready)
        waiting.remove(ready)
    return ordered


def content_models_by_dependency():
    """The content models, each after the types it links to: the order fixtures load in and an
    import creates items in, so that every link names an item that already exists."""
    return _each_after_what_it_links_to(content_models())


def term_models():
    """The vocabularies of the content apps that extraction.toml fills (e.g. regions): models the
    content types link to that declare an `extraction_table`, each after those it links to.
    The shared model layer's own (themes, citations) are not among them."""
    found = []
    for model in content_models_by_dependency():
        for related in _linked_models(model):
            if getattr(related, "extraction_table", "") and related not in content_models():
                if related not in found:
                    found.append(related)
    return _each_after_what_it_links_to(found)


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
