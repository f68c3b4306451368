"""The public views every content type builds on: published lists and detail pages."""

from functools import cache

from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject, classproperty
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView

from . import listqueries
from .citing import citation_of_page
from .facets import applied_filters, canonical_filters, facet_counts
from .models.linked import adopt_linked, with_linked, with_published_cards
from .models.prepared import NOW, Parameter, PreparedQuery
from .models.versions import shown_revision
from .pagination import forgiving_page, shorten
from .site.memo import per_content_version
from .terms import attach_public_terms

# Longer values are never a real slug, year or choice: refuse them before any query runs.
MAX_PARAMETER_LENGTH = 100


def reads_query_parameters(*names):
    """Declare the query parameters a function view reads (class-based views set a
    `query_parameters` attribute): the page cache keys its pages on those alone."""

    def declare(view):
        view.query_parameters = frozenset(names)
        return view

    return declare


def query_parameters(view):
    """The query parameters a resolved view reads; none unless it declares them."""
    return frozenset(getattr(getattr(view, "view_class", view), "query_parameters", ()))


class PublishedMixin:
    """Public views start from `published()`; staff may preview drafts on detail pages."""

    select_related = ()
    prefetch_related = ()

    @classmethod
    def public_queryset(cls, now=None):
        """What the public sees, at `now` (the current time, or a Parameter)."""
        return (
            cls.model.objects.published(now)
            .select_related(*cls.select_related)
            .prefetch_related(*cls.prefetch_related)
        )

    def get_queryset(self):
        return self.public_queryset()


