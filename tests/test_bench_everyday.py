"""The everyday set of bench/compare.py: the records it expects are the site's record pages, and its
scores at 5 are read in the engine's order."""

from __future__ import annotations

from bench.compare import EVERYDAY, RECORD, everyday_wanted, score_at_5, truth


def test_every_record_the_everyday_set_expects_is_a_record_page_of_the_site(portal):
    record_pages = truth(portal)[1]
    wanted = everyday_wanted(record_pages)
    assert set(wanted) == set(EVERYDAY) and all(wanted.values())
    assert set(RECORD.values()) <= record_pages


def test_scores_at_5_count_record_pages_in_order_and_maintainer_pages_among_the_first_5():
    records = {"policies/a/", "policies/b/", "policies/c/", "laws/d/", "reports/e/", "policies/f/"}
    answer = ["guide/data-dictionary/", "policies/a/", "reports/e/", "search/", "guide/git/",
              "policies/b/", "laws/d/", "policies/f/", "policies/c/"]
    scored = score_at_5(answer, {"policies/a/", "policies/b/", "policies/c/"}, records)
    # the first 5 record pages: a, e, b, d, f (c comes sixth)
    assert scored["first_record_pages"] == ["policies/a/", "reports/e/", "policies/b/", "laws/d/", "policies/f/"]
    assert (scored["precision"], scored["recall"], scored["maintainer_pages"]) == (0.4, 0.667, 2)
    # more than 5 expected: recall is over 5; nothing returned: precision 0
    assert score_at_5(["policies/a/"], records, records)["recall"] == 0.2
    assert score_at_5([], {"policies/a/"}, records)["precision"] == 0.0
