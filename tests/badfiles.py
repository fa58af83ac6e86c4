"""The bad inputs of issue 14, made at test time in a folder (``tmp_path``): nothing large is committed.

Every maker takes a folder, writes its file(s) there and returns the path to hand to ``ingest``
(or to ``extract``).  The bombs are written in a second or two: their compressed streams are one
compressed block repeated (a raw deflate block ended by a full flush decodes on its own), and
their checksums are computed without inflating them in memory.

``CASES`` is the table the tests share: name → :class:`Case` (the maker, what ``ingest`` should
report for the file, a phrase the stored text must keep when it is added, whether it is a bomb
whose peak memory is measured).  A test of one helper's part picks the rows it needs:

>>> sorted(name for name, case in CASES.items() if case.bomb)
['docx_bomb', 'pdf_bomb', 'zip_bomb_member']
>>> CASES["fifo"].expect, CASES["big5_text"].expect
('failed', 'added')

Some inputs are folders, not files, and are left out of the table: ``symlink_loop`` (a folder that
links to itself), ``unreadable_folder`` (a sub-folder that cannot be listed); ``random_bytes`` makes
random bytes under any suffix, ``good_notice`` and ``good_samples`` the good files of a mixed batch.

The Chinese of the notices is made traditional by a small character map (``to_traditional``):

>>> to_traditional("城乡居民个人缴费标准")
'城鄉居民個人繳費標準'
"""

from __future__ import annotations

import io
import os
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "samples"
MB = 1024 * 1024

# A short notice with the figures the extractor reads: the good file of a mixed batch, and the
# text inside the bad containers (deep HTML, Big5, the bombs).
NOTICE = """关于做好2023年城乡居民基本医疗保障工作的通知
各市医疗保障局、财政局：
一、筹资标准。全省人均财政补助标准达到640元，个人缴费标准达到380元。
二、待遇保障。政策范围内住院费用支付比例稳定在70%左右。
省医疗保障局
2023年7月20日
"""
NOTICE_PHRASE = "个人缴费标准达到380元"

# Simplified → traditional, pairs of characters: enough for NOTICE and the bundled samples
# (a character not in the map is the same in both scripts, or rare in these notices).
_PAIRS = (
    "万萬与與专專业業东東两兩严嚴丧喪个個为為乡鄉书書买買乱亂争爭于於亏虧云雲亚亞产產亿億仅僅从從仓倉价價众眾"
    "优優会會伤傷体體佣傭侧側债債倾傾偿償储儲儿兒党黨兑兌兰蘭关關兴興养養册冊写寫军軍农農冲衝决決况況净淨准準"
    "减減凭憑处處击擊刘劉则則刚剛创創别別剂劑剧劇劝勸办辦务務动動励勵劲勁劳勞势勢区區医醫华華协協单單卖賣卫衛"
    "却卻厅廳历歷压壓县縣参參双雙发發变變叶葉号號后後吗嗎启啟员員响響团團园園围圍国國图圖圆圓场場坏壞块塊坚堅"
    "复復头頭妇婦学學宁寧实實审審宽寬对對导導寿壽将將尽盡层層届屆属屬岁歲岭嶺巩鞏币幣帐帳师師帮幫广廣庆慶库庫"
    "应應废廢开開异異张張弹彈强強归歸当當录錄彻徹总總户戶扩擴执執扫掃抚撫报報担擔拟擬拨撥择擇据據护護时時显顯"
    "暂暫术術机機权權杂雜条條来來极極构構标標档檔桥橋检檢楼樓樱櫻欢歡残殘毕畢气氣汇匯沪滬测測济濟满滿滞滯灭滅"
    "点點热熱爱愛独獨环環现現电電画畫疗療监監盖蓋确確础礎码碼礼禮种種积積称稱税稅稳穩筹籌签簽简簡类類粤粵紧緊"
    "级級纪紀约約纳納纸紙线線组組细細织織终終经經结結给給绝絕统統继繼续續编編缘緣缴繳网網罗羅职職联聯胜勝脱脫"
    "脑腦节節芜蕪范範荥滎药藥获獲营營萨薩补補装裝见見观觀规規视視览覽计計订訂认認讨討让讓议議讯訊记記讲講许許"
    "论論设設访訪证證评評识識诉訴诊診词詞译譯试試询詢该該详詳语語误誤说說请請读讀课課调調谈談谢謝负負贡貢财財"
    "责責贤賢败敗账賬货貨质質贫貧贯貫贴貼贷貸费費资資赔賠转轉轮輪软軟轻輕载載较較辅輔辖轄辽遼边邊达達过過运運"
    "还還这這进進远遠违違连連迁遷选選递遞逻邏遗遺邮郵郑鄭释釋钱錢银銀销銷镇鎮长長门門问問闭閉间間阅閱队隊阳陽"
    "阶階际際陆陸陈陳险險随隨隐隱难難页頁顶頂项項顺順须須预預领領颁頒频頻题題额額风風饮飲马馬验驗齐齊龄齡龙龍"
    "无無车車购購虑慮虽雖衔銜婴嬰钟鐘内內"
)
S2T = {_PAIRS[i]: _PAIRS[i + 1] for i in range(0, len(_PAIRS), 2)}



