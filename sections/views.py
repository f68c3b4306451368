from django.db.models import Prefetch

from iomkb.views import ContentDetailView, PublishedListView

from .filters import LegalFrameworkFilterSet, SectionFilterSet
from .models import LegalFramework, Section


class SectionListView(PublishedListView):
    model = Section
    filterset_class = SectionFilterSet
    paginate_by = 100  # an article's sections fit on one page; a bulk import still pages
    template_name = "sections/section_list.html"


class SectionDetailView(ContentDetailView):
    model = Section
    template_name = "sections/section_detail.html"

    def get_queryset(self):
        return super().get_queryset().annotate(**Section.neighbour_annotations())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        section = self.object
        context["case_studies"] = section.case_studies.published().select_related("region")
        context["frameworks"] = section.frameworks.published()
        context["previous_section"] = section.neighbour(before=True)
        context["next_section"] = section.neighbour(before=False)
        return context


class FrameworkListView(PublishedListView):
    model = LegalFramework
    filterset_class = LegalFrameworkFilterSet
    prefetch_related = (Prefetch("themes", to_attr="theme_list"),)  # for the wide cards
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
