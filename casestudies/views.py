from iomkb.views import ContentDetailView, PublishedListView

from .filters import CaseStudyFilterSet
from .models import CaseStudy


class CaseStudyListView(PublishedListView):
    model = CaseStudy
    filterset_class = CaseStudyFilterSet
    select_related = ("region",)
    prefetch_related = ("countries", "themes")
    template_name = "casestudies/casestudy_list.html"


class CaseStudyDetailView(ContentDetailView):
    model = CaseStudy
    select_related = ("source", "verified_by", "region", "section")
    prefetch_related = ("themes", "citations", "countries", "interventions")
    template_name = "casestudies/casestudy_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        section = self.object.section
        context["section"] = section if section and section.is_published() else None
        context["frameworks"] = self.object.frameworks.published()
        return context
