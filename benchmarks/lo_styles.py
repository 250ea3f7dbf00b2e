"""The styles of the LibreOffice editions (``benchmarks/lo_edition.py``): the paragraph,
heading, note, list and page styles of a flat ODT, in LibreOffice's look or Word's."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class Layout:
    """The styles of the edition (LibreOffice defaults where Word's are alike)."""

    font: str = "Liberation Serif"
    heading_font: str = "Liberation Sans"
    body_pt: float = 11.0
    note_pt: float = 9.0
    headings_pt: tuple[float, ...] = (16.0, 14.0, 12.0, 11.0)
    justified: bool = False
    header: str = ""  # a running header's text ("" for none)
    page_of_pages: bool = False  # footer « Page 3 sur 21 » instead of « 3 »
    bullet: str = "•"
    bullet_font: str = ""  # "" for LibreOffice's own (OpenSymbol)
    note_number_raised: bool = False  # the number in the note area raised too (as Word)
    heading_colour: str = ""  # e.g. "#2F5496" (Word's headings); "" for black
    rows_kept_together: bool = False  # a table row never broken across pages
    numbered_headings: bool = False  # « 1. », « 1.2 » before the headings (outline numbering)
    hyphenate: bool = False  # automatic hyphenation (needs Debian's hyphen-fr)
    tagged: bool = False  # a tagged PDF (Word's « Save as PDF » writes one)


#: LibreOffice's look: its default styles (Liberation Serif 11 pt, notes 9 pt)
LIBREOFFICE_LOOK = Layout()

#: Word's look: Arial-like body and headings in colour, justified, notes 10 pt over 11,
#: raised note numbers, Symbol-font bullets, a running header, « Page N sur M ».
WORD_LIKE = Layout(
    font="Liberation Sans",
    body_pt=11.0,
    note_pt=10.0,
    headings_pt=(16.0, 13.0, 12.0, 11.0),
    justified=True,
    header="Innovations en santé numérique en Normandie",
    page_of_pages=True,
    bullet="\uf0b7",
    bullet_font="Symbol",
    note_number_raised=True,
    heading_colour="#2F5496",
)


def styles(layout: Layout) -> str:
    """The ``office:font-face-decls``, ``office:styles``, automatic and master styles."""
    colour = f' fo:color="{layout.heading_colour}"' if layout.heading_colour else ""
    headings = "".join(
        f'<style:style style:name="Heading_20_{level}" style:display-name="Heading {level}" '
        'style:family="paragraph" style:parent-style-name="Heading" '
        'style:next-style-name="Text_20_body" '
        f'style:default-outline-level="{level}">'
        f'<style:text-properties fo:font-size="{size}pt" fo:font-weight="bold"{colour}/>'
        "</style:style>"
        for level, size in enumerate(layout.headings_pt, start=1)
    )
    align = ' fo:text-align="justify"' if layout.justified else ""
    raised = ' style:text-position="super 58%"' if layout.note_number_raised else ""
    bullet_font = (
        f'<style:text-properties style:font-name="{layout.bullet_font}"/>'
        if layout.bullet_font
        else ""
    )
    outline = _outline(layout.numbered_headings)
    if layout.hyphenate:
        align += ' fo:hyphenation-ladder-count="no-limit"'
    hyphens = ' fo:hyphenate="true"' if layout.hyphenate else ""
    return f"""
<office:font-face-decls>
 <style:font-face style:name="{layout.font}" svg:font-family="'{layout.font}'"/>
 <style:font-face style:name="{layout.heading_font}" svg:font-family="'{layout.heading_font}'"/>
 <style:font-face style:name="Symbol" svg:font-family="Symbol" style:font-charset="x-symbol"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:text-properties style:font-name="{layout.font}" fo:font-size="{layout.body_pt}pt"
    fo:language="fr" fo:country="FR"{hyphens}/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
 <style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph"
   style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.25cm"{align}/>
 </style:style>
 <style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard"
   style:next-style-name="Text_20_body">
  <style:paragraph-properties fo:margin-top="0.42cm" fo:margin-bottom="0.21cm"
    fo:keep-with-next="always"/>
  <style:text-properties style:font-name="{layout.heading_font}"/>
 </style:style>
 {headings}
 <style:style style:name="Footnote" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-left="0.6cm" fo:text-indent="-0.6cm"/>
  <style:text-properties fo:font-size="{layout.note_pt}pt"/>
 </style:style>
 <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center"/>
 </style:style>
 <style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="right"/>
  <style:text-properties fo:font-size="9pt" fo:color="#595959"/>
 </style:style>
 <style:style style:name="Table_20_Contents" style:display-name="Table Contents"
   style:family="paragraph" style:parent-style-name="Standard"/>
 <style:style style:name="Internet_20_link" style:display-name="Internet link"
   style:family="text"><style:text-properties fo:color="#000080"
   style:text-underline-style="solid"/></style:style>
 <style:style style:name="Footnote_20_Symbol" style:display-name="Footnote Symbol"
   style:family="text"><style:text-properties{raised}/></style:style>
 <style:style style:name="Footnote_20_anchor" style:display-name="Footnote anchor"
   style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>
 <text:notes-configuration text:note-class="footnote" text:citation-style-name="Footnote_20_Symbol"
   text:citation-body-style-name="Footnote_20_anchor" style:num-format="1" text:start-value="0"
   text:footnotes-position="page" text:start-numbering-at="document"/>
 {outline}
 <text:list-style style:name="Bullets">
  <text:list-level-style-bullet text:level="1" text:bullet-char="{layout.bullet}">
   <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
    <style:list-level-label-alignment text:label-followed-by="listtab"
      text:list-tab-stop-position="1.27cm" fo:text-indent="-0.635cm" fo:margin-left="1.27cm"/>
   </style:list-level-properties>{bullet_font}
  </text:list-level-style-bullet>
 </text:list-style>
</office:styles>
""" + _page_styles(layout)


def _page_styles(layout: Layout) -> str:
    """The page (A4, header and footer), the glossary table's styles."""
    header = (
        f'<style:header><text:p text:style-name="Header">{escape(layout.header)}</text:p>'
        "</style:header>"
        if layout.header
        else ""
    )
    keep = "always" if layout.rows_kept_together else "auto"
    number = '<text:page-number text:select-page="current">1</text:page-number>'
    footer = (
        f"Page {number} sur <text:page-count>1</text:page-count>"
        if layout.page_of_pages
        else number
    )
    breaks = "".join(
        f'<style:style style:name="{name}_20_break" style:family="paragraph" '
        f'style:parent-style-name="{name}"><style:paragraph-properties fo:break-before="page"/>'
        "</style:style>"
        for name in ("Text_20_body", "Standard", *(f"Heading_20_{n}" for n in range(1, 5)))
    )
    return f"""
<office:automatic-styles>
 {breaks}
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
    fo:margin-top="2cm" fo:margin-bottom="1.5cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.6cm"
    fo:margin-bottom="0.4cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.6cm"
    fo:margin-top="0.4cm"/></style:footer-style>
 </style:page-layout>
 <style:style style:name="Glossary" style:family="table">
  <style:table-properties style:width="16cm" table:align="left"/>
 </style:style>
 <style:style style:name="Glossary.A" style:family="table-column">
  <style:table-column-properties style:column-width="4cm"/>
 </style:style>
 <style:style style:name="Glossary.B" style:family="table-column">
  <style:table-column-properties style:column-width="12cm"/>
 </style:style>
 <style:style style:name="Glossary.cell" style:family="table-cell">
  <style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/>
 </style:style>
 <style:style style:name="Glossary.row" style:family="table-row">
  <style:table-row-properties fo:keep-together="{keep}"/>
 </style:style>
 <style:style style:name="Strong" style:family="text">
  <style:text-properties fo:font-weight="bold"/>
 </style:style>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1">
  {header}<style:footer><text:p text:style-name="Footer">{footer}</text:p></style:footer>
 </style:master-page>
</office:master-styles>
"""


def _outline(numbered: bool) -> str:
    """The headings' numbering: « 1. », « 1.1. », « 1.1.1. » when ``numbered``."""
    if not numbered:
        return ""
    levels = "".join(
        f'<text:outline-level-style text:level="{level}" style:num-format="1" '
        f'text:display-levels="{level}" style:num-suffix="{"." if level == 1 else ""}">'
        "<style:list-level-properties text:list-level-position-and-space-mode="
        '"label-alignment"><style:list-level-label-alignment text:label-followed-by="space"/>'
        "</style:list-level-properties></text:outline-level-style>"
        for level in range(1, 5)
    )
    return f'<text:outline-style style:name="Outline">{levels}</text:outline-style>'
