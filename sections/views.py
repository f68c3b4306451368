from django.views.generic import ListView

from iomkb.views import ContentDetailView, PublishedMixin

from .models import LegalFramework, Section


class SectionListView(PublishedMixin, ListView):
    model = Section
    paginate_by = None
    template_name = "sections/section_list.html"


class SectionDetailView(ContentDetailView):
    model = Section
    template_name = "sections/section_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        section = self.object
        context["case_studies"] = section.case_studies.published()
        context["frameworks"] = section.frameworks.published()
        return context


class FrameworkListView(PublishedMixin, ListView):
    model = LegalFramework
    template_name = "sections/framework_list.html"


class FrameworkDetailView(ContentDetailView):
    model = LegalFramework
    template_name = "sections/framework_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        framework = self.object
        context["sections"] = framework.sections.published()
        context["case_studies"] = framework.case_studies.published()
        return context
