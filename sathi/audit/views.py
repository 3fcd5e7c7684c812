from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from sathi.accounts.decorators import actor_required
from sathi.audit.actions import ACTIONS
from sathi.audit.models import AuditEvent
from sathi.core.forms import DateInput
from sathi.people import policy


def _action_choices():
    return [("", "—"), *sorted(((code, str(words)) for code, words in ACTIONS.items()), key=lambda c: c[1])]


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False, choices=_action_choices)
    actor = forms.IntegerField(label=_("Worker id"), required=False, min_value=1)
    target_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("To"), required=False, widget=DateInput)
    flagged = forms.BooleanField(label=_("Flagged only"), required=False)


@actor_required(*policy.roles_that(policy.Kind.AUDIT_LOG))
def events(request):
    """The organisation's audit log.

    Rows carry ids and field names, never values, so the filters may sit in URLs.
    """
    form = AuditFilterForm(request.GET or None)
    queryset = AuditEvent.objects.filter(organisation_id=request.actor.organisation_id).select_related(
        "actor"
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            queryset = queryset.filter(action=data["action"])
        if data["actor"]:
            queryset = queryset.filter(actor_id=data["actor"])
        if data["target_id"]:
            queryset = queryset.filter(target_id=data["target_id"])
        if data["since"]:
            queryset = queryset.filter(created_at__date__gte=data["since"])
        if data["until"]:
            queryset = queryset.filter(created_at__date__lte=data["until"])
        if data["flagged"]:
            queryset = queryset.filter(flagged=True)
    page = Paginator(queryset.order_by("-created_at", "-pk"), 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/events.html", {"form": form, "page": page, "query": query.urlencode()})
