from sathi.accounts.models import Membership


def membership(request):
    actor = getattr(request, "actor", None)
    others = []
    if actor is not None:
        others = list(
            Membership.objects.filter(user_id=actor.user_id, is_active=True)
            .exclude(pk=actor.pk)
            .select_related("organisation")
        )
    return {"actor": actor, "other_memberships": others}
