"""The data contract: schema and vocabularies agree, matcher rules name real codes, search covers every record."""

from __future__ import annotations

import json

from conftest import ROOT
from macros.clerk.schema import expected_schema
from macros.load.contract import read_schema
from macros.search.segment import portal_segmenter


def test_schema_enums_equal_the_vocabularies():
    # `python -m macros schema` regenerates them; editors complete values from the schema.
    assert read_schema(ROOT) == expected_schema(ROOT)


def test_schema_fields_all_have_chinese_descriptions():
    schema = read_schema(ROOT)
    for name, prop in schema["properties"].items():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in prop["description"]), name


def test_matcher_rules_name_only_known_codes(portal):
    # the loader refuses unknown codes (tests/test_data_files.py); this checks the real data loads that way
    vocabularies, config = portal.vocabularies, portal.matcher
    known = {"types": set(config.types.codes), "sizes": set(config.sizes.codes),
             "flags": set(config.flags.codes), "industries": set(vocabularies["industries"].codes)}
    for term in vocabularies["beneficiaries"].terms:
        rule = term.match.as_dict()
        assert rule, f"{term.code} has no match rule"
        for key, codes in rule.items():
            assert set(codes) <= known[key], (term.code, key)
    for need in config.needs.terms:
        assert set(need.categories) <= set(vocabularies["categories"].codes)
        assert set(need.support_type) <= set(vocabularies["support_type"].codes)


def test_every_record_is_in_the_search_index_once(built_site, portal):
    """Every article of every text: test_legal_library.py."""
    docs = []
    for chunk in sorted((built_site / "search-index").glob("docs-*.json"), key=lambda p: int(p.stem.split("-")[1])):
        docs += json.loads(chunk.read_text(encoding="utf-8"))
    urls = [d[0] for d in docs]
    for policy in portal.policies:
        assert urls.count(policy.url) == 1, policy.url
    manifest = json.loads((built_site / "search-index" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["docs"] == len(docs)
    assert len(list((built_site / "search-index").glob("shard-*.json"))) == manifest["shards"]


def test_dictionary_words_are_indexed_wherever_they_occur(portal):
    segmenter = portal_segmenter(portal)
    terms = segmenter.terms("为中小微企业办理增值税期末留抵退税，依照第三十二条，首次纳入规模以上统计")
    for word in ("小微企业", "留抵退税", "第三十二条", "中小微企业", "纳入规模以上统计"):
        assert word in terms
    assert "的" not in segmenter.terms("企业的奖励")  # stop words (data/search/stopwords.yml) are not indexed