# Source of ``peak_mb()`` for the code of a child process that measures its own peak memory: VmHWM
# belongs to the program exec'd, while Linux carries ru_maxrss over fork and exec, so that a child of
# a pytest process grown to a gigabyte would report a gigabyte whatever it read.
PEAK_MB = """
def peak_mb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

def to_traditional(text: str) -> str:
    """The text in traditional characters (one character for one: offsets are kept).

    >>> to_traditional("财政补助标准640元")
    '財政補助標準640元'
    """
    return "".join(S2T.get(ch, ch) for ch in text)


# --- writing containers by hand ---------------------------------------------------------------


def _repeated_deflate(prefix: bytes, fill: bytes, count: int, suffix: bytes) -> bytes:
    """A raw deflate stream of prefix + fill × count + suffix, its size that of one block of fill.

    A fresh compressor ended by a full flush makes a block that refers to nothing before it, so
    the same block written ``count`` times inflates to ``count`` copies of ``fill``.

    >>> zlib.decompress(_repeated_deflate(b"a", b"xy", 3, b"b"), -15)
    b'axyxyxyb'
    """

    def block(data: bytes, final: bool = False) -> bytes:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return c.compress(data) + c.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)

    return block(prefix) + block(fill) * count + block(suffix, final=True)


def _adler32_of_runs(prefix: bytes, byte: int, length: int, suffix: bytes) -> int:
    """zlib's Adler-32 of prefix + ``length`` copies of one byte + suffix, without making them.

    >>> _adler32_of_runs(b"ab", 32, 1000, b"c") == zlib.adler32(b"ab" + b" " * 1000 + b"c")
    True
    """
    mod = 65521
    start = zlib.adler32(prefix)
    a, b = start & 0xFFFF, start >> 16
    b = (b + length * a + byte * length * (length + 1) // 2) % mod
    a = (a + length * byte) % mod
    return zlib.adler32(suffix, (b << 16) | a)


def _crc32_of_runs(prefix: bytes, fill: bytes, count: int, suffix: bytes) -> int:
    """The CRC-32 a zip member of prefix + fill × count + suffix declares (computed chunk by chunk)."""
    crc = zlib.crc32(prefix)
    for _ in range(count):
        crc = zlib.crc32(fill, crc)
    return zlib.crc32(suffix, crc)


@dataclass(frozen=True)
class Member:
    """One member of a zip written by hand: its bytes as stored, and what its headers declare."""

    name: str
    stored: bytes  # the member's data as it sits in the archive (compressed, or encrypted)
    size: int  # the size it declares once inflated
    crc: int
    method: int = zipfile.ZIP_DEFLATED  # 0 stored, 8 deflate, 9 Deflate64
    flags: int = 0  # bit 0: encrypted


def member(name: str, data: bytes, *, method: int = zipfile.ZIP_DEFLATED, flags: int = 0) -> Member:
    """A member holding ``data``, deflated (or stored) as zipfile would.

    >>> m = member("a.txt", b"hello"); (m.size, m.method, len(m.stored) > 0)
    (5, 8, True)
    """
    if method == zipfile.ZIP_STORED:
        stored = data
    else:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        stored = c.compress(data) + c.flush()
    return Member(name, stored, len(data), zlib.crc32(data), method, flags)


def write_zip(path: Path, members: list[Member]) -> Path:
    """A zip archive of ``members`` exactly as declared (sizes under 4 GB: no zip64).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_zip(Path(tmp) / "a.zip", [member("a.txt", "城乡".encode())])
    ...     zipfile.ZipFile(path).read("a.txt").decode()
    '城乡'
    """
    out, central = bytearray(), bytearray()
    for m in members:
        name = m.name.encode("utf-8")
        flags = m.flags | 0x800  # names in UTF-8
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, m.method, 0, 0x21, m.crc, len(m.stored), m.size,
                           len(name), 0) + name + m.stored
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, m.method, 0, 0x21, m.crc,
                               len(m.stored), m.size, len(name), 0, 0, 0, 0, 0, offset) + name
    start = len(out)
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0)
    path.write_bytes(bytes(out))
    return path


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF written by hand: objects 1…n, a correct cross-reference table, object 1 the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _docx_parts() -> dict[str, bytes]:
    """The parts of an empty python-docx document, by name."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _paragraphs_xml(text: str) -> bytes:
    """WordprocessingML paragraphs, one a line of ``text``."""
    from xml.sax.saxutils import escape

    return "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in text.splitlines()).encode("utf-8")


