"""Labels that match the sources (issue 21, the content audit): every legal-basis link is the portal's
own mapping and says so wherever it is shown, with the record's sentence it rests on (checked to be
the record's own words); a text's validity is shown only with its source; figures and names as the
report writes them; what the portal infers is shown as the portal's."""

from __future__ import annotations

import re

import pytest

from built import content, definitions, flat, norm, resolve, soup_of
from conftest import ROOT
from legal_documents import LAWS, NEW, OLD, document, page_url
from macros.core.problems import ContentError
from macros.load.portal import load_portal
from test_catalog_bad_records import line_of, problems, record_text, write

FILE = "docs/policies/kejing/{name}.md"
REASON = "legal_basis_reasons:\n  - article: sme-law#第八条\n    because: {because}"
BASIS = "legal_basis:\n  - sme-law#第八条\n"
MAPPED = "本门户归类"

# name -> (the record's legal_basis lines, pattern of the reported line or None, field, message)
REASON_CASES = [
    ("no reason", "legal_basis:\n  - sme-law#第八条", r"^  - sme-law#第八条$", "legal_basis[0]",
     "没有写明“sme-law#第八条”的归类依据；法律依据是本门户的归类（来源没有引用条文），页面要列出它所依据的记录原话；"
     "请在 legal_basis_reasons 中加一项；例如：- article: sme-law#第八条（下一行）because: 本记录中的一句原话"),
    ("a reason for an article not cited",
     BASIS + REASON.format(because="虚构正文") + "\n  - article: sme-law#第九条\n    because: 虚构正文",
     r"article: sme-law#第九条", "legal_basis_reasons[1].article",
     "“sme-law#第九条”不在 legal_basis 中；归类依据只能写 legal_basis 已列出的条文（sme-law#第八条）"),
    ("a reason and no legal basis", REASON.format(because="虚构正文"), r"article: sme-law#第八条",
     "legal_basis_reasons[0].article",
     "本记录没有 legal_basis，“sme-law#第八条”的归类依据无所依附；请把这条法律依据写进 legal_basis，或删除这一项"),
    ("a sentence the record does not have", BASIS + REASON.format(because="对企业给予奖励"), r"because: 对企业给予奖励",
     "legal_basis_reasons[0].because",
     "“对企业给予奖励”在本记录的标题、摘要、正文、支持额度和来源摘录中都找不到；请照抄本记录中的原话（标点也要一致）"),
    ("the body's words, spaces aside", BASIS + REASON.format(because="虚构 正文"), None, None, None),
    ("a source's passage", BASIS + REASON.format(because="虚构段落"), None, None, None),
    ("the summary", BASIS + REASON.format(because="只用于检查构建时的校验"), None, None, None),
]


@pytest.mark.parametrize("case, basis, pattern, field, message", REASON_CASES, ids=[c[0] for c in REASON_CASES])
def test_each_legal_basis_states_the_records_sentence(content_copy, case, basis, pattern, field, message):
    name = "kejing-ceshi-guilei"
    text = record_text(name, legal_basis=basis)
    write(content_copy, f"{name}.md", text)
    expected = [] if pattern is None else [f"{FILE.format(name=name)}:{line_of(text, pattern)}: {field}: {message}"]
    assert problems(content_copy) == expected


def test_a_validity_without_its_source_is_refused(content_copy):
    path = content_copy / "data" / "documents.yml"
    text = path.read_text(encoding="utf-8")
    hubei = text.index("- id: hubei-measures")
    changed = text[:hubei] + text[hubei:].replace("  validity: null\n", "  validity: 现行有效\n", 1)
    path.write_text(changed, encoding="utf-8")
    line = changed[:changed.index("  validity: 现行有效\n", hubei)].count("\n") + 1
    with pytest.raises(ContentError) as caught:
        load_portal(content_copy)
    assert [str(p) for p in caught.value.problems] == [
        f"data/documents.yml:{line}: [1].validity: 有效性“现行有效”没有写明出处；只有来源写明了现行效力才填写，"
        "并在 validity_source 写明是哪个来源（来源没有写明的，validity 写 null）；例如：validity_source: 国家法律法规数据库所列效力"]


# -- what the built pages show ----------------------------------------------------------------------

def record_words(policy) -> str:
    passages = [s.passage for s in policy.sources]
    amount = [policy.amount.text] if policy.amount else []
    return flat("\n".join([policy.title, policy.summary, policy.body, *amount, *passages]))


def mapping_of(item) -> tuple[str, str]:
    """(label, sentence) of one legal-basis link's 本门户归类 note."""
    note = item.select_one("[data-mapping=portal]")
    assert note is not None, item
    return norm(note.select_one(".portal-mapping__label").get_text()), norm(note.select_one("q").get_text())


def test_every_legal_basis_link_on_a_record_page_is_marked_as_the_portals_with_its_sentence(built_site, portal):
    cited = [p for p in portal.policies if p.legal_basis]
    assert cited
    for policy in cited:
        page = content(soup_of(built_site, policy.url))
        items = page.select(".portal-legal li")
        assert "本门户" in norm(page.select_one(".portal-legal-note").get_text())
        assert len(items) == len(policy.legal_basis), policy.id
        for ref, item in zip(policy.legal_basis, items, strict=True):
            law = portal.document(ref.law)
            assert resolve(policy.url, item.select_one("a")["href"]) == (law.url, ref.article)
            label, sentence = mapping_of(item)
            assert label == MAPPED and sentence == policy.legal_reason(ref), (policy.id, ref)
            assert flat(sentence) in record_words(policy), (policy.id, sentence)


