from django.db.models import Q

from iomkb.views import ContentDetailView, PublishedListView

from .filters import LegalFrameworkFilterSet
from .models import LegalFramework, Section


class SectionListView(PublishedListView):
    model = Section
    paginate_by = 100  # an article's sections fit on one page; a bulk import still pages
    template_name = "sections/section_list.html"


class SectionDetailView(ContentDetailView):
    model = Section
    template_name = "sections/section_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        section = self.object
        context["case_studies"] = section.case_studies.published().select_related("region")
        context["frameworks"] = section.frameworks.published()
        context["previous_section"] = self.neighbour(section, before=True)
        context["next_section"] = self.neighbour(section, before=False)
        return context

    @staticmethod
    def neighbour(section, before):
        """The published section just before or after this one in article order."""
        if before:
            condition = Q(order__lt=section.order) | Q(order=section.order, title__lt=section.title)
            ordering = ("-order", "-title")
        else:
            condition = Q(order__gt=section.order) | Q(order=section.order, title__gt=section.title)
            ordering = ("order", "title")
        return (
            Section.objects.published()
            .filter(condition)
            .only("title", "slug", "order")
            .order_by(*ordering)
            .first()
        )


class FrameworkListView(PublishedListView):
    model = LegalFramework
    filterset_class = LegalFrameworkFilterSet
    prefetch_related = ("themes",)
    template_name = "sections/framework_list.html"


class FrameworkDetailView(ContentDetailView):
    model = LegalFramework
    template_name = "sections/framework_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        framework = self.object
        context["sections"] = framework.sections.published()
        context["case_studies"] = framework.case_studies.published().select_related("region")
        return context
