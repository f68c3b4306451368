from django.db.models import Value

from iomkb.views import ContentDetailView, PublishedListView

from .filters import CaseStudyFilterSet
from .models import CaseStudy, Country, Intervention


class CaseStudyListView(PublishedListView):
    model = CaseStudy
    filterset_class = CaseStudyFilterSet
    select_related = ("region",)
    # What the wide cards read (includes/item_list.html, cards/case_study.html); lists, not
    # managers, of the countries and themes
    shown_fields = ("title", "slug", "summary", "verification", "year", "region")
    linked_lists = {"country_list": "countries", "theme_list": "themes"}
    template_name = "casestudies/casestudy_list.html"


class CaseStudyDetailView(ContentDetailView):
    model = CaseStudy
    select_related = ("source", "verified_by", "region", "section")
    template_name = "casestudies/casestudy_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        section = self.object.section
        context["section"] = section if section and section.is_published() else None
        context["frameworks"] = self.object.frameworks.published()
        context["countries"], context["interventions"] = self.places_and_interventions()
        return context

    def places_and_interventions(self):
        """The case study's country and intervention names, in one query for both."""
        case_study = self.object
        if getattr(self.request, "preview_object", None) is not None:
            # A preview's unsaved choices sit in the prefetch cache (editorial/drafts.py).
            return (
                [country.name for country in case_study.countries.all()],
                [intervention.name for intervention in case_study.interventions.all()],
            )
        both = (
            model.objects.filter(case_studies=case_study)
            .annotate(kind=Value(kind))
            .values_list("kind", "name")
            .order_by()
            for kind, model in (("country", Country), ("intervention", Intervention))
        )
        found = {"country": [], "intervention": []}
        for kind, name in next(both).union(*both, all=True).order_by("kind", "name"):
            found[kind].append(name)
        return found["country"], found["intervention"]