class PublishedListView(PublishedMixin, ListView):
    """A published list with an optional FilterSet and forgiving pagination.

    Bad query strings never raise: an invalid filter value is ignored and a bad page number
    falls back to the nearest real page, each with a notice that says so.
    """

    paginate_by = 20
    filterset_class = None
    # {attribute: relation}: a list per item on the page, e.g. its themes for a card, read
    # for the whole page in one query (iomkb/terms.py, iomkb/models/linked.py)
    linked_lists = {}
    # Foreign keys to terms (a case study's region) a card shows: taken from memory, as the
    # terms of linked_lists are, instead of select_related() (iomkb/terms.py)
    term_fields = ()

    @classproperty
    def query_parameters(cls):
        filters = cls.filterset_class.base_filters if cls.filterset_class else {}
        return frozenset([*filters, cls.page_kwarg])

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.notices = []
        self.filterset = None

    @classmethod
    def public_queryset(cls, now=None):
        # Only what the cards show: the bodies and the rest stay in the database.
        return super().public_queryset(now).only(*cls.model.card_fields)

    def get_queryset(self):
        # Lazy: the ORM builds it only if the page asks (the count, a page no prepared query
        # reads); page_items() reads most pages by a query prepared once (listqueries.py).
        queryset = SimpleLazyObject(super().get_queryset)
        if self.filterset_class is None:
            return queryset
        self.filterset = self.filterset_class(
            self.filter_data(), queryset=queryset, request=self.request
        )
        for name, errors in self.filterset.errors.items():
            field = self.filterset.form.fields.get(name)
            label = field.label if field is not None else name
            self.notices.append(f"{label}: {' '.join(errors)} This filter was ignored.")
        return queryset

    def get_context_object_name(self, object_list):
        return f"{self.model._meta.model_name}_list"  # without evaluating the lazy queryset

    def filter_data(self):
        """The last value of each known filter parameter, minus values no filter could accept."""
        data = {}
        for name, filter_ in self.filterset_class.base_filters.items():
            value = self.request.GET.get(name)
            if value is None:
                continue
            if len(value) > MAX_PARAMETER_LENGTH or "\x00" in value:
                label = filter_.label or name.replace("_", " ").capitalize()
                self.notices.append(
                    f"{label}: “{shorten(value)}” is not a valid value. This filter was ignored."
                )
                continue
            data[name] = value
        return data

    def filtered_queryset(self):
        return self.filterset.qs if self.filterset is not None else self.object_list

    def paginate_queryset(self, queryset, page_size):
        # The exact total is the same for every reader until the content changes.
        filters = canonical_filters(self.filterset) if self.filterset is not None else ""
        count = per_content_version(
            f"count:{self.model._meta.label}?{filters}", lambda: self.filtered_queryset().count()
        )
        requested = self.request.GET.get(self.page_kwarg)
        # The paginator only numbers the pages (it is given the count); page_items() reads one.
        page, message = forgiving_page([], page_size, requested, count=count)
        if message:
            self.notices.append(message)
        page.paginator.object_list = SimpleLazyObject(self.filtered_queryset)
        page.object_list = self.page_items(page)
        if self.linked_lists or self.term_fields:
            page.object_list = attach_public_terms(
                list(page.object_list), self.term_fields, **self.linked_lists
            )
        return page.paginator, page, page.object_list, page.has_other_pages()

    def page_items(self, page):
        """The items of `page`: by the query prepared for the list's shape (listqueries.py),
        else by the ORM."""
        bottom = (page.number - 1) * page.paginator.per_page
        top = bottom + page.paginator.per_page
        shape = None
        if (
            self.filterset is not None
            and page.number <= listqueries.PREPARED_PAGES
            and not self.prefetch_related
        ):
            shape = listqueries.list_shape(
                self.filterset
            )  # prefetching needs queries a page builds itself
        if shape is None:
            return list(self.filtered_queryset()[bottom:top])
        shape, values = shape
        return listqueries.prepared_list(type(self), shape, bottom, top).run(
            now=timezone.now(), **values
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.notices:
            # Anyone can invent more bad input: a page about it is not worth a cache entry.
            add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        if self.filterset is not None:
            self.show_facet_counts()
            applied = applied_filters(self.filterset)
            context["active_filters"] = len(applied)
            form = self.filterset.form
            context["sorted"] = bool(form.data.get("order")) and "order" not in form.errors
        context["notices"] = self.notices
        context["query_string"] = self.valid_query_string()
        context["is_filtered"] = bool(context["query_string"])
        return context

    def show_facet_counts(self):
        """Each choice of the filter form says how many items picking it would give."""
        # The published items the filters narrow (not built again: the cache mostly answers)
        counts = facet_counts(self.filterset, self.filterset.queryset)
        fields = self.filterset.form.fields
        for name, found in counts.items():
            fields[name].widget.counts = found

    def valid_query_string(self):
        """The applied filters as a query string, for pagination links (never carries bad input)."""
        if self.filterset is None:
            return ""
        form = self.filterset.form
        return urlencode(
            [
                (name, form.data[name])
                for name in form.fields
                if name in form.data and form.data[name] != "" and name not in form.errors
            ]
        )


class ContentDetailView(DetailView):
    """A public detail page: the item and all it shows (its source, themes, citations, revision
    for "Cite this page", related cards) in one query, prepared once (models/prepared.py)."""

    select_related = ("source", "verified_by")  # subclasses keep both
    linked = ("themes", "citations")  # many-to-many links, as linked.with_linked() reads them
    # The related published items shown as cards: {relation: at most how many, None for all}.
    cards = {}

    @classmethod
    def item_queryset(cls, public):
        """The item by slug, public or (for staff) any, with all its page reads; `slug` and
        `now` are Parameters that each request binds."""
        manager = cls.model.objects
        queryset = manager.published(now=NOW) if public else manager.all()
        queryset = queryset.filter(slug=Parameter("slug", models.SlugField()))
        queryset = queryset.select_related(*cls.select_related)
        if "source" in cls.select_related:  # the page shows nothing of the source's text
            queryset = queryset.defer("source__text")
        # For "Cite this page": the revision that is this page's permanent link.
        queryset = queryset.annotate(shown_revision_id=shown_revision(cls.model))
        queryset = with_linked(queryset, *cls.linked)
        return with_published_cards(queryset, cls.cards, now=NOW)

    @classmethod
    @cache
    def item_query(cls, public):
        return PreparedQuery(cls.model, lambda: cls.item_queryset(public))

    def get_object(self, queryset=None):
        # Set only by the admin's preview (under /admin/, never cached): an unsaved version.
        preview = getattr(self.request, "preview_object", None)
        if preview is not None and self.request.user.is_staff:
            return preview
        query = self.item_query(public=not self.request.user.is_staff)
        found = query.run(slug=self.kwargs[self.slug_url_kwarg], now=timezone.now())
        if not found:
            raise Http404(f"No {self.model._meta.verbose_name} found matching the query")
        item = found[0]
        adopt_linked(item, *self.linked)
        return item

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        preview = getattr(self.request, "preview_object", None) is not None
        context["is_preview"] = preview or not self.object.is_published()
        # "Cite this page": nobody may cite a draft or a preview.
        context["cite"] = (
            None if context["is_preview"] else citation_of_page(self.request, self.object)
        )
        if self.request.user.is_staff and self.object.pk is not None:
            # Staff requests carry a session cookie, so the page cache never stores this page.
            opts = self.object._meta
            context["edit_url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.object.pk]
            )
        return context
