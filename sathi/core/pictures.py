"""The words every chart uses for a suppressed value (sathi.lib.charts), in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _


def hidden_notes() -> dict[str, str]:
    return {
        "hidden_label": _("suppressed"),
        "hidden_note": _(
            "suppressed: so few people are counted there that someone could be recognised, so the number "
            "is not shown."
        ),
        "all_hidden_note": _(
            "Every number of this chart is suppressed: so few people are counted that someone could be "
            "recognised. Nothing is drawn."
        ),
    }