def _write_docx(path: Path, document_xml: Member) -> Path:
    """A .docx of python-docx's parts with ``document_xml`` as word/document.xml."""
    parts = _docx_parts()
    members = [document_xml if name == "word/document.xml" else member(name, data) for name, data in parts.items()]
    return write_zip(path, members)


# --- the makers: one a case of the issue ------------------------------------------------------


def good_notice(folder: Path, name: str = "good.txt") -> Path:
    """A notice every reader stores: the file after the bad one in a mixed batch."""
    path = folder / name
    path.write_text(NOTICE, "utf-8")
    return path


def good_samples(folder: Path, count: int = 3) -> list[Path]:
    """Copies of the first ``count`` bundled sample notices (corpus/samples), under names that sort last."""
    paths = []
    for i, sample in enumerate(sorted(SAMPLES.glob("[1-6]*.txt"))[:count]):
        path = folder / f"zz_{i}_{sample.name}"
        path.write_bytes(sample.read_bytes())
        paths.append(path)
    return paths


def password_member(folder: Path) -> Path:
    """A zip whose notice member is encrypted (zipfile: RuntimeError, a password is required),
    followed by a good member that must still be stored."""
    secret = bytes(random.Random(1).randbytes(12)) + "城乡居民医保".encode()  # a ZipCrypto header, then data
    return write_zip(folder / "password.zip", [
        Member("secret.txt", secret, 18, 0x12345678, zipfile.ZIP_STORED, flags=0x1),
        member("after.txt", NOTICE.encode("utf-8")),
    ])


def deflate64_member(folder: Path) -> Path:
    """A zip whose notice member says Deflate64 (method 9; zipfile: NotImplementedError), then a good member."""
    data = NOTICE.encode("utf-8")
    m = member("deflate64.txt", data)
    return write_zip(folder / "deflate64.zip", [
        Member(m.name, m.stored, m.size, m.crc, method=9),
        member("after.txt", NOTICE.replace("380元", "390元").encode("utf-8")),
    ])


