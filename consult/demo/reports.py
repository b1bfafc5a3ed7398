"""The demo's self-assessment report of the 4th national plan: its narrative in three languages
(data/reports.json), published so that it can be read and downloaded right away. The figures are
the platform's own. Idempotent: a report already written is left as it is. Flushes."""
from __future__ import annotations

from consult.demo.loader import find_consultation, read_data
from consult.reports import services


def load_reports() -> int:
    """Returns how many reports were added."""
    plans = read_data("action_plans.json")
    narratives = read_data("reports.json")
    added = 0
    for key, sections in narratives.items():
        consultation = find_consultation(plans[key]["title"])
        if consultation is None or services.report_of(consultation) is not None:
            continue
        services.save_sections(consultation, sections, None)
        services.set_published(consultation, True, None)
        added += 1
    return added
