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
