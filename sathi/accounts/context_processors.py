def membership(request):
    """The actor and her other organisations, as ActiveMembershipMiddleware found them (no query here)."""
    actor = getattr(request, "actor", None)
    others = getattr(request, "other_memberships", []) if actor is not None else []
    return {"actor": actor, "other_memberships": others}
