"""Users in the editorial roles, and admin form data as a browser would post it."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from iomkb.editorial.roles import EDITORS, REVIEWERS


def make_user(username, group_name, password="pw"):
    # The groups are made after every migrate (and after a transactional test's flush).
    user = get_user_model().objects.create_user(username, f"{username}@example.org", password)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=group_name))
    return user


def make_editor(username="edna"):
    return make_user(username, EDITORS)


def make_reviewer(username="rita"):
    return make_user(username, REVIEWERS)


def admin_url(obj, view="change", *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk, *args])


def _field_data(form):
    data = {}
    for name in form.fields:
        bound = form[name]
        widget = getattr(bound.field.widget, "widget", bound.field.widget)
        value = bound.value()
        if isinstance(widget, forms.MultiWidget):
            for index, part in enumerate(widget.decompress(value)):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
        elif isinstance(bound.field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            data[bound.html_name] = [str(getattr(item, "pk", item)) for item in value or []]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = "" if value is None else str(getattr(value, "pk", value))
    return data


def form_data(response, **changes):
    """What the admin change or add page in `response` would post, with `changes` applied."""
    data = _field_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_field_data(formset.management_form))
        for form in formset.forms:
            data.update(_field_data(form))
    data.update(changes)
    data["_save"] = "Save"
    return data


def citation_rows(response, *citations):
    """Inline form data linking `citations` as new rows on the change page in `response`."""
    formset = response.context["inline_admin_formsets"][0].formset
    start = formset.total_form_count()
    data = {f"{formset.prefix}-TOTAL_FORMS": str(start + len(citations))}
    for index, citation in enumerate(citations, start=start):
        data[f"{formset.prefix}-{index}-citation"] = str(citation.pk)
    return data
