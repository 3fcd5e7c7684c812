"""Errors that services raise and both the web views and the API translate for the user."""


class NotFound(Exception):
    """The record does not exist for this actor (views answer 404)."""


class Forbidden(Exception):
    """The actor may see the record but not do this to it (views answer 403)."""


class Conflict(Exception):
    """Someone else changed the record since it was read (optimistic concurrency; HTTP 409)."""
