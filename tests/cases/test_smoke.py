import pytest


@pytest.mark.django_db
def test_demo_loads_and_pages_render(client):
    from innocence.cases.demo import load_demo

    ctx = load_demo()
    client.force_login(ctx.users["attorney"])
    for url in ["/", "/cases/", "/cases/LIC-DEMO-001/"] + [
        f"/cases/LIC-DEMO-001/{t}/"
        for t in (
            "people",
            "documents",
            "evidence",
            "witnesses",
            "prosecution",
            "timeline",
            "notes",
            "activity",
        )
    ]:
        response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.django_db
def test_overview_shows_nre_indicators_with_citations(client):
    from innocence.cases.demo import load_demo

    ctx = load_demo()
    client.force_login(ctx.users["attorney"])
    page = client.get("/cases/LIC-DEMO-001/").content.decode()
    assert "Indicators of NRE contributing factors" in page
    assert 'data-factor="MWID"' in page and "indicator present" in page
    assert "not a score" in page
