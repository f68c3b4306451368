from casestudies.models import CaseStudy
from iomkb.models.linked import published_cards
from iomkb.models.prepared import NOW
from iomkb.site.memo import per_content_version
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
    cards = {"case_studies": None, "frameworks": None}

    @classmethod
    def item_queryset(cls, public):
        return super().item_queryset(public).annotate(**Section.neighbour_annotations(now=NOW))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        section = self.object
        context["case_studies"] = published_cards(section, "case_studies")
        context["frameworks"] = published_cards(section, "frameworks")
        context["previous_section"] = section.neighbour(before=True)
        context["next_section"] = section.neighbour(before=False)
        return context


class FrameworkListView(PublishedListView):
    model = LegalFramework
    filterset_class = LegalFrameworkFilterSet
    linked_lists = {"theme_list": "themes"}
    template_name = "sections/framework_list.html"


class FrameworkDetailView(ContentDetailView):
    model = LegalFramework
    template_name = "sections/framework_detail.html"
    # A much-cited framework would list hundreds of case studies: the first ones, then a link
    # to the case-study list filtered by it (its `framework` filter).
    # As many as a theme page shows of each type (ThemeDetailView.items_per_group).
    case_studies_shown = 12
    cards = {"sections": None, "case_studies": case_studies_shown}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        framework = self.object
        context["sections"] = published_cards(framework, "sections")
        shown = published_cards(framework, "case_studies", self.case_studies_shown)
        total = len(shown)
        if total == self.case_studies_shown:  # the exact total only when there may be more
            total = per_content_version(
                f"framework-case-studies:{framework.pk}",
                lambda: framework.case_studies.published().count(),
            )
        context["case_studies"] = shown
        context["case_studies_total"] = total
        if total > len(shown):
            context["case_studies_url"] = f"{CaseStudy.list_url()}?framework={framework.slug}"
        return context
