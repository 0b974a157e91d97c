from innocence.search.selectors import search_pages


def test_smoke(world, make_document, search_backend):
    make_document(world.case, ["Detective Halvorsen showed the photo array to the witness.", "nothing here"])
    result = search_pages(world.on_team, "halvorsen")
    assert result.error == ""
    assert result.total == 1, result
    print(result.hits[0])
    assert "<mark>Halvorsen</mark>" in result.hits[0].snippet
    assert search_pages(world.off_team, "halvorsen").total == 0
