from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sathi.accounts.decorators import actor_required
from sathi.care.views import PERSON_ROLES, case_or_404, decision_page
from sathi.legal import services
from sathi.legal.forms import ProceedingForm, ProceedingUpdateForm
from sathi.legal.models import Proceeding


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def proceeding_add(request, case_id):
    case = case_or_404(request, case_id)
    return decision_page(
        request,
        case=case,
        form=ProceedingForm(request.POST or None),
        title=_("A step on the legal path"),
        run=lambda d: services.proceeding_add(actor=request.actor, case_id=case.pk, **d),
    )


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def proceeding_update(request, case_id, proceeding_id):
    case = case_or_404(request, case_id)
    proceeding = Proceeding.objects.filter(case=case, pk=proceeding_id).first()
    if proceeding is None:
        raise Http404
    form = ProceedingUpdateForm(
        request.POST or None,
        initial={
            "version": proceeding.version,
            "status": proceeding.status,
            "event_date": proceeding.event_date,
            "next_date": proceeding.next_date,
        },
    )
    return decision_page(
        request,
        case=case,
        form=form,
        title=proceeding.get_kind_display(),
        run=lambda d: services.proceeding_update(actor=request.actor, proceeding_id=proceeding.pk, **d),
    )
