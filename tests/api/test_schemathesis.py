"""A bounded schemathesis run over /api/openapi.json on the fictional demo: no operation
answers 5xx to any input the schema allows (or nearly allows), and every error is JSON."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error

from innocence.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # bounded: no shrinking in the suite
)
def test_no_operation_answers_5xx(case, estate):
    response = case.call(headers={"Authorization": f"Bearer {estate.tokens['attorney']}"})
    case.validate_response(response, checks=[not_a_server_error])
    if response.status_code >= 400:  # errors are JSON; a 200 may be a CSV or GEXF export
        content_type = (response.headers.get("content-type") or [""])[0]
        assert content_type.startswith("application/json"), (case.path, response.status_code)
