"""The one way a page takes a form: a one-time token, one transaction, errors back on the form.

A form sent twice (a double tap, a retry on a slow line) does its work once: the token is claimed in the same
transaction as the work, so of two identical posts racing, the database lets exactly one through.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sathi.accounts import once
from sathi.lib.errors import Conflict, Forbidden, NotFound

CONFLICT = gettext_lazy(
    "Someone else changed this case while you were working. Nothing was saved. "
    "Open it again to see the latest version."
)


def add_errors(form, exc: ValidationError) -> None:
    """Put a service's validation errors on the form fields they belong to."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def one_form_page(
    request,
    *,
    form,
    run: Callable[[dict], str | None],
    done_url: str,
    template: str,
    context: dict,
    success: str = "",
    level: int = messages.SUCCESS,
):
    """GET shows the form; a valid POST runs `run` (which may return where to go next) and redirects."""
    token = request.POST.get("form_token", "") if request.method == "POST" else once.new_token()
    if request.method == "POST" and once.already_done(token, request.user):
        messages.info(request, _("This form was already sent. Here is the record."))
        return redirect(once.already_done(token, request.user) or done_url)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                target = run(form.cleaned_data) or done_url
                once.claim(token, request.user, target)
        except once.AlreadySubmitted:
            messages.info(request, _("This form was already sent. Here is the record."))
            return redirect(done_url)
        except ValidationError as exc:
            add_errors(form, exc)
        except Conflict:
            form.add_error(None, CONFLICT)
        except NotFound as exc:
            raise Http404 from exc
        except Forbidden as exc:
            raise PermissionDenied from exc
        else:
            messages.add_message(request, level, success or _("Saved."))
            return redirect(target)
    if once.expired(token):  # a form sent too late is offered again with a fresh token
        token = once.new_token()
    return render(
        request,
        template,
        {**context, "form": form, "form_token": token},
        status=400 if request.method == "POST" else 200,
    )