def chinese_numerals(folder: Path, count: int = 4400) -> Path:
    """A notice with a run of 4,400 Chinese digits where a figure stands (int() refuses over 4,300 digits)."""
    digits = "一二三四五六七八九〇"
    run = "".join(digits[i % 10] for i in range(count))
    path = folder / "numerals.txt"
    path.write_text(NOTICE.replace("380元", f"{run}元"), "utf-8")
    return path


def long_sentence(folder: Path, chars: int = 1_000_010) -> Path:
    """A notice with one sentence over 1,000,000 characters (spaCy refuses such a text: E088)."""
    filler = "城乡居民基本医疗保险参保缴费"
    sentence = "个人缴费标准达到380元" + filler * (chars // len(filler) + 1)
    path = folder / "long_sentence.txt"
    path.write_text(NOTICE.replace("个人缴费标准达到380元", sentence), "utf-8")
    return path


def fifo(folder: Path) -> Path:
    """A named pipe called like a notice: reading it waits for a writer that never comes."""
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def dev_zero(folder: Path) -> Path:
    """A link to /dev/zero called like a notice: it never ends."""
    path = folder / "zero.txt"
    path.symlink_to("/dev/zero")
    return path


def dev_urandom(folder: Path) -> Path:
    """A link to /dev/urandom called like a notice: it never ends either."""
    path = folder / "urandom.html"
    path.symlink_to("/dev/urandom")
    return path


def symlink_loop(folder: Path) -> Path:
    """A folder holding a link to itself and a link to a link to itself, and one good notice."""
    inner = folder / "loop"
    inner.mkdir()
    (inner / "again").symlink_to(inner, target_is_directory=True)
    (inner / "self.txt").symlink_to(inner / "self.txt")
    good_notice(inner)
    return inner


def unreadable_folder(folder: Path) -> Path:
    """A folder with a sub-folder that cannot be listed (mode 000) beside a good notice.

    Root lists it all the same: a test run as root makes the listing fail another way (monkeypatch)."""
    top = folder / "batch"
    top.mkdir()
    locked = top / "locked"
    locked.mkdir()
    good_notice(locked, "hidden.txt")
    good_notice(top)
    locked.chmod(0)
    return top


def pdf_bomb(folder: Path, inflated: int = 1024 * MB) -> Path:
    """A PDF of ~1 MB whose one content stream inflates to 1 GB (text, then spaces)."""
    prefix = b"BT /F1 12 Tf 72 720 Td (Notice 2023) Tj ET\n"
    fill = b" " * MB
    count = inflated // MB
    body = b"\x78\xda" + _repeated_deflate(prefix, fill, count, b"") + struct.pack(">I", _adler32_of_runs(prefix, 32, count * MB, b""))
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(body), body)
    path = folder / "bomb.pdf"
    path.write_bytes(raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        stream,
    ]))
    return path


def docx_bomb(folder: Path, inflated: int = 2048 * MB) -> Path:
    """A .docx of ~2 MB whose word/document.xml inflates to 2 GB: the notice, then spaces."""
    head = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ' + W_NS + b"><w:body>"
    prefix = head + _paragraphs_xml(NOTICE)
    suffix = b"</w:body></w:document>"
    fill = b" " * MB
    count = (inflated - len(prefix) - len(suffix)) // MB
    stored = _repeated_deflate(prefix, fill, count, suffix)
    size = len(prefix) + count * MB + len(suffix)
    return _write_docx(folder / "bomb.docx", Member("word/document.xml", stored, size,
                                                   _crc32_of_runs(prefix, fill, count, suffix)))


def zip_bomb_member(folder: Path, inflated: int = 1024 * MB) -> Path:
    """A zip of ~1 MB whose notice member inflates to 1 GB of spaces, then a good member."""
    prefix = NOTICE.encode("utf-8")
    fill = b" " * MB
    count = inflated // MB
    return write_zip(folder / "bomb.zip", [
        Member("bomb.txt", _repeated_deflate(prefix, fill, count, b""), len(prefix) + count * MB,
               _crc32_of_runs(prefix, fill, count, b"")),
        member("after.txt", NOTICE.replace("640元", "650元").encode("utf-8")),
    ])


