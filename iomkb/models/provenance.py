"""Where an item's text came from, and whether it is still the source's text."""

from django.urls import reverse


class ProvenanceRules:
    """Where the text came from, and whether it is still the source's text."""

    @property
    def changed_since_import(self):
        return self.source_id is not None and self.body != self.source_body

    @property
    def source_url(self):
        if not self.source_id or not self.source_start_line:
            return ""
        start, end = self.source_start_line, self.source_end_line or self.source_start_line
        url = reverse("source_document", kwargs={"slug": self.source.slug})
        return f"{url}?lines={start}-{end}#L{start}"
