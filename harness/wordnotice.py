"""A realistic Word notice, fictitious (测试局), written with python-docx: what the import tests read
(tests/test_word_import.py) and the import benchmark times (bench/word_import.py)."""

from __future__ import annotations

import base64
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn

# A 1x1 PNG, to put a picture in a document.
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0g"
                         "AAAABJRU5ErkJggg==")


def save(document: Document, path: Path, used_styles_only: bool) -> Path:
    """``used_styles_only``: keep only the styles the text uses (with the defaults and those they build
    on). python-docx's template carries all 164 of Word's built-in styles, 790 KB of XML that mammoth
    takes a third of a second to read for each file; what it makes of the text is the same (the tests'
    choice; the benchmark times the template as it is)."""
    if used_styles_only:
        keep_used_styles(document)
    document.save(path)
    return path


def keep_used_styles(document: Document) -> None:
    styles = document.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in styles.findall(qn("w:style"))}
    keep = {element.get(qn("w:val")) for element in document.element.body.iter()
            if element.tag in (qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))}
    keep |= {name for name, style in by_id.items() if style.get(qn("w:default")) == "1"}
    pending = list(keep)
    while pending:
        style = by_id.get(pending.pop())
        for tag in ("w:basedOn", "w:link", "w:next"):
            other = style.find(qn(tag)) if style is not None else None
            if other is not None and other.get(qn("w:val")) not in keep:
                keep.add(other.get(qn("w:val")))
                pending.append(other.get(qn("w:val")))
    for name, style in by_id.items():
        if name not in keep:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for rel in list(document.part.rels.values()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(rel.rId)


def realistic_notice(path: Path, picture: bool = False, used_styles_only: bool = False) -> Path:
    d = docx.Document()
    d.add_paragraph("石首市测试局文件")
    d.add_paragraph("石测发[2021]2号")  # the common mistake: square brackets instead of 六角括号
    d.add_paragraph("石首市测试局关于印发测试企业奖励办法的通知")
    d.add_paragraph("各乡镇测试所，局属各单位：")
    d.add_paragraph("　　现将《测试企业奖励办法》印发给你们，请认真贯彻执行。")
    d.add_paragraph("")
    d.add_paragraph("")
    d.add_heading("第一章　总则", level=1)
    d.add_paragraph("　　第一条　为了测试导入功能，制定本办法。")
    d.add_paragraph("　　第二条\u3000\u3000本办法适用于测试企业。 ")
    d.add_paragraph("1. 对符合条件的测试企业给予奖励：")
    d.add_paragraph("首次纳入测试统计的，奖励1万元；", style="List Number")
    d.add_paragraph("连续两年纳入的，再奖励2万元。", style="List Number")
    p = d.add_paragraph("申请时请注意：")
    p.add_run("材料须真实").bold = True
    p.add_run("，逾期")
    p.add_run("不予受理").italic = True
    p.add_run("。")
    table = d.add_table(rows=3, cols=2)
    for r, row in enumerate([("奖励项目", "金额"), ("首次纳入", "1万元"), ("连续纳入", "2万元")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("• 营业执照复印件")
    d.add_paragraph("● 申请表")
    if picture:
        picture_file = path.parent / "pixel.png"
        picture_file.write_bytes(PIXEL)
        d.add_picture(str(picture_file))
    d.add_paragraph("　　本办法自2021年3月5日起施行，有效期至2023年12月31日。")
    d.add_paragraph("石首市测试局")
    d.add_paragraph("二〇二一年三月五日")
    return save(d, path, used_styles_only)


# -- automatic numbering ---------------------------------------------------------------------------

CLAUSES = """<w:abstractNum {ns} w:abstractNumId="{abstract}">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="space"/>
    <w:lvlText w:val="第%1条"/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/>
    <w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>"""


def add_numbering(document: Document, abstract_xml: str) -> int:
    """A list definition (w:abstractNum) and one w:num using it, in the document's numbering part;
    the w:numId to give paragraphs."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    abstracts = numbering.findall(qn("w:abstractNum"))
    nums = numbering.findall(qn("w:num"))
    abstract_id = max([int(a.get(qn("w:abstractNumId"))) for a in abstracts] + [-1]) + 1
    num_id = max([int(n.get(qn("w:numId"))) for n in nums] + [0]) + 1
    abstract = parse_xml(abstract_xml.format(ns=nsdecls("w"), abstract=abstract_id))
    if nums:
        nums[0].addprevious(abstract)  # every w:abstractNum before the first w:num, as the schema orders them
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                               "</w:num>"))
    return num_id


def numbered(paragraph, num_id: int, level: int = 0):
    """Give a paragraph Word's automatic numbering (w:numPr)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    properties = paragraph._p.get_or_add_pPr()
    properties.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
                                   "</w:numPr>"))
    return paragraph


def numbered_notice(path: Path, used_styles_only: bool = True) -> Path:
    """A notice whose clauses Word numbers itself (第%1条 in chineseCounting, items （%2）), a table between
    第三条 and 第四条 (the same list goes on after it), a signature and a date in Chinese numerals."""
    d = docx.Document()
    clauses = add_numbering(d, CLAUSES)
    d.add_paragraph("石首市测试局文件")
    d.add_paragraph("石测发〔2023〕5号")
    d.add_paragraph("石首市测试局关于印发测试企业补贴办法的通知")
    d.add_paragraph("各有关单位：")
    d.add_paragraph("　　现将《测试企业补贴办法》印发给你们，请遵照执行。")
    numbered(d.add_paragraph("为了测试自动编号，制定本办法。"), clauses)
    numbered(d.add_paragraph("本办法适用于测试企业。"), clauses)
    numbered(d.add_paragraph("补贴标准如下："), clauses)
    numbered(d.add_paragraph("首次纳入的，补贴1万元；"), clauses, 1)
    numbered(d.add_paragraph("连续纳入的，再补贴2万元。"), clauses, 1)
    table = d.add_table(rows=3, cols=2)
    for r, row in enumerate([("补贴项目", "金额"), ("首次纳入", "1万元"), ("连续纳入", "2万元")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    numbered(d.add_paragraph("本办法自二〇二三年五月一日起施行，有效期三年。"), clauses)
    numbered(d.add_paragraph("申请材料："), clauses)
    numbered(d.add_paragraph("申请表；"), clauses, 1)
    d.add_paragraph("石首市测试局")
    d.add_paragraph("二〇二三年四月二十日")
    return save(d, path, used_styles_only)