def docx_million_paragraphs(folder: Path, paragraphs: int = 1_000_000) -> Path:
    """A small .docx of a million short paragraphs (after the notice's own)."""
    head = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ' + W_NS + b"><w:body>"
    body = _paragraphs_xml(NOTICE) + b"".join(
        b"<w:p><w:r><w:t>%d</w:t></w:r></w:p>" % (i % 97) for i in range(paragraphs))
    return _write_docx(folder / "paragraphs.docx", member("word/document.xml", head + body + b"</w:body></w:document>"))


def text_50mb(folder: Path, size: int = 50 * MB - 1024) -> Path:
    """A text just under the 50 MB limit: the notice, then its paragraphs over and over."""
    paragraph = "二、待遇保障。政策范围内住院费用支付比例稳定在70%左右。\n".encode("utf-8")
    head = NOTICE.encode("utf-8")
    path = folder / "big.txt"
    with path.open("wb") as fh:
        fh.write(head)
        fh.write(paragraph * ((size - len(head)) // len(paragraph)))
    return path


def many_figures(folder: Path, count: int = 1600) -> Path:
    """A notice with one sentence of ``count`` figures (binding was quadratic in them)."""
    figures = "，".join(f"第{i + 1}类人员个人缴费{100 + i}元" for i in range(count))
    path = folder / f"figures_{count}.txt"
    path.write_text(NOTICE.replace("个人缴费标准达到380元", f"个人缴费标准为：{figures}"), "utf-8")
    return path


def figures_400(folder: Path) -> Path:
    """One sentence of 400 figures."""
    return many_figures(folder, 400)


def figures_800(folder: Path) -> Path:
    """One sentence of 800 figures."""
    return many_figures(folder, 800)


def figures_1600(folder: Path) -> Path:
    """One sentence of 1,600 figures: it must read in under a second."""
    return many_figures(folder, 1600)


def deep_html(folder: Path, depth: int = 300) -> Path:
    """A web page whose notice sits inside 300 nested divs (lxml drops what is deeper than ~254)."""
    body = "".join(f"<p>{line}</p>" for line in NOTICE.splitlines())
    html = f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>通知</title></head><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>"
    path = folder / "deep.html"
    path.write_text(html, "utf-8")
    return path


def random_html(folder: Path, size: int = 64 * 1024) -> Path:
    """Random bytes named .html: not a notice, whatever the name says."""
    path = folder / "random.html"
    path.write_bytes(random.Random(14).randbytes(size))
    return path


def random_bytes(folder: Path, suffix: str, size: int = 64 * 1024, seed: int = 14) -> Path:
    """Random bytes under any notice suffix (.txt, .pdf, .docx, .html)."""
    path = folder / f"random{suffix}"
    path.write_bytes(random.Random(seed).randbytes(size))
    return path


def big5_text(folder: Path) -> Path:
    """The notice in traditional characters, encoded Big5 (read as GB18030 it is mojibake)."""
    path = folder / "big5.txt"
    path.write_bytes(to_traditional(NOTICE).encode("big5"))
    return path


def pdf_no_tounicode(folder: Path) -> Path:
    """A PDF of the notice in an embedded CJK font whose /ToUnicode map was taken out: its text layer
    is glyph numbers, not characters.  Needs fpdf2 and Noto Sans CJK (None without the font)."""
    font = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    if not font.exists():
        return None
    import re

    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("cjk", fname=str(font))
    pdf.set_font("cjk", size=12)
    pdf.add_page()
    for line in NOTICE.splitlines():
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_compression(False)
    data = bytes(pdf.output())
    # Blank the entry where it stands, so that every offset of the cross-reference table still holds.
    data = re.sub(rb"/ToUnicode \d+ 0 R", lambda m: b" " * len(m.group()), data)
    path = folder / "no_tounicode.pdf"
    path.write_bytes(data)
    return path


def pdf_random_glyphs(folder: Path, lines: int = 12, per_line: int = 30) -> Path:
    """A PDF whose font (Adobe-GB1, no /ToUnicode, not embedded) draws glyph numbers picked at random:
    its text layer reads as Chinese characters in no order, text that no reader can tell from a notice
    by its script alone."""
    rng = random.Random(7)
    content = b"\n".join(
        b"BT /F1 12 Tf 50 %d Td <%s> Tj ET" % (780 - 20 * y, b"".join(b"%04X" % rng.randrange(1000, 7000) for _ in range(per_line)))
        for y in range(lines))
    path = folder / "random_glyphs.pdf"
    path.write_bytes(raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]))
    return path


