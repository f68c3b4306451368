"""The rules every content item follows, as mixins of ContentItem: publishing, verification,
revert and recover, provenance."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from ..slugurls import slug_url


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    VERIFIED = "verified", "Verified"
    DISPUTED = "disputed", "Disputed"


SUGGESTION_UNCONFIRMED = (
    "The import suggested this item and nobody has confirmed it yet: check it, untick "
    "“Suggested by the import”, then publish it."
)


class PublishingRules:
    """Publishing: draft or published, with a publication time that may lie ahead and an
    optional expiry time after which it is no longer public."""

    def publish(self):
        """Make it public now, unless it already went public earlier (then keep that date).
        An expiry that has passed is cleared: "publish now" must make it public. An unconfirmed
        suggestion of the import is refused (ValidationError on "status")."""
        self.refuse_if_unconfirmed()
        self.status = Status.PUBLISHED
        if self.published_at is None or self.published_at > timezone.now():
            self.published_at = timezone.now()
        if self.is_expired:
            self.expires_at = None

    def refuse_if_unconfirmed(self):
        """Every path that makes an item public calls this: an unconfirmed suggestion of the
        import may not go public (ValidationError on "status")."""
        if getattr(self, "suggested_by_import", False):
            raise ValidationError({"status": SUGGESTION_UNCONFIRMED}, code="unconfirmed")

    def unpublish(self):
        self.status = Status.DRAFT

    def is_published(self):
        now = timezone.now()
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.expires_at is None or self.expires_at > now)
        )

    is_published.boolean = True

    @property
    def is_scheduled(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at
            and self.published_at > timezone.now()
        )

    @property
    def is_expired(self):
        """Its expiry time has passed (whatever its status): no longer public."""
        return self.expires_at is not None and self.expires_at <= timezone.now()

    def clean_publishing(self):
        """{field: error} for publishing times that cannot both hold."""
        errors = {}
        if self.status == Status.PUBLISHED and getattr(self, "suggested_by_import", False):
            errors["status"] = SUGGESTION_UNCONFIRMED
        starts = self.published_at or (timezone.now() if self.status == Status.PUBLISHED else None)
        if self.expires_at is not None and starts is not None and self.expires_at <= starts:
            errors["expires_at"] = "The expiry time must be after the publication time."
        return errors


VERIFICATION_LABELS = dict(Verification.choices)


class VerificationRules:
    """Verification: who vouched for the text, and when that vouching no longer holds."""

    @property
    def verification_label(self):
        """get_verification_display(), without its lookups per call (lists show it per card)."""
        return VERIFICATION_LABELS.get(self.verification, self.verification)

    # A status that vouches for (or against) the text must say what was checked, and against what.
    NEEDS_EVIDENCE = (Verification.VERIFIED, Verification.DISPUTED)

    @staticmethod
    def verification_problems(verification, note, citations):
        """What `verification` lacks with this note and these citations: [] if nothing."""
        if verification not in VerificationRules.NEEDS_EVIDENCE:
            return []
        problems = []
        if not (note or "").strip():
            problems.append("a note saying what was checked")
        if not citations:
            problems.append("at least one citation")
        return problems

    def check_verification(self, verification, note=None, citations=None):
        """Raise a ValidationError (on "verification") if `verification` lacks evidence. The note
        and citations default to the item's own (its saved citations)."""
        note = self.verification_note if note is None else note
        if citations is None:
            citations = list(self.citations.all()) if self.pk else []
        problems = self.verification_problems(verification, note, citations)
        if problems:
            label = Verification(verification).label
            message = f"“{label}” needs {' and '.join(problems)}."
            raise ValidationError({"verification": message}, code="needs_evidence")

    def set_verification(self, verification, user, note=None, citations=None):
        """Set the status and record who set it and when (cleared when back to unverified).
        Verified and disputed need evidence (see check_verification); not saved."""
        self.check_verification(verification, note, citations)
        if note is not None:
            self.verification_note = note
        self.verification = verification
        if verification == Verification.UNVERIFIED:
            self.verified_by, self.verified_at = None, None
        else:
            self.verified_by, self.verified_at = user, timezone.now()

    @property
    def has_evidence(self):
        """Whether the status is backed as the rule requires (uses prefetched citations)."""
        citations = self.citations.all()
        return not self.verification_problems(self.verification, self.verification_note, citations)

    @property
    def shown_verification(self):
        """The status readers see: one set before the evidence rule, without a note or a
        citation, vouches for nothing, so it is shown as unverified."""
        return self.verification if self.has_evidence else Verification.UNVERIFIED

    @property
    def verifier_name(self):
        try:
            user = self.verified_by
        except ObjectDoesNotExist:  # a stored version's verifier, deleted since
            return ""
        return (user.get_full_name() or user.get_username()) if user else ""

    def vouched_content(self):
        """What a verification vouches for: the title, summary, body and the set of citations."""
        citations = self.citations.values_list("pk", flat=True) if self.pk else []
        return (self.title, self.summary, self.body, frozenset(citations))

    def reset_verification_if_changed(self, before, user=None):
        """Back to unverified if the vouched content differs from `before` (a vouched_content())
        and `user` (None: an import) may not verify. Not saved; returns the reason, or ""."""
        if self.verification != Verification.VERIFIED or self.vouched_content() == before:
            return ""
        if user is not None and user.has_perm(f"{self._meta.app_label}.verify_content"):
            return ""
        who = (user.get_full_name() or user.get_username()) if user else "an import"
        when = date_format(timezone.localtime(), "DATETIME_FORMAT")
        reason = f"Verification reset: text changed by {who} on {when}."
        earlier = self.verification_note.strip()
        self.set_verification(Verification.UNVERIFIED, None)
        self.verification_note = f"{reason}\n\nEarlier note: {earlier}" if earlier else reason
        return reason


class RevisionRules:
    """What reverting to an old revision, or recovering a deleted item, may change."""

    # A revert restores the content; publishing, verification and the edit version stay as they
    # are, so no revert can publish, unpublish or re-verify anything by the back door.
    KEPT_ON_REVERT = (
        "status", "published_at", "expires_at", "verification", "verification_note",
        "verified_by_id", "verified_at", "version",
    )  # fmt: skip

    def state_kept_on_revert(self):
        """{field: value} that a revert of this item must leave as they are now."""
        return {name: getattr(self, name) for name in self.KEPT_ON_REVERT}

    @classmethod
    def state_on_recover(cls, user):
        """{field: value} a recovered item takes for `user`: only a Reviewer's recover brings
        back its publishing or verification as they were when it was deleted."""
        state = {}
        if not user.has_perm(f"{cls._meta.app_label}.publish_content"):
            state.update(status=Status.DRAFT)
        if not user.has_perm(f"{cls._meta.app_label}.verify_content"):
            state.update(verification=Verification.UNVERIFIED, verification_note="")
            state.update(verified_by_id=None, verified_at=None)
        return state


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
        url = slug_url("source_document", self.source.slug)
        return f"{url}?lines={start}-{end}#L{start}"

    @property
    def changes_url(self):
        """The public diff of the source lines against the current body; it answers 404 unless
        the item is published and changed_since_import."""
        if not self.source_id:
            return ""
        kwargs = {"slug": self.source.slug, "kind": self.content_kind, "item": self.slug}
        return reverse("source_changes", kwargs=kwargs)