def test_every_record_listed_under_a_law_article_is_marked_as_the_portals_with_its_sentence(built_site, portal):
    listed = 0
    for law in portal.laws:
        for section in content(soup_of(built_site, law.url)).select("section.law-article"):
            block = section.select_one(".law-policies")
            if block is None:
                continue
            assert "本门户" in norm(block.select_one(".law-policies__note").get_text())
            for item in block.select("li"):
                target = resolve(law.url, item.select_one("a")["href"])[0]
                policy = next(p for p in portal.policies if p.url == target)
                ref = next(r for r in policy.legal_basis if (r.law, r.article) == (law.id, section["id"]))
                assert mapping_of(item) == (MAPPED, policy.legal_reason(ref)), (law.id, section["id"], policy.id)
                listed += 1
    assert listed == sum(len(p.legal_basis) for p in portal.policies) > 0


@pytest.mark.parametrize("url", ["", "laws/"])
def test_the_home_and_laws_pages_say_the_mapping_is_the_portals(built_site, url):
    text = norm(content(soup_of(built_site, url)).get_text(" "))
    assert "本门户归类到该条的本地政策" in text and "不是政策来源写明的依据" in text
    assert "落实该条的本地政策" not in text


@pytest.mark.parametrize("doc", LAWS, ids=[d["id"] for d in LAWS])
def test_a_law_page_shows_a_validity_only_with_its_source(built_site, doc):
    block = content(soup_of(built_site, page_url(doc))).select_one("dl.portal-docblock")
    shown = definitions(block)["有效性"]
    source = block.select_one("[data-validity-source]")
    if doc is OLD:
        assert shown.startswith("已被修订") and source is None
    elif doc.get("validity"):
        assert doc.get("validity_source") and norm(source.get_text()) == f"有效性出处：{doc['validity_source']}"
    else:
        assert shown == "来源未写明（以官方来源为准）" and source is None


def test_the_hubei_measures_have_no_validity_and_name_no_office():
    hubei = document("hubei-measures")
    assert hubei["validity"] is None and hubei["issuer_note"]
    assert "科学技术和经济信息化局" not in hubei["pending_note"] + hubei["provenance"]


def test_the_2025_text_does_not_show_the_2020_texts_publication_date(built_site):
    shown = definitions(content(soup_of(built_site, page_url(NEW))).select_one("dl.portal-docblock"))
    assert OLD["published"] not in shown.get("公布日期", "") and NEW["document_number"] in shown["文号"]


def test_the_guarantee_fee_amount_is_the_cut_the_report_states(built_site, portal):
    policy = portal.policy("xingye-danbao-danbaofei-xiatiao")
    rates = re.fullmatch(r".*由([\d.]+)%下降至([\d.]+)%", policy.amount.text)
    assert rates and flat(policy.amount.text) in flat((ROOT / "data" / "texts" / "shishou-2022-sme-report.md")
                                                     .read_text(encoding="utf-8"))
    assert policy.amount.value == round(float(rates.group(1)) - float(rates.group(2)), 2) == 0.5
    shown = norm(content(soup_of(built_site, policy.url)).select_one(".portal-amount").get_text())
    assert shown.startswith("0.5个百分点")


def test_what_the_portal_infers_is_shown_as_the_portals(built_site, portal):
    inferred = [p for p in portal.policies if p.portal_inferred]
    assert {p.department for p in inferred} == {"shuiwu"}
    for policy in inferred:
        note = content(soup_of(built_site, policy.url)).select_one(".portal-inferred")
        titles = [portal.contract.field(name).title for name in policy.portal_inferred]
        assert note is not None and all(f"“{t}”" in note.get_text() for t in titles) and MAPPED in note.get_text()


def test_the_report_line_says_where_the_other_documents_facts_come_from(built_site, portal):
    dated = [p for p in portal.policies if content(soup_of(built_site, p.url)).select_one(".portal-dated")]
    assert dated
    for policy in dated:
        text = norm(content(soup_of(built_site, policy.url)).select_one(".portal-dated").get_text())
        assert "只来自" not in text
        for source in policy.sources:
            if not source.url or not source.url.startswith("/reports/"):
                assert f"“{source.document}”" in text, (policy.id, source.document)


def test_records_whose_sources_name_no_beneficiary_say_so(portal):
    for policy in portal.policies:
        if policy.department == "weishuoming":
            assert policy.beneficiaries == ("weishuoming",), policy.id
    assert portal.term("beneficiaries", "weishuoming").name == "对象未写明"


def test_the_report_names_the_guarantee_company_as_the_records_do(portal):
    report = flat((ROOT / "data" / "texts" / "shishou-2022-sme-report.md").read_text(encoding="utf-8"))
    name = portal.term("department", "xingye-danbao").name
    assert name == portal.policy("xingye-danbao-danbaofei-xiatiao").implementer == "市兴业担保公司"
    assert name in report and "石首市兴业担保公司" not in report
