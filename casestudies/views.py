from iomkb.models.linked import published_cards
from iomkb.views import ContentDetailView, PublishedListView

from .filters import CaseStudyFilterSet
from .models import CaseStudy


class CaseStudyListView(PublishedListView):
    model = CaseStudy
    filterset_class = CaseStudyFilterSet
    term_fields = ("region",)
    linked_lists = {"country_list": "countries", "theme_list": "themes"}
    template_name = "casestudies/casestudy_list.html"


class CaseStudyDetailView(ContentDetailView):
    model = CaseStudy
    select_related = ("source", "verified_by", "region", "section")
    linked = ("themes", "citations", "countries", "interventions")
    cards = {"frameworks": None}
    template_name = "casestudies/casestudy_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case_study = self.object
        section = case_study.section
        context["section"] = section if section and section.is_published() else None
        context["frameworks"] = published_cards(case_study, "frameworks")
        # From the item's own query, or a preview's unsaved choices (editorial/drafts.py).
        context["countries"] = [country.name for country in case_study.countries.all()]
        context["interventions"] = [term.name for term in case_study.interventions.all()]
        return context
