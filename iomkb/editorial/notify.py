"""Review emails, through Django's mail API, sent once the transition has committed.

A rolled-back transition sends nothing; a mail server that fails is logged, never shown to
the editor as an error (their transition has already been saved).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse

from .models import display_name

error_log = logging.getLogger("iomkb.error")


def item_url(item):
    opts = item._meta
    path = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def reviewers_of(item, excluding=None):
    perm = f"{item._meta.app_label}.publish_content"
    users = get_user_model().objects.with_perm(perm, include_superusers=False).exclude(email="")
    if excluding is not None:
        users = users.exclude(pk=excluding.pk)
    return sorted({user.email for user in users})


def send_after_commit(subject, body, recipients):
    """One message per recipient (no one sees the others' addresses), after commit."""
    if not recipients:
        return

    def send():
        messages = [EmailMessage(subject, body, to=[address]) for address in recipients]
        try:
            get_connection().send_messages(messages)
        except Exception as error:  # any mail server failure: log it, the transition stands
            error_log.error("review email not sent: %s: %s", error.__class__.__name__, error)

    transaction.on_commit(send)


def submitted(item, user, message):
    kind = item._meta.verbose_name
    body = (
        f"{display_name(user)} submitted the {kind} “{item}” for review.\n\n"
        + (f"Their message: {message.strip()}\n\n" if message.strip() else "")
        + f"Review it: {item_url(item)}\n"
    )
    send_after_commit(f"Review requested: {item}", body, reviewers_of(item, excluding=user))


def reviewed(item, submitter, reviewer, approved, comment):
    if submitter is None or not submitter.email or submitter == reviewer:
        return
    if approved:
        subject = f"Approved: {item}"
        outcome = f"{display_name(reviewer)} approved your changes to “{item}”."
    else:
        subject = f"Changes requested: {item}"
        outcome = f"{display_name(reviewer)} asked for changes to “{item}”."
    body = outcome + "\n\n" + (f"Comment: {comment.strip()}\n\n" if comment.strip() else "")
    send_after_commit(subject, body + f"Open it: {item_url(item)}\n", [submitter.email])
