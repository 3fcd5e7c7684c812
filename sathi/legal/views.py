from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sathi.accounts.decorators import actor_required
from sathi.care.views import PERSON_ROLES, case_or_404, decision_page
from sathi.core.uploads import add_too_large_error, read_upload
from sathi.legal import services
from sathi.legal.forms import DocumentForm, ProceedingForm, ProceedingUpdateForm
from sathi.legal.models import Proceeding
from sathi.lib.errors import Forbidden, NotFound
from sathi.people import policy


def legal_case_or_404(request, case_id):
    """Her case, if the actor may list its legal steps: for anyone else the legal path does not exist."""
    case = case_or_404(request, case_id)
    if not policy.decide(request.actor, policy.Kind.LEGAL_STEP, case.person):
        raise Http404
    return case


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def proceeding_add(request, case_id):
    case = legal_case_or_404(request, case_id)
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
    case = legal_case_or_404(request, case_id)
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


@actor_required(*PERSON_ROLES)
@require_http_methods(["GET", "POST"])
def document_add(request, case_id, proceeding_id):
    case = legal_case_or_404(request, case_id)
    proceeding = Proceeding.objects.filter(case=case, pk=proceeding_id).first()
    if proceeding is None:
        raise Http404
    form = DocumentForm(request.POST or None, request.FILES or None)
    add_too_large_error(request, form)

    def run(d):
        upload = d["file"]
        services.document_attach(
            actor=request.actor,
            proceeding_id=proceeding.pk,
            filename=upload.name,
            content=read_upload(upload),
        )

    return decision_page(request, case=case, form=form, title=_("Attach a document"), run=run)


@actor_required(*PERSON_ROLES)
def document(request, case_id, document_id):
    """Served only to a permitted reader, as an attachment, never cached."""
    legal_case_or_404(request, case_id)
    try:
        item, name, content = services.document_open(actor=request.actor, document_id=document_id)
    except (NotFound, Forbidden) as exc:
        raise Http404 from exc
    if item.proceeding.case_id != int(case_id):
        raise Http404
    response = HttpResponse(content, content_type=item.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