def huge_figure(folder: Path, digits: int = 400) -> Path:
    """A notice whose contribution has 400 digits (a float of it is Infinity)."""
    path = folder / "huge_figure.txt"
    path.write_text(NOTICE.replace("380元", "9" * digits + "元"), "utf-8")
    return path


def traditional_notice(folder: Path, sample: str = "21_beijing_2023.txt") -> Path:
    """A bundled sample with its characters made traditional (財政補助標準), UTF-8."""
    path = folder / f"traditional_{sample}"
    path.write_text(to_traditional((SAMPLES / sample).read_text("utf-8")), "utf-8")
    return path


# --- the table ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One bad input: how to make it, and what ingest should say of it.

    ``expect``: ``failed`` (one line naming the file and the reason), ``added`` (stored, and the
    stored text keeps ``keeps``), or ``either`` (stored, or refused in one line: never a crash, never
    a hang).  ``bomb``: its peak memory is measured.  ``slow``: it takes seconds to make or read."""

    make: Callable[[Path], Path]
    expect: str
    keeps: str | None = None
    reason: str | None = None  # a phrase the failure's reason should hold
    bomb: bool = False
    slow: bool = False
    owner: str = ""  # the part of issue 14 whose files make the case pass (readers, figures, ingest …)


CASES: dict[str, Case] = {
    "password_member": Case(password_member, "failed", reason="password", owner="ingest"),
    "deflate64_member": Case(deflate64_member, "failed", reason="Deflate64", owner="ingest"),
    "chinese_numerals": Case(chinese_numerals, "added", owner="figures"),
    "long_sentence": Case(long_sentence, "added", keeps="个人缴费标准达到380元", slow=True, owner="figures"),
    "fifo": Case(fifo, "failed", reason="not a regular file", owner="ingest"),
    "dev_zero": Case(dev_zero, "failed", reason="not a regular file", owner="ingest"),
    "dev_urandom": Case(dev_urandom, "failed", reason="not a regular file", owner="ingest"),
    "pdf_bomb": Case(pdf_bomb, "failed", bomb=True, slow=True, owner="readers"),
    "docx_bomb": Case(docx_bomb, "failed", bomb=True, slow=True, owner="readers"),
    "zip_bomb_member": Case(zip_bomb_member, "failed", bomb=True, owner="ingest"),
    "docx_million_paragraphs": Case(docx_million_paragraphs, "either", slow=True, owner="readers"),
    "text_50mb": Case(text_50mb, "either", slow=True, owner="readers"),
    "figures_400": Case(figures_400, "added", owner="figures"),
    "figures_800": Case(figures_800, "added", owner="figures"),
    "figures_1600": Case(figures_1600, "added", owner="figures"),
    "deep_html": Case(deep_html, "either", keeps=NOTICE_PHRASE, owner="readers"),
    "random_html": Case(random_html, "failed", owner="readers"),
    "big5_text": Case(big5_text, "added", keeps=to_traditional(NOTICE_PHRASE), owner="readers"),
    "pdf_no_tounicode": Case(pdf_no_tounicode, "failed", owner="readers"),
    "pdf_random_glyphs": Case(pdf_random_glyphs, "failed", owner="readers"),
    "huge_figure": Case(huge_figure, "added", owner="figures"),
    "traditional_notice": Case(traditional_notice, "added", keeps="財政補助", owner="traditional"),
}
