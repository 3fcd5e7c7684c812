"""Django's template backend, told that Sathi replaces two built-in tag libraries on purpose.

`i18n` and `static` are loaded by every template; sathi.core.i18ntags and sathi.core.statictags give the same
tags with their fixed answers kept (see each). Django warns (templates.W003) when two modules share a library
name, and `check --deploy` fails on warnings: this backend leaves out of that check only these two
replacements, so a real clash between two apps' libraries is still reported.
"""

from django.template.backends.django import DjangoTemplates as _DjangoTemplates

REPLACED = {
    "i18n": ("django.templatetags.i18n", "sathi.core.i18ntags"),
    "static": ("django.templatetags.static", "sathi.core.statictags"),
}
# Django's own wording of the warning for each deliberate replacement.
EXPECTED = {
    f"{name!r} is used for multiple template tag modules: {', '.join(repr(path) for path in sorted(paths))}"
    for name, paths in REPLACED.items()
}


class DjangoTemplates(_DjangoTemplates):
    def _check_for_template_tags_with_the_same_name(self):
        return [w for w in super()._check_for_template_tags_with_the_same_name() if w.msg not in EXPECTED]
