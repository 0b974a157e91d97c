"""The Witnesses tab for a lawyer: findings name their rule and factors in words, verification
marks are spelled out, each work is cited once in a numbered bibliography, witnesses fold
away, and the tab narrows by witness, kind of concern and review."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def tab(lens: Any) -> Any:
    lens.save("procedure", witness=lens.witness, suspect=lens.suspect, kind="show_up", date=dt.date(2001, 3, 4),
              administration="non_blind", confidence_statement="looks like him")
    from innocence.people.models import CaseRole, Person

    other = Person.objects.create(organization=lens.world.north, full_name="Odile Vantreese", is_fictional=True)
    CaseRole.objects.create(case=lens.case, person=other, role="witness")
    lens.save("procedure", witness=other, suspect=lens.suspect, kind="photo_array", date=dt.date(2001, 3, 9),
              administration="double_blind")
    lens.other = other
    return lens


def _get(client: Any, lens: Any, query: str = "") -> str:
    client.force_login(lens.world.on_team)
    response = client.get(f"/cases/{lens.case.reference}/witnesses/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _findings(html: str) -> list[str]:
    return re.findall(r'<article class="finding [^"]*" id="finding-(\d+)"', html)


def test_findings_in_words(client: Any, tab: Any) -> None:
    html = _get(client, tab)
    assert "eyewitness.show_up v" not in html and "eyewitness.blind_administration v" not in html
    assert " · rule · " not in html and " · MWID" not in html
    assert "bears on" in html and "mistaken witness identification" in html
    assert not re.search(r"\[[PUV]\]", html)


def test_each_work_is_cited_once_at_the_end(client: Any, tab: Any) -> None:
    from django.utils.html import escape

    from innocence.findings.knowledge import knowledge_base

    html = _get(client, tab)
    wells = escape(knowledge_base().authorities["wells2020"].citation)
    assert html.count(wells) == 1
    assert html.index(wells) > html.index('id="findings"')
    assert re.search(r'href="#ref-witness-\d+">Wells et al\. \(2020\) \[\d+\]', html)


def test_witnesses_are_collapsed_details(client: Any, tab: Any) -> None:
    html = _get(client, tab)
    assert re.search(rf'<details class="witness" id="witness-{tab.witness.pk}">', html)
    assert re.search(rf'<details class="witness" id="witness-{tab.witness.pk}" open>',
                     _get(client, tab, f"?witness={tab.witness.pk}"))


def test_filters_narrow_the_tab(client: Any, tab: Any) -> None:
    from innocence.findings.models import Finding
    from innocence.findings.services import finding_dismiss

    everything = _findings(_get(client, tab))
    mine = set(Finding.objects.filter(case=tab.case, lens="witness", subject_person=tab.witness)
               .values_list("pk", flat=True))
    by_witness = _get(client, tab, f"?witness={tab.witness.pk}")
    assert {int(pk) for pk in _findings(by_witness)} == mine and len(mine) < len(everything)
    assert "Odile Vantreese</h3>" not in by_witness and "Ada Quimby</h3>" in by_witness

    show_up = Finding.objects.filter(case=tab.case, rule_id="eyewitness.show_up").values_list("pk", flat=True)
    assert {int(pk) for pk in _findings(_get(client, tab, "?concern=eyewitness.show_up"))} == set(show_up)

    finding = Finding.objects.filter(pk=min(mine)).first()
    finding_dismiss(actor=tab.world.on_team, finding=finding, reason="checked (fictional)")
    assert _findings(_get(client, tab, "?review=reviewed")) == [str(finding.pk)]
    assert str(finding.pk) not in _findings(_get(client, tab, "?review=unreviewed"))
    # a stale or hostile value is ignored, never an error
    assert len(_findings(_get(client, tab, "?witness=999999&concern=%3Cx%3E&review=maybe"))) == len(everything)


def test_measures_carry_their_units(lens: Any) -> None:
    lens.save("procedure", witness=lens.witness, suspect=lens.suspect, kind="photo_array", date=dt.date(2001, 3, 4))
    lens.save("viewing", witness=lens.witness, duration_seconds=2, distance_feet=1)
    key = f"witness:{lens.witness.pk}"
    assert "recorded as 2 seconds." in lens.finding("eyewitness.estimator_conditions", f"{key}:duration").text
    assert "recorded as 1 foot." in lens.finding("eyewitness.estimator_conditions", f"{key}:distance").text
