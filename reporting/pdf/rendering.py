"""From a report context to PDF bytes: gather the sections, fingerprint them, render them."""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import json
import threading
from dataclasses import asdict, dataclass, is_dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise

from common.collection import fewer_collections
from reporting.pdf.sections import GatheredSection, ReportContext, gather

# Bump when templates change in a way that should produce new files for unchanged data.
LAYOUT_VERSION = 3  # 3: the summary page after the cover, charts with band and reference
FONT_FILES = {
    "regular": "dsfr/dist/fonts/Marianne-Regular.woff2",
    "bold": "dsfr/dist/fonts/Marianne-Bold.woff2",
    "medium": "dsfr/dist/fonts/Marianne-Medium.woff2",
}
_styles = threading.local()
# Dropped before the interpreter tears modules down: the font configuration's own cleanup
# (removing its temporary folder) needs them.
atexit.register(_styles.__dict__.clear)


@dataclass(frozen=True)
class Gathered:
    context: ReportContext
    sections: list[GatheredSection]
    fingerprint: str


def _default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal | Promise):
        return str(value)
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(f"{type(value).__name__} is not part of a report fingerprint")


def fingerprint(context: ReportContext, sections: list[GatheredSection]) -> str:
    payload = {
        "layout": LAYOUT_VERSION,
        "kind": context.kind,
        "site": context.site.pk if context.site else None,
        "region": context.region.pk if context.region else None,
        "period": [context.period_start, context.period_end],
        "sections": [(section.key, section.data) for section in sections],
    }
    encoded = json.dumps(payload, default=_default, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def gather_report(context: ReportContext) -> Gathered:
    with translation.override("fr"):
        sections = gather(context)
    return Gathered(context=context, sections=sections, fingerprint=fingerprint(context, sections))


def font_urls() -> dict[str, str]:
    """file:// URLs of the Marianne fonts shipped with django-dsfr (DejaVu Sans otherwise)."""
    urls = {}
    for weight, name in FONT_FILES.items():
        found = finders.find(name)
        if found:
            urls[weight] = Path(str(found)).as_uri()
    return urls


def render_html(gathered: Gathered, *, generated_at: dt.datetime | None = None) -> str:
    with translation.override("fr"):
        return render_to_string(
            "reporting/pdf/document.html",
            {
                "context": gathered.context,
                "sections": gathered.sections,
                "data": {section.key: section.data for section in gathered.sections},
                "generated_at": generated_at or timezone.now(),
            },
        )


def report_styles() -> tuple[Any, Any]:
    """The report's stylesheet (`reporting/pdf/print.css` after the Marianne fonts of
    `reporting/pdf/fonts.css`) and the font configuration it is loaded into, parsed once per thread
    rather than once per report (unpacking the WOFF2 files cost about 30 ms each time, parsing
    the rules about 50 ms). WeasyPrint takes it as a user stylesheet, which loses to
    presentation attributes: the report's SVGs carry no width or height of their own, their
    size is the stylesheet's. Per thread: WeasyPrint's objects are not meant to be shared
    between threads."""
    loaded = getattr(_styles, "value", None)
    if loaded is None:
        # Imported here: WeasyPrint loads Pango, which web processes do not need.
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        text = render_to_string(
            "reporting/pdf/fonts.css", {"fonts": font_urls()}
        ) + render_to_string("reporting/pdf/print.css")
        loaded = _styles.value = (CSS(string=text, font_config=font_config), font_config)
    return loaded


def render_pdf(gathered: Gathered, *, generated_at: dt.datetime | None = None) -> bytes:
    from weasyprint import HTML

    html = render_html(gathered, generated_at=generated_at)
    styles, font_config = report_styles()
    document = HTML(string=html, base_url=str(Path(__file__).resolve().parent))
    with fewer_collections():
        return document.write_pdf(stylesheets=[styles], font_config=font_config)
