"""Form fields in KERN UX markup, with errors and hints tied to the input for screen readers."""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

_CLASSES = {
    "select": "kern-form-input__select",
    "checkbox": "kern-form-check__checkbox",
    "radioselect": "kern-form-check__radio",
}


@register.simple_tag
def widget(field: BoundField) -> SafeString:
    css = _CLASSES.get(field.widget_type, "kern-form-input__input")
    attrs: dict[str, str | bool] = {"class": f"{css} {css}--error" if field.errors else css}
    described = []
    if field.errors:
        described.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
